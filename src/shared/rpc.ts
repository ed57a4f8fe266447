import type { z } from 'zod'
import { api, type EngineApi, type MethodName } from './api'
import { AppError, quoteInput, toErrorPayload, type ErrorPayload, type FieldIssue } from './errors'

/** What every binding answers: the result, or the error payload. Never a thrown error. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorPayload }

const LISTED_KEYS = 5

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
    const spec = api[name]
    const parsed = spec.input.safeParse(input ?? {})
    if (!parsed.success) throw AppError.fromIssues('INVALID_INPUT', zodIssues(parsed.error), `Invalid input to ${name}`)
    const result = await call(parsed.data)
    return { ok: true, result }
  } catch (err) {
    return { ok: false, error: toErrorPayload(err) }
  }
}
