import type { AppError } from '../../../shared/errors'
import { csvError } from './readers/csv'

/** Where in a file a problem is: 1-based line and column (characters), when they apply. */
export interface Place {
  line?: number
  column?: number
}

/**
 * A DATASET_INVALID error whose message starts with the file name, then the line and column, so a
 * user can open the file at the spot; `details` carries them as numbers for a UI to link.
 */
export function datasetError(file: string, message: string, place: Place = {}): AppError {
  const at = [place.line !== undefined ? `line ${place.line}` : '', place.column !== undefined ? `column ${place.column}` : '']
    .filter(Boolean)
    .join(', ')
  return csvError(file, at ? `${at}: ${message}` : message, { ...place })
}

/** Why a file could not be opened or looked at, from the system's error code, for a user to act on. */
export function fileAccessProblem(err: unknown): string {
  const { code, message } = err as NodeJS.ErrnoException
  switch (code) {
    case 'ENOENT':
      return 'the file does not exist'
    case 'ELOOP':
      return 'the path is a symbolic link loop: a link leads back to itself'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied: this user may not read the file'
    case 'ENOTDIR':
      return 'a folder in the path is a file'
    case 'ENAMETOOLONG':
      return 'the path is too long'
    case 'EISDIR':
      return 'the path is a folder, not a file'
    default:
      return `the file cannot be read (${code ?? message})`
  }
}

/**
 * What to say of a table without a data row: a lone header would register as a dataset of 0 rows
 * that no split or trainer can use.
 */
export function noRowsMessage(columns: string[], hasHeader: boolean): string {
  const names = columns.length > 10 ? `${columns.slice(0, 10).join(', ')} and ${columns.length - 10} more` : columns.join(', ')
  return hasHeader ? `the file holds a header row (${names}) and no data rows` : `the file holds no rows (its columns: ${names})`
}

/** Most characters one line (or one CSV record) may hold; past it the file is not sane text. */
export const MAX_LINE_CHARS = 1 << 20

/** Copies a string out of the chunk it was sliced from, so keeping it does not keep the chunk. */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1)
}
