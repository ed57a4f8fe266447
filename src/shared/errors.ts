/** Error codes that cross every transport. */
export const errorCodes = [
  'INVALID_INPUT',
  'INVALID_CONFIG',
  'DATASET_INVALID',
  'NOT_FOUND',
  'CONFLICT',
  'CANCELLED',
  'UNSUPPORTED',
  'UNAUTHORIZED',
  'INTERNAL'
] as const
export type ErrorCode = (typeof errorCodes)[number]

/**
 * One problem with one field: `field` is a dotted path such as `optimizer.lr` or `dataset`.
 * Parameter checks also give their `rule` and its `values`, so a UI can word it in its language.
 */
export interface FieldIssue {
  field: string
  message: string
  rule?: string
  values?: Record<string, string | number>
}

export interface ErrorPayload {
  code: ErrorCode
  message: string
  details?: { issues?: FieldIssue[]; [key: string]: unknown }
}

/** The one error type of the API. Serialises to `{ code, message, details }` on every binding. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details: ErrorPayload['details']

  constructor(code: ErrorCode, message: string, details?: ErrorPayload['details']) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  /** Builds an error whose message lists every field issue, so a user sees all of them at once. */
  static fromIssues(code: ErrorCode, issues: FieldIssue[], prefix = 'Invalid value'): AppError {
    const lines = issues.map((i) => `${i.field}: ${i.message}`)
    return new AppError(code, `${prefix}: ${lines.join('; ')}`, { issues })
  }

  toJSON(): ErrorPayload {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && typeof v.message === 'string'
}

/** Turns anything thrown into the wire shape; unknown errors keep their message but no stack. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return err.toJSON()
  if (isErrorPayload(err) && (errorCodes as readonly string[]).includes(err.code)) return err
  const message = err instanceof Error ? err.message : String(err)
  return { code: 'INTERNAL', message }
}

export function fromErrorPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message, payload.details)
}
