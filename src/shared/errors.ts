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

/** Longest piece of input a message quotes whole; a longer one is cut to its start. */
export const MAX_QUOTED_CHARS = 200
export const MAX_ISSUE_MESSAGE_CHARS = 1000
export const MAX_MESSAGE_CHARS = 4000
/** Issues an error message lists, and issues its details carry at most. */
export const MAX_LISTED_ISSUES = 20
export const MAX_ISSUES = 1000

/**
 * Input as a message shows it: whole up to `max` characters, else its start and its length,
 * `abc… (3000000 characters)`, so an error never echoes megabytes back to whoever sent them.
 */
export function clipText(text: string, max = MAX_QUOTED_CHARS): string {
  if (text.length <= max) return text
  // Never cut a surrogate pair in two: half a character is not text.
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max
  return `${text.slice(0, end)}… (${text.length} characters)`
}

/** A value quoted in a message: strings in double quotes, cut as clipText cuts them. */
export function quoteInput(value: unknown): string {
  if (typeof value !== 'string') return clipText(String(value))
  if (value.length <= MAX_QUOTED_CHARS) return JSON.stringify(value)
  const clipped = clipText(value)
  const cut = clipped.lastIndexOf('… (')
  return `${JSON.stringify(clipped.slice(0, cut))}… (${value.length} characters)`
}

function boundIssue(issue: FieldIssue): FieldIssue {
  const bounded: FieldIssue = { ...issue, field: clipText(issue.field), message: clipText(issue.message, MAX_ISSUE_MESSAGE_CHARS) }
  if (issue.values) {
    bounded.values = Object.fromEntries(Object.entries(issue.values).map(([k, v]) => [k, typeof v === 'string' ? clipText(v) : v]))
  }
  return bounded
}

/**
 * Caps what an error payload can carry, whatever built it: the message, each issue's field,
 * message and values, and the number of issues (`details.omittedIssues` counts the rest).
 */
export function boundPayload(payload: ErrorPayload): ErrorPayload {
  const message = clipText(payload.message, MAX_MESSAGE_CHARS)
  if (payload.details === undefined) return { code: payload.code, message }
  const details = { ...payload.details }
  if (Array.isArray(details.issues)) {
    const all = details.issues
    details.issues = all.slice(0, MAX_ISSUES).map(boundIssue)
    if (all.length > MAX_ISSUES) details.omittedIssues = all.length - MAX_ISSUES
  }
  return { code: payload.code, message, details }
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

  /**
   * Builds an error whose message lists the field issues, so a user sees them at once; past
   * MAX_LISTED_ISSUES the message counts the rest, which `details.issues` still carries.
   */
  static fromIssues(code: ErrorCode, issues: FieldIssue[], prefix = 'Invalid value'): AppError {
    const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${clipText(i.field)}: ${clipText(i.message, MAX_ISSUE_MESSAGE_CHARS)}`)
    const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : ''
    return new AppError(code, `${prefix}: ${lines.join('; ')}${more}`, { issues })
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

/** Turns anything thrown into the wire shape, bounded; unknown errors keep their message but no stack. */
export function toErrorPayload(err: unknown): ErrorPayload {
  if (err instanceof AppError) return boundPayload(err.toJSON())
  if (isErrorPayload(err) && (errorCodes as readonly string[]).includes(err.code)) return boundPayload(err)
  const message = err instanceof Error ? err.message : String(err)
  return boundPayload({ code: 'INTERNAL', message })
}

export function fromErrorPayload(payload: ErrorPayload): AppError {
  return new AppError(payload.code, payload.message, payload.details)
}
