import { AppError } from '../../shared/errors'
import { msg } from '../../shared/messages'

/** A flag's value from a fixed list; refused by name with the list when it is not one of them. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw AppError.coded('INVALID_INPUT', msg('cli.expectedOneOf', { flag, value, allowed: allowed.join(', ') }))
  return value as T
}

/** `--study ID`: a positive whole number, else refused naming what was given. */
export function studyIdFlag(value: string): number {
  const id = Number(value)
  if (!Number.isInteger(id) || id <= 0) throw AppError.coded('INVALID_INPUT', msg('cli.badStudyId', { value }))
  return id
}
