import { clipText, quoteInput, type FieldIssue } from './errors'
import type { Config, ParamSpec, ParamValue, TrainerInfo } from './schemas/params'

/** The default value of every parameter of a trainer. */
export function defaultConfig(trainer: Pick<TrainerInfo, 'params'>): Config {
  return Object.fromEntries(trainer.params.map((p) => [p.key, p.default]))
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `{ optimizer: { lr: 1 } }` -> `{ 'optimizer.lr': 1 }`; already-flat keys pass through. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (!isRecord(value)) {
    if (prefix) out[prefix] = value
    return out
  }
  // Its own stack, not recursion: a config file nested 20,000 deep must not overflow the call stack.
  const stack = [{ prefix, entries: Object.entries(value).values() }]
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!
    const next = top.entries.next()
    if (next.done) {
      stack.pop()
      continue
    }
    const [k, v] = next.value
    const key = top.prefix ? `${top.prefix}.${k}` : k
    if (isRecord(v)) stack.push({ prefix: key, entries: Object.entries(v).values() })
    else out[key] = v
  }
  return out
}

/** `{ 'optimizer.lr': 1 }` -> `{ optimizer: { lr: 1 } }`, for config files people read. */
export function nestConfig(config: Config): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(config)) {
    const parts = key.split('.')
    let node = out
    for (const part of parts.slice(0, -1)) {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {}
      node = node[part] as Record<string, unknown>
    }
    node[parts[parts.length - 1]] = value
  }
  return out
}

/** Reads a value typed as text (a form field, `--set key=value`) into the parameter's type. */
export function parseParamText(spec: ParamSpec, text: string): ParamValue {
  const t = text.trim()
  switch (spec.type) {
    case 'float':
    case 'int': {
      if (t === '') return Number.NaN
      // Text that is no number stays text, so the problem quotes what was typed: "16,64,256"
      // must be refused as a list, never read as 1664256 or NaN.
      const n = Number(t)
      return Number.isNaN(n) ? t : n
    }
    case 'bool':
      if (/^(true|1|yes|on)$/i.test(t)) return true
      if (/^(false|0|no|off)$/i.test(t)) return false
      return t
    default:
      return text
  }
}

/** What is wrong with a value, as data: `rule` names the check, `values` fill its message. */
export interface ParamProblem {
  rule: 'number' | 'list' | 'integer' | 'min' | 'minExclusive' | 'max' | 'maxExclusive' | 'bool' | 'choice' | 'text' | 'required'
  values: Record<string, string | number>
}

/** Checks one value against its spec. */
export function paramProblem(spec: ParamSpec, value: unknown): ParamProblem | null {
  // Quoted back cut short: a 3 MB string must not make a 3 MB message.
  const got = quoteInput(value)
  switch (spec.type) {
    case 'float':
    case 'int': {
      if (typeof value === 'string' && /[,;]/.test(value)) return { rule: 'list', values: { got } }
      if (typeof value !== 'number' || !Number.isFinite(value)) return { rule: 'number', values: { got } }
      if (spec.type === 'int' && !Number.isInteger(value)) return { rule: 'integer', values: { got } }
      if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min))
        return { rule: spec.minExclusive ? 'minExclusive' : 'min', values: { bound: spec.min, got } }
      if (spec.max !== undefined && (spec.maxExclusive ? value >= spec.max : value > spec.max))
        return { rule: spec.maxExclusive ? 'maxExclusive' : 'max', values: { bound: spec.max, got } }
      return null
    }
    case 'bool':
      return typeof value === 'boolean' ? null : { rule: 'bool', values: { got } }
    case 'choice': {
      const allowed = spec.choices.map((c) => c.value)
      return typeof value === 'string' && allowed.includes(value) ? null : { rule: 'choice', values: { choices: allowed.join(', '), got } }
    }
    case 'string':
      if (typeof value !== 'string') return { rule: 'text', values: { got } }
      return !spec.optional && value.trim() === '' ? { rule: 'required', values: {} } : null
  }
}

const englishProblems: Record<ParamProblem['rule'], (v: ParamProblem['values']) => string> = {
  number: (v) => `must be a number (got ${v.got})`,
  list: (v) => `takes one number, not a list (got ${v.got}); use a dot for decimals and one run per value`,
  integer: (v) => `must be a whole number (got ${v.got})`,
  min: (v) => `must be ≥ ${v.bound} (got ${v.got})`,
  minExclusive: (v) => `must be > ${v.bound} (got ${v.got})`,
  max: (v) => `must be ≤ ${v.bound} (got ${v.got})`,
  maxExclusive: (v) => `must be < ${v.bound} (got ${v.got})`,
  bool: (v) => `must be true or false (got ${v.got})`,
  choice: (v) => `must be one of ${v.choices} (got ${v.got})`,
  text: (v) => `must be text (got ${v.got})`,
  required: () => 'must not be empty'
}

/** The English wording of a problem (engine messages, CLI). */
export function problemMessage(problem: ParamProblem): string {
  return englishProblems[problem.rule](problem.values)
}

/** Checks one value against its spec; returns a message a user can act on, or null. */
export function checkParam(spec: ParamSpec, value: unknown): string | null {
  const problem = paramProblem(spec, value)
  return problem && problemMessage(problem)
}

/**
 * Fills defaults, rejects unknown keys and checks every value. Returns the complete config and
 * every issue found, so forms show all problems at once and the engine refuses before launching.
 */
export function validateConfig(
  trainer: Pick<TrainerInfo, 'params'>,
  input: Record<string, unknown>
): { config: Config; issues: FieldIssue[] } {
  const flat = flattenConfig(input)
  const specs = new Map(trainer.params.map((p) => [p.key, p]))
  const issues: FieldIssue[] = []
  const config: Config = {}
  for (const key of Object.keys(flat)) {
    if (!specs.has(key)) issues.push({ field: clipText(key), message: 'is not a parameter of this trainer', rule: 'unknown', values: {} })
  }
  for (const spec of trainer.params) {
    const value = spec.key in flat && flat[spec.key] !== undefined ? flat[spec.key] : spec.default
    const problem = paramProblem(spec, value)
    if (problem) issues.push({ field: spec.key, message: problemMessage(problem), ...problem })
    else config[spec.key] = value as ParamValue
  }
  return { config, issues }
}

/** Keys whose value differs from the default: what the form highlights and run names show. */
export function diffFromDefaults(trainer: Pick<TrainerInfo, 'params'>, config: Config): string[] {
  return trainer.params.filter((p) => p.key in config && config[p.key] !== p.default).map((p) => p.key)
}
