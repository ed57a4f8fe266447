import { createI18n } from 'vue-i18n'
import { catalogs } from '../../../shared/messages'
import en, { type Messages } from './en'
import zhCN from './zh-CN'

// vue-i18n 11 compiles messages to an AST and interprets it (no `new Function`), so the default
// build runs under our CSP without 'unsafe-eval'.

export const locales = ['zh-CN', 'en'] as const
export type Locale = (typeof locales)[number]
export const localeStorageKey = 'paramscope.locale'

function isLocale(value: unknown): value is Locale {
  return (locales as readonly unknown[]).includes(value)
}

/** The saved choice wins; otherwise Chinese for any `zh*` browser language, else English. */
export function pickLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved
  for (const lang of languages) {
    const l = lang.toLowerCase()
    if (l.startsWith('zh')) return 'zh-CN'
    if (l.startsWith('en')) return 'en'
  }
  return 'en'
}

/**
 * The window's own messages and, under `engine.`, the engine's catalog (shared with the CLI). The
 * catalog is typed loosely: its codes arrive as data, and typing every path makes `t` too deep.
 */
type AppMessages = Messages & { engine: Record<string, unknown> }

export function createAppI18n(locale: Locale) {
  return createI18n<[AppMessages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: { en: { ...en, engine: catalogs.en }, 'zh-CN': { ...zhCN, engine: catalogs['zh-CN'] } }
  })
}

export type AppI18n = ReturnType<typeof createAppI18n>

/** Switches the language, remembers it and tells the document (fonts, screen readers). */
export function applyLocale(
  current: { value: string },
  next: Locale,
  storage: Pick<Storage, 'setItem'> | null = globalThis.localStorage ?? null
): void {
  current.value = next
  storage?.setItem(localeStorageKey, next)
  if (typeof document !== 'undefined') document.documentElement.lang = next
}
