import { readFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parse as parseYaml } from 'yaml'
import type { FieldIssue } from '../../../shared/errors'
import { AppError } from '../../../shared/errors'
import type { SearchSpaceSpec } from '../../../shared/schemas/studies'

/** A parameter that a design varies, in the measure it is searched in. */
export type SpaceParam =
  | { name: string; type: 'float'; low: number; high: number; log: boolean; step?: number; baseline?: number }
  | { name: string; type: 'int'; low: number; high: number; log: boolean; step: number; baseline?: number }
  | { name: string; type: 'categorical'; choices: (string | number | boolean)[]; baseline?: string | number | boolean }

export interface SearchSpace {
  params: SpaceParam[]
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

/** Checks one entry of `params`, pushing every problem it finds with the field it concerns. */
function parseParam(name: string, raw: unknown, issues: FieldIssue[]): SpaceParam | null {
  const field = `params.${name}`
  const bad = (key: string, message: string) => issues.push({ field: key ? `${field}.${key}` : field, message })
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    bad('', 'expected an object with a type')
    return null
  }
  const p = raw as Record<string, unknown>
  const known = ['type', 'low', 'high', 'log', 'step', 'choices', 'baseline']
  for (const key of Object.keys(p)) if (!known.includes(key)) bad(key, `unknown key; use ${known.join(', ')}`)
  if (p.type === 'categorical') {
    const choices = p.choices
    if (!Array.isArray(choices) || choices.length < 1 || !choices.every((c) => ['string', 'number', 'boolean'].includes(typeof c))) {
      bad('choices', 'expected a list of at least one string, number or boolean')
      return null
    }
    if (new Set(choices).size !== choices.length) bad('choices', 'lists a value twice')
    if (p.baseline !== undefined && !choices.includes(p.baseline)) bad('baseline', `is not one of the choices (${choices.join(', ')})`)
    return { name, type: 'categorical', choices, ...(p.baseline === undefined ? {} : { baseline: p.baseline as string }) }
  }
  if (p.type !== 'float' && p.type !== 'int') {
    bad('type', `expected float, int or categorical, got ${JSON.stringify(p.type)}`)
    return null
  }
  const before = issues.length
  if (!isNumber(p.low)) bad('low', 'expected a number')
  if (!isNumber(p.high)) bad('high', 'expected a number')
  if (p.log !== undefined && typeof p.log !== 'boolean') bad('log', 'expected true or false')
  if (p.step !== undefined && !(isNumber(p.step) && p.step > 0)) bad('step', 'expected a positive number')
  if (issues.length > before) return null
  const low = p.low as number
  const high = p.high as number
  const log = p.log === true
  if (!(high > low)) bad('high', `must be greater than low (${low})`)
  if (log && low <= 0) bad('low', 'must be positive on a log scale')
  if (p.type === 'int') {
    if (!Number.isInteger(low)) bad('low', 'expected a whole number')
    if (!Number.isInteger(high)) bad('high', 'expected a whole number')
    if (p.step !== undefined && !Number.isInteger(p.step)) bad('step', 'expected a whole number')
  }
  if (log && p.step !== undefined && p.step !== 1) bad('step', 'a log-scale parameter cannot also have a step')
  if (p.baseline !== undefined && !(isNumber(p.baseline) && p.baseline >= low && p.baseline <= high)) bad('baseline', `expected a number from ${low} to ${high}`)
  if (issues.length > before) return null
  const baseline = p.baseline === undefined ? {} : { baseline: p.baseline as number }
  if (p.type === 'int') return { name, type: 'int', low, high, log, step: (p.step as number | undefined) ?? 1, ...baseline }
  return { name, type: 'float', low, high, log, ...(p.step === undefined ? {} : { step: p.step as number }), ...baseline }
}

/** Validates a parsed search-space object; every problem is reported at once, each naming its parameter. */
export function parseSpace(value: unknown): SearchSpace {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { params?: unknown }).params !== 'object')
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: 'expected an object {"params": {"name": {"type": ...}}}' }], 'Invalid search space')
  const raw = (value as { params: unknown }).params
  if (raw === null || Array.isArray(raw) || Object.keys(raw as object).length === 0)
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: 'expected at least one parameter' }], 'Invalid search space')
  const issues: FieldIssue[] = []
  const params: SpaceParam[] = []
  for (const [name, p] of Object.entries(raw as Record<string, unknown>)) {
    const parsed = parseParam(name, p, issues)
    if (parsed) params.push(parsed)
  }
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, 'Invalid search space')
  return { params }
}

/** Parses JSON or YAML text (YAML is a superset of JSON, but JSON errors read better from JSON.parse). */
export function parseSpaceText(text: string, format: 'json' | 'yaml', source = 'search space'): SearchSpace {
  let value: unknown
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${source}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
  return parseSpace(value)
}

/** Reads a .json, .yaml or .yml search space; every error message starts with the file's path. */
export function readSpaceFile(path: string): SearchSpace {
  const ext = extname(path).toLowerCase()
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw new AppError('INVALID_INPUT', `${path}: use a .json, .yaml or .yml file`)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${path}: ${(err as Error).message}`)
  }
  try {
    return parseSpaceText(text, ext === '.json' ? 'json' : 'yaml', path)
  } catch (err) {
    if (err instanceof AppError && !err.message.startsWith(`${path}: `)) throw new AppError(err.code, `${path}: ${err.message}`, err.details)
    throw err
  }
}

/** The space as a file writes it (parameters by name), which `parseSpace` reads back unchanged. */
export function spaceSpec(space: SearchSpace): SearchSpaceSpec {
  return { params: Object.fromEntries(space.params.map(({ name, ...param }) => [name, param])) }
}
