import { createHash } from 'node:crypto'
import type { ParamValue } from '../../../shared/schemas/params'

/**
 * A number as the ledger compares it: 15 significant digits drop binary noise (0.1 + 0.2 is 0.3)
 * while values a user or a design means apart stay apart (0.1 and 0.1000000001); -0 is 0.
 */
export function normaliseNumber(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be a trial parameter`)
  const n = Number(value.toPrecision(15))
  return n === 0 ? 0 : n
}

/** JSON with keys in code-point order and normalised numbers: one text per set of values. */
export function canonicalJson(params: Record<string, ParamValue>): string {
  const keys = Object.keys(params).sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(typeof params[k] === 'number' ? normaliseNumber(params[k]) : params[k])}`).join(',')}}`
}

/** The ledger's key of a trial: its parameters and its repeat, so the same pair is planned once. */
export function trialHash(params: Record<string, ParamValue>, repeat: number): string {
  return createHash('sha256').update(`${canonicalJson(params)}#${repeat}`).digest('hex')
}
