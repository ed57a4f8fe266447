import { describe, expect, it } from 'vitest'
import { isKnownLang, pickCliLocale, takeLang } from './locale'

describe('pickCliLocale', () => {
  it('lets --lang win over the environment', () => {
    expect(pickCliLocale('zh-CN', { LANG: 'en_US.UTF-8' })).toBe('zh-CN')
    expect(pickCliLocale('en', { LC_ALL: 'zh_CN.UTF-8' })).toBe('en')
  })
  it('reads PARAMSCOPE_LANG, then LC_ALL, LC_MESSAGES and LANG in that order', () => {
    expect(pickCliLocale(undefined, { PARAMSCOPE_LANG: 'zh', LANG: 'en_US.UTF-8' })).toBe('zh-CN')
    expect(pickCliLocale(undefined, { LC_ALL: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh-CN')
    expect(pickCliLocale(undefined, { LC_ALL: '', LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US' })).toBe('zh-CN')
    expect(pickCliLocale(undefined, { LANG: 'C.UTF-8' })).toBe('en')
  })
  it('skips a language it does not have and falls back to English', () => {
    expect(pickCliLocale(undefined, { LC_ALL: 'fr_FR.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('zh-CN')
    expect(pickCliLocale(undefined, {})).toBe('en')
    expect(isKnownLang('fr')).toBe(false)
    expect(isKnownLang('zh-CN')).toBe(true)
  })
})

describe('takeLang', () => {
  it('takes --lang from anywhere in the arguments', () => {
    expect(takeLang(['runs', 'show', '3', '--lang', 'zh-CN'])).toEqual({ lang: 'zh-CN', rest: ['runs', 'show', '3'] })
    expect(takeLang(['--lang=en', 'analyze', '--target', 'y'])).toEqual({ lang: 'en', rest: ['analyze', '--target', 'y'] })
    expect(takeLang(['trainers'])).toEqual({ lang: undefined, rest: ['trainers'] })
    expect(takeLang(['trainers', '--lang'])).toEqual({ lang: '', rest: ['trainers'] })
  })
})
