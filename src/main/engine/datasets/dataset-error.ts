import type { AppError } from '../../../shared/errors'
import { msg, type CodedMessage } from '../../../shared/messages'
import { csvError } from './readers/csv'

/** Where in a file a problem is: 1-based line and column (characters), when they apply. */
export interface Place {
  line?: number
  column?: number
}

/**
 * A DATASET_INVALID error whose message starts with the file name, then the line and column, so a
 * user can open the file at the spot; `details` carries them as numbers for a UI to link, and the
 * message as a code for the reader's language.
 */
export function datasetError(file: string, problem: CodedMessage | string, place: Place = {}): AppError {
  const where =
    place.line === undefined ? undefined : place.column === undefined ? msg('common.atLine', { line: place.line }) : msg('common.atLineColumn', { line: place.line, column: place.column })
  return csvError(file, where ? msg('file.at', { place: where, problem }) : problem, { ...place })
}

/** Why a file could not be opened or looked at, from the system's error code, for a user to act on. */
export function fileAccessProblem(err: unknown): CodedMessage {
  const { code, message } = err as NodeJS.ErrnoException
  switch (code) {
    case 'ENOENT':
      return msg('file.notFound')
    case 'ELOOP':
      return msg('file.linkLoop')
    case 'EACCES':
    case 'EPERM':
      return msg('file.noPermission')
    case 'ENOTDIR':
      return msg('file.dirInPath')
    case 'ENAMETOOLONG':
      return msg('file.pathTooLong')
    case 'EISDIR':
      return msg('file.isFolder')
    default:
      return msg('file.unreadable', { reason: code ?? message })
  }
}

/**
 * What to say of a table without a data row: a lone header would register as a dataset of 0 rows
 * that no split or trainer can use.
 */
export function noRowsMessage(columns: string[], hasHeader: boolean): CodedMessage {
  const names = columns.length > 10 ? msg('file.columnsMore', { columns: columns.slice(0, 10).join(', '), count: columns.length - 10 }) : columns.join(', ')
  return hasHeader ? msg('file.headerNoRows', { columns: names }) : msg('file.noRows', { columns: names })
}

/** Most characters one line (or one CSV record) may hold; past it the file is not sane text. */
export const MAX_LINE_CHARS = 1 << 20

/** Copies a string out of the chunk it was sliced from, so keeping it does not keep the chunk. */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1)
}
