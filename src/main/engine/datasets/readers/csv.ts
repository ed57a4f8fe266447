import { open } from 'node:fs/promises'
import { basename } from 'node:path'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg, type CodedMessage } from '../../../../shared/messages'

/**
 * Comma-separated text with a header row (RFC 4180: quoted fields, "" inside quotes, newlines in
 * quotes, CRLF or LF). Blank lines are skipped; every error names the file and line.
 */
export interface CsvTable {
  header: string[]
  records: string[][]
  /** The 1-based file line each record starts on. */
  lines: number[]
}

/** A DATASET_INVALID error about `file`, its message starting with the file's name. */
export function csvError(file: string, problem: CodedMessage | string, extra: Record<string, unknown> = {}): AppError {
  const message = msg('common.inFile', { file: basename(file), problem })
  return AppError.coded('DATASET_INVALID', message, { file, ...extra, issues: [codedIssue('dataset', message)] })
}

interface ParseLimits {
  /** Stop after this many records (the header counts as one). */
  maxRecords?: number
}

function parseRecords(text: string, file: string, limits: ParseLimits = {}): { records: string[][]; lines: number[] } {
  const records: string[][] = []
  const lines: number[] = []
  let fields: string[] = []
  let field = ''
  let line = 1
  let startLine = 1
  let inQuotes = false
  let quotedAt = 0
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRecord = (): void => {
    fields.push(field)
    // A line with nothing on it is not a record.
    if (!(fields.length === 1 && fields[0] === '')) {
      records.push(fields)
      lines.push(startLine)
    }
    fields = []
    field = ''
  }
  for (; i < text.length; i++) {
    if (limits.maxRecords !== undefined && records.length >= limits.maxRecords) break
    const c = text[i]
    if (inQuotes) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else inQuotes = false
      } else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === '"' && field === '') {
      inQuotes = true
      quotedAt = line
    } else if (c === ',') {
      fields.push(field)
      field = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord()
      line++
      startLine = line
    } else field += c
  }
  if (inQuotes) throw csvError(file, msg('file.at', { place: msg('common.atLine', { line: quotedAt }), problem: msg('file.unclosedQuote') }), { line: quotedAt })
  if (field !== '' || fields.length) endRecord()
  return { records, lines }
}

/** Parses a whole CSV text; records must have as many fields as the header. */
export function parseCsv(text: string, file: string): CsvTable {
  const { records, lines } = parseRecords(text, file)
  if (!records.length) throw csvError(file, msg('file.emptyNoHeader'))
  const header = records[0].map((h) => h.trim())
  for (let r = 1; r < records.length; r++) {
    if (records[r].length !== header.length) {
      throw csvError(file, msg('file.lineFieldCount', { line: lines[r], count: records[r].length, width: header.length }), {
        line: lines[r]
      })
    }
  }
  return { header, records: records.slice(1), lines: lines.slice(1) }
}

/** Reads only the header row (the first 1 MiB at most), for checks that must stay cheap. */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r')
  try {
    const buf = Buffer.alloc(1 << 20)
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0)
    const { records } = parseRecords(buf.subarray(0, bytesRead).toString('utf8'), path, { maxRecords: 1 })
    if (!records.length) throw csvError(path, msg('file.emptyNoHeader'))
    return records[0].map((h) => h.trim())
  } finally {
    await handle.close()
  }
}
