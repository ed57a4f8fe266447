import type { z } from 'zod'
import { api, type EngineApi, type MethodName } from './api'
import { AppError, clipText, quoteInput, toErrorPayload, type ErrorPayload, type FieldIssue } from './errors'

/** What every binding answers: the result, or the error payload. Never a thrown error. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorPayload }

const LISTED_KEYS = 5

/**
 * How deep an input may nest objects and arrays. Contract inputs nest a handful of levels (a
 * design over a search space is among the deepest); engine code that recurses over an input,
 * as config flattening did, must never meet 20,000.
 */
export const MAX_INPUT_DEPTH = 32

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name)
}

/** zod issues -> field issues named by dotted path (`config.optimizer.lr`, `experimentId`). */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => {
    const field = i.path.map(String).join('.') || '(input)'
    // zod lists every unknown key in its message; a few quoted keys say enough.
    if (i.code === 'unrecognized_keys') {
      const listed = i.keys.slice(0, LISTED_KEYS).map(quoteInput).join(', ')
      const more = i.keys.length > LISTED_KEYS ? ` and ${i.keys.length - LISTED_KEYS} more` : ''
      return { field, message: `Unrecognized key${i.keys.length > 1 ? 's' : ''}: ${listed}${more}` }
    }
    return { field, message: i.message }
  })
}

type Path = { key: string; parent: Path | null } | null

const pathText = (path: Path): string => {
  const keys: string[] = []
  for (let p = path; p; p = p.parent) keys.push(p.key)
  return keys.reverse().join('.')
}

/**
 * The first place where `input` nests deeper than `limit`, as a dotted path, or null. Walks with
 * its own stack, so a 20,000-deep input is measured without overflowing the call stack.
 */
export function tooDeepAt(input: unknown, limit = MAX_INPUT_DEPTH): string | null {
  const stack: { value: unknown; depth: number; path: Path }[] = [{ value: input, depth: 0, path: null }]
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!
    if (typeof value !== 'object' || value === null) continue
    if (depth >= limit) return pathText(path) || '(input)'
    // Typed arrays hold numbers only; arrays are walked by index, without a copy of their entries.
    if (ArrayBuffer.isView(value)) continue
    const record = value as Record<string, unknown>
    const keys = Array.isArray(value) ? value.keys() : Object.keys(value)
    for (const key of keys) {
      const child = record[key]
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, path: { key: String(key), parent: path } })
    }
  }
  return null
}

/**
 * A RangeError is a value out of the range code can handle: a stack overflow from a structure
 * too deep, an array or string length from a size asked for. The engine's own state is checked
 * when written, so these come from input and are the caller's to fix, not the engine's fault.
 */
function inputRangeError(err: RangeError, name: string): AppError {
  const message = /call stack/i.test(err.message)
    ? `the input is nested too deeply or is too large to process (${err.message})`
    : `a value is out of the range this method handles (${err.message})`
  return AppError.fromIssues('INVALID_INPUT', [{ field: '(input)', message }], `Invalid input to ${name}`)
}

/**
 * The single entry of every binding: checks the method name and input against the contract,
 * calls the engine (or the part of it a binding holds), and returns either the result or the
 * error payload, its quoted input cut short. Never throws.
 */
export async function dispatch(
  engine: Partial<EngineApi>,
  name: string,
  input: unknown
): Promise<Envelope> {
  try {
    if (!isMethodName(name)) throw new AppError('NOT_FOUND', `Unknown API method ${quoteInput(name)}`)
    const call = engine[name] as ((input: unknown) => Promise<unknown>) | undefined
    if (!call) throw new AppError('UNSUPPORTED', `API method "${name}" is not offered here`)
    const deep = tooDeepAt(input)
    if (deep !== null) {
      const message = `nests objects or arrays deeper than ${MAX_INPUT_DEPTH} levels (at ${clipText(deep)})`
      throw AppError.fromIssues('INVALID_INPUT', [{ field: deep.split('.')[0]!, message }], `Invalid input to ${name}`)
    }
    const spec = api[name]
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) throw AppError.fromIssues('INVALID_INPUT', zodIssues(parsed.error), `Invalid input to ${name}`)
    try {
      return { ok: true, result: await call(parsed.data) }
    } catch (err) {
      throw err instanceof RangeError ? inputRangeError(err, name) : err
    }
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) }
  }
}
