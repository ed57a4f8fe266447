import { describe, expect, it } from 'vitest'
import { errorCodes } from '../../../shared/errors'
import { runStatuses } from '../../../shared/api'
import en from './en'
import zhCN from './zh-CN'
import { applyLocale, createAppI18n, localeStorageKey, pickLocale } from './index'

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('locale choice', () => {
  it('keeps a saved choice, else follows the browser language, else English', () => {
    expect(pickLocale('en', ['zh-CN'])).toBe('en')
    expect(pickLocale(null, ['zh-TW', 'en'])).toBe('zh-CN')
    expect(pickLocale('fr', ['en-GB'])).toBe('en')
    expect(pickLocale(null, ['de-DE'])).toBe('en')
  })

  it('switches the language and remembers it', () => {
    const i18n = createAppI18n('en')
    const saved = new Map<string, string>()
    applyLocale(i18n.global.locale, 'zh-CN', { setItem: (k, v) => saved.set(k, v) })
    expect(i18n.global.t('status.running')).toBe('运行中')
    expect(saved.get(localeStorageKey)).toBe('zh-CN')
  })
})

describe('messages', () => {
  it('have the same keys in both languages and no empty text', () => {
    expect(leaves(zhCN)).toEqual(leaves(en))
    for (const key of leaves(zhCN)) expect(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN)).not.toBe('')
  })

  it('name every run status and error code of the contract', () => {
    const i18n = createAppI18n('zh-CN')
    for (const status of runStatuses) expect(i18n.global.te(`status.${status}`)).toBe(true)
    for (const code of errorCodes) expect(i18n.global.te(`errors.${code}`)).toBe(true)
  })
})
