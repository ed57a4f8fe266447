import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { importError, type ImportedBatch, type ImportKind } from './model'
import { isMlflowFileStore, readMlflowFiles } from './mlflow-files'
import { readMlflowSqlite } from './mlflow-sqlite'
import { readJsonl } from './jsonl'
import { readOptunaJournal } from './optuna-journal'
import { readOptunaSqlite } from './optuna-sqlite'
import { isSqliteFile, tablesOf } from './sqlite-source'
import { readTableCsv, type TableImportOptions } from './table-csv'
import { readWandbCsv } from './wandb-csv'

export interface ReadSourceOptions extends TableImportOptions {
  kind?: ImportKind
  /** Only this Optuna study. */
  study?: string
}

/** Which tool wrote `path`: a folder is an MLflow file store; a file is told by its first bytes and tables. */
export function detectKind(path: string): ImportKind | undefined {
  if (statSync(path).isDirectory()) return isMlflowFileStore(path) ? 'mlflow' : undefined
  if (isSqliteFile(path)) {
    const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true })
    try {
      const tables = tablesOf(db)
      if (tables.has('trials') && tables.has('trial_params')) return 'optuna'
      if (tables.has('runs') && tables.has('metrics') && tables.has('params')) return 'mlflow'
      return undefined
    } finally {
      db.close()
    }
  }
  const head = firstLine(path)
  if (head.startsWith('{')) return /"op_code"\s*:/.test(head) ? 'optuna' : 'jsonl'
  if (/^\uFEFF?"?Name"?,"?State"?,/.test(head)) return 'wandb'
  return /[,\t;]/.test(head) ? 'csv' : undefined
}

function firstLine(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(4096)
    const n = readSync(fd, buf, 0, buf.length, 0)
    return buf.subarray(0, n).toString('utf8').split('\n')[0] ?? ''
  } finally {
    closeSync(fd)
  }
}

/** Reads every run of a source into memory, touching nothing: a bad file stops here, before any write. */
export function readSource(input: string, options: ReadSourceOptions = {}): ImportedBatch {
  const path = resolve(input)
  if (!existsSync(path)) throw importError('imports.notFound', { file: path })
  const kind = options.kind ?? detectKind(path)
  if (!kind) throw importError('imports.unknownKind', { file: path })
  const dir = statSync(path).isDirectory()
  switch (kind) {
    case 'optuna':
      return isSqliteFile(path) ? readOptunaSqlite(path, options) : readOptunaJournal(path, options)
    case 'mlflow':
      return dir ? readMlflowFiles(path) : readMlflowSqlite(path)
    case 'wandb':
      return readWandbCsv(path)
    case 'csv':
      return readTableCsv(path, options)
    case 'jsonl':
      return readJsonl(path)
  }
}
