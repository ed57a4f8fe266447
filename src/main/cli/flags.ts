import { AppError } from '../../shared/errors'
import { msg } from '../../shared/messages'

/** A flag's value from a fixed list; refused by name with the list when it is not one of them. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined
  if (!(allowed as readonly string[]).includes(value)) throw AppError.coded('INVALID_INPUT', msg('cli.expectedOneOf', { flag, value, allowed: allowed.join(', ') }))
  return value as T
}

/** An id as typed: digits, no sign, exponent, hex or leading zero (Number alone takes `1e2` and `0x1`). */
const isId = (text: string): boolean => /^[1-9]\d*$/.test(text)

/** `--study ID`: a positive whole number, else refused naming what was given. */
export function studyIdFlag(value: string): number {
  if (!isId(value.trim())) throw AppError.coded('INVALID_INPUT', msg('cli.badStudyId', { value }))
  return Number(value)
}

/** `--runs ID,...`: positive whole numbers separated by commas, else refused naming the ones that are not. */
export function runIdsFlag(value: string): number[] {
  const parts = value.split(',').map((t) => t.trim())
  const bad = parts.filter((t) => !isId(t))
  if (bad.length > 0) throw AppError.coded('INVALID_INPUT', msg('cli.badRunIds', { value: bad.join(', ') }))
  return parts.map(Number)
}
