import type { z } from 'zod'
import { api, type EngineApi, type MethodName } from './api'
import { AppError, toErrorPayload, type ErrorPayload, type FieldIssue } from './errors'

/** What every binding answers: the result, or the error payload. Never a thrown error. */
export type Envelope<T = unknown> = { ok: true; result: T } | { ok: false; error: ErrorPayload }

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(api, name)
}

/** zod issues -> field issues named by dotted path (`config.optimizer.lr`, `experimentId`). */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }))
}

/**
 * The single entry of every binding: checks the method name and input against the contract,
 * calls the engine (or the part of it a binding holds), and returns either the result or the
 * error payload. Never throws.
 */
export async function dispatch(
  engine: Partial<EngineApi>,
  name: string,
  input: unknown
): Promise<Envelope> {
  try {
    if (!isMethodName(name)) throw new AppError('NOT_FOUND', `Unknown API method "${name}"`)
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
