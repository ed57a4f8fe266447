import { describe, expect, it } from 'vitest'
import en from './analysis-en'
import { createAppI18n, locales } from './index'

function leaves(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('analysis messages', () => {
  // vue-i18n compiles a message on first use: a stray `|` (plural) or `@` (link) only fails on screen.
  it('compile and render in every language', () => {
    for (const locale of locales) {
      const { t } = createAppI18n(locale).global
      for (const key of leaves(en)) {
        const text = t(`analysis.${key}`, { method: 'm', target: 't', goal: 'g', n: 1, seed: 2, r2: 0.5, cv: 0.4, basis: 'b', rows: 3, columns: 4, design: 'd', label: 'l', name: 'n', count: 5, std: 1, lo: 0, hi: 2, groups: 3 })
        expect(text, `${locale} analysis.${key}`).not.toBe(`analysis.${key}`)
      }
    }
    expect(createAppI18n('en').global.t('analysis.index.spearman')).toBe('|ρ| Spearman')
  })
})
