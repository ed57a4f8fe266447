import BetterSqlite3 from 'better-sqlite3'
import { closeSync, openSync, readSync } from 'node:fs'
import { importError } from './model'

/** True when the file starts with SQLite's header. */
export function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r')
  try {
    const head = Buffer.alloc(16)
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\u0000'
  } finally {
    closeSync(fd)
  }
}

/** Another tool's database, opened read-only: an import never writes to its source. */
export function openForeignSqlite(file: string): BetterSqlite3.Database {
  if (!isSqliteFile(file)) throw importError('imports.notSqlite', { file })
  return new BetterSqlite3(file, { readonly: true, fileMustExist: true })
}

export function tablesOf(db: BetterSqlite3.Database): Set<string> {
  return new Set(db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all())
}

export function requireTables(db: BetterSqlite3.Database, file: string, tool: string, tables: string[]): void {
  const have = tablesOf(db)
  const missing = tables.find((t) => !have.has(t))
  if (missing) throw importError('imports.missingTable', { file, tool, table: missing })
}
