import { formatMessage, hasMessage, msg, type CodedMessage, type MessageLocale, type MessageValue } from './messages'

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
 * Most checks also give their `rule` and its `values`, so a UI can word it in its language: a
 * parameter rule (`min`, a key of the catalog's `problems`), a refusal (`diskLow`, of `refusals`)
 * or a whole message code (`version.noColumn`). `message` stays the English for logs and clients.
 */
export interface FieldIssue {
  field: string
  message: string
  rule?: string
  values?: Record<string, MessageValue>
}

export interface ErrorPayload {
  code: ErrorCode
  message: string
  /** `message` as a code and values (see shared/messages), when the engine gave it as data. */
  details?: { issues?: FieldIssue[]; message?: CodedMessage; [key: string]: unknown }
}

/** The catalog code an issue's rule names, if the catalog words it. */
export function issueCode(issue: Pick<FieldIssue, 'rule'>): string | undefined {
  const rule = issue.rule
  if (!rule) return undefined
  return [rule, `problems.${rule}`, `refusals.${rule}`].find(hasMessage)
}

/** An issue as a coded message: its rule and values where the catalog words them, else its English. */
export function issueMessage(issue: FieldIssue): CodedMessage | string {
  const code = issueCode(issue)
  return code ? { code, values: issue.values ?? {} } : issue.message
}

/** An issue worded from a catalog code: the English in `message`, the code as its rule. */
export function codedIssue(field: string, message: CodedMessage): FieldIssue {
  return { field, message: formatMessage('en', message), rule: message.code, values: message.values ?? {} }
}

/** An error payload's message in `locale`: from its code where it has one, else as the engine wrote it. */
export function errorText(payload: ErrorPayload, locale: MessageLocale): string {
  const coded = payload.details?.message
  return coded && hasMessage(coded.code) ? formatMessage(locale, coded) : payload.message
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

function boundValue(value: MessageValue): MessageValue {
  if (typeof value === 'string') return clipText(value)
  if (Array.isArray(value)) return value.slice(0, MAX_LISTED_ISSUES).map(boundValue)
  if (typeof value === 'object' && value !== null) return boundCoded(value)
  return value
}

function boundCoded(message: CodedMessage): CodedMessage {
  return message.values === undefined ? message : { ...message, values: Object.fromEntries(Object.entries(message.values).map(([k, v]) => [k, boundValue(v)])) }
}

function boundIssue(issue: FieldIssue): FieldIssue {
  const bounded: FieldIssue = { ...issue, field: clipText(issue.field), message: clipText(issue.message, MAX_ISSUE_MESSAGE_CHARS) }
  if (issue.values) bounded.values = boundCoded({ code: '', values: issue.values }).values
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
  if (details.message !== undefined) details.message = boundCoded(details.message)
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
   * An error whose message is a catalog text: the English in `message` for logs and API clients,
   * the code and values in `details.message` for a window or a terminal to word in its language.
   */
  static coded(code: ErrorCode, message: CodedMessage, details?: ErrorPayload['details']): AppError {
    return new AppError(code, formatMessage('en', message), { ...details, message })
  }

  /**
   * Builds an error whose message lists the field issues, so a user sees them at once; past
   * MAX_LISTED_ISSUES the message counts the rest, which `details.issues` still carries. A coded
   * prefix (or none) codes the whole message; an issue without a rule the catalog knows is quoted
   * in English inside it.
   */
  static fromIssues(code: ErrorCode, issues: FieldIssue[], prefix: string | CodedMessage = msg('common.invalidValue')): AppError {
    const lines = issues.slice(0, MAX_LISTED_ISSUES).map((i) => `${clipText(i.field)}: ${clipText(i.message, MAX_ISSUE_MESSAGE_CHARS)}`)
    const more = issues.length > MAX_LISTED_ISSUES ? `; and ${issues.length - MAX_LISTED_ISSUES} more` : ''
    const head = typeof prefix === 'string' ? prefix : formatMessage('en', prefix)
    const message = `${head}: ${lines.join('; ')}${more}`
    if (typeof prefix === 'string') return new AppError(code, message, { issues })
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((i) => msg('common.fieldIssue', { field: clipText(i.field), problem: issueMessage(i) }))
    const coded = more
      ? msg('common.issueListMore', { prefix, issues: listed, count: issues.length - MAX_LISTED_ISSUES })
      : msg('common.issueList', { prefix, issues: listed })
    return new AppError(code, message, { issues, message: coded })
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
