import { type CodedMessage, msg } from '../messages'
import type { MetricGoal, TableRow } from '../schemas/compare'
import { isRunField, runFields } from './run-fields'
import { metricOf, paramOf } from './table-columns'

/**
 * The runs table's filter language, e.g.
 * `metrics.val/loss < 0.5 and (params.optimizer.name = 'adamw' or params.optimizer.lr >= 1e-3) and status != pruned`.
 *
 * - Fields: `params.<key>`, `metrics.<name>` (its last value) or `metrics.<name>.last|min|max|best`,
 *   `name`, `tags`, `status`, `trainer`, `experiment` (its name), `study` (its id), `id`, `source`, `notes`.
 *   A metric name may hold `/` and `.`; a last segment of last, min, max or best picks the column.
 * - Comparisons: `= != < <= > >=`, `in (a, b, …)`, `not in (…)`, `~ 'regex'` (JavaScript syntax,
 *   unanchored). Values: numbers (`1e-3`, `-2`), text in '…' or "…" (backslash escapes the quote),
 *   bare words (`pruned`; `true` and `false` are booleans).
 * - `not`, `and`, `or` (in that order of binding, all case-insensitive) and parentheses.
 *
 * A comparison with a missing field is false, whatever the operator: `params.lora.rank != 8` keeps
 * only runs that have a LoRA rank, and `not (params.lora.rank = 8)` is the way to keep the others.
 * A number compares with a number, or with text that reads as one; `tags` matches when any tag
 * does (`tags != 'x'` when none is x). `best` is the min or max by the metric's goal; without a
 * known goal it is missing. Positions are 0-based offsets into the text, in UTF-16 code units.
 */
export type FilterResult = { ok: true; test: (row: TableRow) => boolean } | { ok: false; error: { position: number; message: CodedMessage } }

export interface FilterOptions {
  /** The goal per metric (from `runs.table`), which `metrics.<name>.best` needs. */
  goals?: Record<string, MetricGoal>
}

type Value = string | number | boolean
type Field = (row: TableRow) => Value | readonly string[] | null | undefined
type Test = (row: TableRow) => boolean

type TokenKind = 'word' | 'string' | 'number' | 'op' | '(' | ')' | ',' | 'end'
interface Token {
  kind: TokenKind
  text: string
  value: Value
  position: number
}

class FilterError extends Error {
  constructor(
    readonly position: number,
    readonly coded: CodedMessage
  ) {
    super(coded.code)
  }
}

const fieldList = ['params.<key>', 'metrics.<name>', ...Object.keys(runFields)].join(', ')
const aggregates = ['last', 'min', 'max', 'best'] as const
const operators = ['<=', '>=', '!=', '==', '=', '<', '>', '~'] as const
const wordStart = /[A-Za-z_]/
// Keys and metric names: dotted, with the slashes, dashes and colons names carry.
const wordPart = /[A-Za-z0-9_./\-:@[\]]/
const numberAt = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  const push = (kind: TokenKind, tokenText: string, value: Value, position: number) => tokens.push({ kind, text: tokenText, value, position })
  while (i < text.length) {
    const c = text[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === '(' || c === ')' || c === ',') {
      push(c, c, c, i++)
    } else if (c === "'" || c === '"') {
      const start = i
      let value = ''
      i++
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) i++
        value += text[i++]
      }
      if (i >= text.length) throw new FilterError(start, msg('compare.filter.unterminatedString', { quote: c }))
      i++
      push('string', text.slice(start, i), value, start)
    } else if (/[0-9.]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      const match = numberAt.exec(text.slice(i))
      let end = i + (match?.[0].length ?? 0)
      // `1e-3x` or `1.2.3` is one bad token, not a number followed by a word.
      while (end < text.length && wordPart.test(text[end]!)) end++
      const literal = text.slice(i, end)
      if (!match || match[0].length !== literal.length) throw new FilterError(i, msg('compare.filter.badNumber', { text: literal }))
      push('number', literal, Number(literal), i)
      i = end
    } else if (wordStart.test(c)) {
      const start = i
      while (i < text.length && wordPart.test(text[i]!)) i++
      const word = text.slice(start, i)
      push('word', word, word, start)
    } else {
      const op = operators.find((o) => text.startsWith(o, i))
      if (!op) throw new FilterError(i, msg('compare.filter.unexpectedChar', { char: c }))
      push('op', op, op, i)
      i += op.length
    }
  }
  push('end', '', '', text.length)
  return tokens
}

const isKeyword = (token: Token, word: string) => token.kind === 'word' && token.text.toLowerCase() === word
const describe = (token: Token) => (token.kind === 'end' ? msg('compare.filter.end') : `“${token.text}”`)

/** Reads a number from a number or from text that is one (a param stored as "8"). */
function asNumber(value: Value): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
  return undefined
}

function equals(a: Value, b: Value): boolean {
  if (typeof a === 'boolean' || typeof b === 'boolean') return a === b || String(a) === String(b)
  const x = asNumber(a)
  const y = asNumber(b)
  if (x !== undefined && y !== undefined && (typeof a === 'number' || typeof b === 'number')) return x === y
  return a === b
}

/** -1, 0 or 1; undefined when the two do not order (a boolean, or text against a number). */
function order(a: Value, b: Value): number | undefined {
  if (typeof a === 'boolean' || typeof b === 'boolean') return undefined
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  const x = asNumber(a)
  const y = asNumber(b)
  if (x === undefined || y === undefined) return undefined
  return x < y ? -1 : x > y ? 1 : 0
}

class Parser {
  private index = 0
  constructor(
    private readonly tokens: Token[],
    private readonly goals: Record<string, MetricGoal>
  ) {}

  private get token(): Token {
    return this.tokens[this.index]!
  }

  private next(): Token {
    return this.tokens[this.index++]!
  }

  private expect(kind: TokenKind, expected: string): Token {
    if (this.token.kind !== kind) throw new FilterError(this.token.position, msg('compare.filter.expectedToken', { expected, found: describe(this.token) }))
    return this.next()
  }

  parse(): Test {
    const test = this.or()
    if (this.token.kind !== 'end') {
      const token = this.token
      if (token.kind === ')') throw new FilterError(token.position, msg('compare.filter.unexpectedChar', { char: ')' }))
      throw new FilterError(token.position, msg('compare.filter.trailing', { found: describe(token) }))
    }
    return test
  }

  private or(): Test {
    const parts = [this.and()]
    while (isKeyword(this.token, 'or')) {
      this.next()
      parts.push(this.and())
    }
    return parts.length === 1 ? parts[0]! : (row) => parts.some((t) => t(row))
  }

  private and(): Test {
    const parts = [this.unary()]
    while (isKeyword(this.token, 'and')) {
      this.next()
      parts.push(this.unary())
    }
    return parts.length === 1 ? parts[0]! : (row) => parts.every((t) => t(row))
  }

  private unary(): Test {
    if (isKeyword(this.token, 'not')) {
      this.next()
      const inner = this.unary()
      return (row) => !inner(row)
    }
    if (this.token.kind === '(') {
      const open = this.next()
      const inner = this.or()
      const closing: Token = this.token
      if (closing.kind === 'end') throw new FilterError(open.position, msg('compare.filter.unclosedParen'))
      this.expect(')', '“)”')
      return inner
    }
    return this.comparison()
  }

  private comparison(): Test {
    const fieldToken = this.token
    if (fieldToken.kind !== 'word' || ['and', 'or', 'not', 'in'].includes(fieldToken.text.toLowerCase())) {
      throw new FilterError(fieldToken.position, msg('compare.filter.expectedField', { fields: fieldList, found: describe(fieldToken) }))
    }
    this.next()
    const field = this.field(fieldToken)
    const opToken = this.token
    if (isKeyword(opToken, 'in')) {
      this.next()
      const values = this.list()
      return (row) => matchAny(field(row), (v) => values.some((w) => equals(v, w)))
    }
    if (isKeyword(opToken, 'not') && isKeyword(this.tokens[this.index + 1]!, 'in')) {
      this.index += 2
      const values = this.list()
      return (row) => matchNone(field(row), (v) => values.some((w) => equals(v, w)))
    }
    if (opToken.kind !== 'op') {
      throw new FilterError(opToken.position, msg('compare.filter.expectedOperator', { field: fieldToken.text, found: describe(opToken) }))
    }
    this.next()
    if (opToken.text === '~') {
      const pattern = this.token
      if (pattern.kind !== 'string') throw new FilterError(pattern.position, msg('compare.filter.expectedRegex', { example: "'^lr'", found: describe(pattern) }))
      this.next()
      let regex: RegExp
      try {
        regex = new RegExp(pattern.value as string)
      } catch (err) {
        throw new FilterError(pattern.position, msg('compare.filter.badRegex', { problem: (err as Error).message }))
      }
      return (row) => matchAny(field(row), (v) => regex.test(String(v)))
    }
    const value = this.value()
    switch (opToken.text) {
      case '=':
      case '==':
        return (row) => matchAny(field(row), (v) => equals(v, value))
      case '!=':
        return (row) => matchNone(field(row), (v) => equals(v, value))
      default: {
        const wanted = { '<': [-1], '<=': [-1, 0], '>': [1], '>=': [1, 0] }[opToken.text]!
        return (row) =>
          matchAny(field(row), (v) => {
            const o = order(v, value)
            return o !== undefined && wanted.includes(o)
          })
      }
    }
  }

  private list(): Value[] {
    this.expect('(', '“(”')
    const values = [this.value()]
    while (this.token.kind === ',') {
      this.next()
      values.push(this.value())
    }
    this.expect(')', '“)”')
    return values
  }

  private value(): Value {
    const token = this.token
    if (token.kind === 'string' || token.kind === 'number') return this.next().value
    if (token.kind === 'word' && !['and', 'or', 'not', 'in'].includes(token.text.toLowerCase())) {
      this.next()
      const lower = token.text.toLowerCase()
      return lower === 'true' ? true : lower === 'false' ? false : token.text
    }
    throw new FilterError(token.position, msg('compare.filter.expectedValue', { found: describe(token) }))
  }

  private field(token: Token): Field {
    const text = token.text
    const dot = text.indexOf('.')
    const head = dot < 0 ? text : text.slice(0, dot)
    const rest = dot < 0 ? '' : text.slice(dot + 1)
    if (head === 'params' || head === 'metrics') {
      if (rest === '') throw new FilterError(token.position, msg('compare.filter.emptyKey', { field: text, example: head === 'params' ? 'params.optimizer.lr' : 'metrics.val/loss' }))
      if (head === 'params') return (row) => paramOf(row, rest)
      return this.metric(rest)
    }
    if (dot >= 0 || !isRunField(text)) {
      throw new FilterError(token.position, msg('compare.filter.unknownField', { field: text, fields: fieldList }))
    }
    return runFields[text]
  }

  /** `val/loss`, `val/loss.min`: the last segment picks the column when it names one. */
  private metric(path: string): Field {
    const dot = path.lastIndexOf('.')
    const tail = dot < 0 ? '' : path.slice(dot + 1)
    const isAggregate = (aggregates as readonly string[]).includes(tail)
    const name = isAggregate ? path.slice(0, dot) : path
    const column = isAggregate ? (tail as (typeof aggregates)[number]) : 'last'
    if (column === 'best') {
      const goal = this.goals[name]
      if (!goal) return () => undefined
      return (row) => metricOf(row, name, goal)
    }
    return (row) => metricOf(row, name, column)
  }
}

function matchAny(value: ReturnType<Field>, test: (v: Value) => boolean): boolean {
  if (value === null || value === undefined) return false
  if (Array.isArray(value)) return value.some(test)
  return test(value as Value)
}

/** For `!=` and `not in`: present, and no value (no tag) matches. */
function matchNone(value: ReturnType<Field>, test: (v: Value) => boolean): boolean {
  if (value === null || value === undefined) return false
  if (Array.isArray(value)) return !value.some(test)
  return !test(value as Value)
}

/** Compiles a filter once; the test it returns is called per row. A blank filter keeps every row. */
export function parseFilter(text: string, options: FilterOptions = {}): FilterResult {
  if (text.trim() === '') return { ok: true, test: () => true }
  try {
    const tokens = tokenize(text)
    return { ok: true, test: new Parser(tokens, options.goals ?? {}).parse() }
  } catch (err) {
    if (err instanceof FilterError) return { ok: false, error: { position: err.position, message: err.coded } }
    throw err
  }
}
