import { describe, expect, it } from 'vitest'
import en from './analysis-en'
import { analysisFactCodes, analysisMessage, analysisMessageCodes, analysisNotice } from './analysis'
import zhCN from './analysis-zh-CN'

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe('analysis messages', () => {
  it('word every code in both languages with the same values', () => {
    expect(Object.keys(zhCN.messages).sort()).toEqual(Object.keys(en.messages).sort())
    for (const code of analysisMessageCodes) expect(placeholders(zhCN.messages[code]), code).toEqual(placeholders(en.messages[code]))
    for (const code of analysisFactCodes) expect(analysisMessageCodes).toContain(code)
  })

  it('fills values, translating the ones that name a word, and rounds numbers for reading', () => {
    const values = { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: 'other' }
    expect(analysisMessage('en', 'estimatorSwitched', values)).toBe(
      'You chose Sobol indices, but its Saltelli estimators need rows in a Saltelli design, and these rows are not one (design: other (random, grid, imported…)). So this ran Sobol indices of a random forest fitted to the rows (spread across trees) instead.'
    )
    expect(analysisMessage('zh-CN', 'estimatorSwitched', values)).toMatch(/^你选择了Sobol 指数，但其 Saltelli 估计量.+（设计：其他（随机、网格、导入…））。因此改为运行对这些行拟合的随机森林的 Sobol 指数/)
    expect(analysisMessage('en', 'totalAboveOne', { param: 'lr', index: 'ST', value: 1.23456, n: 80, needed: 2900 })).toBe(
      'lr: ST = 1.23 is above 1, which a share of variance cannot be: far too few evaluations for this. About 2900 evaluations would be needed (now 80).'
    )
    expect(analysisMessage('zh-CN', 'rowsDropped', { count: 2, where: 'line', target: 'y', rows: '3, 9' })).toBe('2 行没有 y 的值，已略去（行 3, 9）。')
  })

  it('names, in words, the method that ran when a study lost points of its design', () => {
    const values = { missing: 2, points: 64, design: 'saltelli', ran: 'fanova' }
    expect(analysisMessage('en', 'studyDesignIncompleteRan', values)).toBe(
      '2 of the 64 points of the study’s Saltelli design have no finished trial, so the rows no longer form that design and its own estimator cannot read them: this ran Functional ANOVA (random forest) instead.'
    )
    expect(analysisMessage('zh-CN', 'studyDesignIncompleteRan', values)).toMatch(/64 个点中有 2 个.+改为运行了函数型方差分析（随机森林）。$/)
  })

  it('builds a notice with its English sentence for JSON readers', () => {
    expect(analysisNotice('lowOobR2', { r2: 0.123 })).toEqual({ code: 'lowOobR2', params: { r2: 0.123 }, message: expect.stringMatching(/^Out-of-bag R² is 0\.123:/) })
  })
})
