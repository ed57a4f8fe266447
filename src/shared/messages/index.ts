/**
 * The engine's words in every language the app speaks. The engine sends a message as a code and
 * its values (`{ code: 'dataset.columnMissing', values: { column: 'y' } }`) beside its English
 * text; the window (through vue-i18n, under `engine.`) and the CLI word it in the user's language.
 * A code is the dotted path of a text in the catalog; a text names its values as `{name}`.
 */
import { en, type Catalog } from './en'
import { zhCN } from './zh-CN'

export type MessageLocale = 'en' | 'zh-CN'
export const messageLocales: readonly MessageLocale[] = ['en', 'zh-CN']

export const catalogs: Record<MessageLocale, Catalog> = { en, 'zh-CN': zhCN }

type Codes<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Codes<T[K], `${P}${K}.`> }[keyof T & string]
/** Every code the catalog words, so a message built in our code cannot name a missing text. */
export type MessageCode = Codes<Catalog>

/**
 * A value of a message: text and numbers as they are, another coded message worded in the same
 * language, or a list of them joined as the language joins a list.
 */
export type MessageValue = string | number | CodedMessage | MessageValue[]

export interface CodedMessage {
  code: string
  values?: Record<string, MessageValue>
}

export function isCodedMessage(value: unknown): value is CodedMessage {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const v = value as Record<string, unknown>
  return typeof v.code === 'string' && (v.values === undefined || (typeof v.values === 'object' && v.values !== null))
}

/** The text of `code` in `locale`, undefined when the catalog has none. */
export function messageText(locale: MessageLocale, code: string): string | undefined {
  let node: unknown = catalogs[locale]
  for (const part of code.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.prototype.hasOwnProperty.call(node, part)) return undefined
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string' ? node : undefined
}

/** True when the catalog words `code` (in English, hence in every language: a test holds them equal). */
export function hasMessage(code: string): boolean {
  return messageText('en', code) !== undefined
}

/** The placeholders a text names, sorted: `{column}` → column. */
export function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort()
}

const listSeparators: Record<MessageLocale, string> = { en: '; ', 'zh-CN': '；' }

/** Fills a text's `{name}` placeholders; a value the caller did not give stays as `{name}`. */
export function fillText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole))
}

/**
 * Words a value in `locale`, with `word` for coded messages, so the CLI (formatMessage) and the
 * window (vue-i18n) nest messages and join lists alike.
 */
export function wordValue(locale: MessageLocale, value: MessageValue, word: (m: CodedMessage) => string): string | number {
  if (Array.isArray(value)) return value.map((v) => wordValue(locale, v, word)).join(listSeparators[locale])
  if (isCodedMessage(value)) return word(value)
  return value as string | number
}

/**
 * The message in `locale`: its text with the values filled, nested messages worded the same
 * way. A code the catalog lacks (a newer engine) falls back to English, then to the code itself.
 */
export function formatMessage(locale: MessageLocale, message: CodedMessage): string {
  const text = messageText(locale, message.code) ?? messageText('en', message.code)
  if (text === undefined) return message.code
  const values = Object.fromEntries(Object.entries(message.values ?? {}).map(([k, v]) => [k, wordValue(locale, v, (m) => formatMessage(locale, m))]))
  return fillText(text, values)
}

/** Shorthand for building a coded message. */
export function msg(code: MessageCode, values: Record<string, MessageValue> = {}): CodedMessage {
  return { code, values }
}

/** Why a run ended (its status reason) as a message, when the catalog words its rule. */
export function reasonMessage(reason: { rule: string; values: Record<string, MessageValue> }): CodedMessage | undefined {
  // A full disk that lost nothing says so (older runs recorded it as diskFull with 0 unsaved).
  const rule = reason.rule === 'diskFull' && Number(reason.values.unsaved) === 0 ? 'diskFullKept' : reason.rule
  const code = [`reasons.${rule}`, rule].find(hasMessage)
  return code ? { code, values: reason.values } : undefined
}
