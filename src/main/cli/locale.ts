/**
 * The language the CLI words its messages in: `--lang` wins, then PARAMSCOPE_LANG, then the
 * environment's locale as POSIX orders it (LC_ALL, LC_MESSAGES, LANG). Chinese for any `zh*`,
 * English otherwise, as the window's own choice falls back.
 */
export type CliLocale = 'en' | 'zh-CN'

export const cliLocales: readonly CliLocale[] = ['en', 'zh-CN']

/** `zh`, `zh_CN.UTF-8`, `zh-Hans`… → zh-CN; `en_US`, `C`, `POSIX` → en; anything else → undefined. */
export function localeFromTag(tag: string | undefined): CliLocale | undefined {
  const t = tag?.trim().toLowerCase()
  if (!t) return undefined
  if (t.startsWith('zh')) return 'zh-CN'
  if (t.startsWith('en') || t === 'c' || t.startsWith('c.') || t === 'posix') return 'en'
  return undefined
}

/**
 * Picks the locale from the `--lang` value (checked: an unknown value is refused by the caller via
 * `undefined`) and the environment. An unknown environment value falls through to the next one.
 */
export function pickCliLocale(lang: string | undefined, env: NodeJS.ProcessEnv = process.env): CliLocale {
  if (lang !== undefined) {
    const chosen = localeFromTag(lang)
    if (chosen) return chosen
  }
  for (const name of ['PARAMSCOPE_LANG', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const chosen = localeFromTag(env[name])
    if (chosen) return chosen
  }
  return 'en'
}

/** True when `--lang` names a language we have (so the CLI can refuse `--lang fr` by name). */
export function isKnownLang(lang: string): boolean {
  return localeFromTag(lang) !== undefined
}

/**
 * Takes `--lang X` or `--lang=X` out of the arguments, wherever it stands, so every command
 * (those with their own option parsers too) accepts it. `lang` is '' when the flag has no value.
 */
export function takeLang(argv: readonly string[]): { lang: string | undefined; rest: string[] } {
  const rest: string[] = []
  let lang: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (a === '--lang') {
      const next = argv[i + 1]
      lang = next === undefined || next.startsWith('--') ? '' : next
      if (lang !== '') i++
    } else if (a.startsWith('--lang=')) lang = a.slice('--lang='.length)
    else rest.push(a)
  }
  return { lang, rest }
}
