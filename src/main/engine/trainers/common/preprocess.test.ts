import { formatMessage } from '../../../../shared/messages'
import { describe, expect, it } from 'vitest'
import type { MixedColumn } from '../../datasets/readers/mixed'
import { completeRows, encodedNames, encodeRows, firstMissing, fitPreprocessing, type PreprocessOptions } from './preprocess'

const NaN_ = Number.NaN
const columns: MixedColumn[] = [
  { name: 'size', kind: 'numeric', values: Float64Array.from([1, NaN_, 3, 10, NaN_, 6]) },
  { name: 'colour', kind: 'categorical', values: ['red', 'blue', 'red', 'green', '', 'violet'] }
]
const defaults: PreprocessOptions = { categorical: 'one_hot', maxLevels: 20, missing: 'median', indicator: false }
const train = Uint32Array.from([0, 1, 2, 3])

describe('fitPreprocessing', () => {
  it('learns levels by training frequency and the median of the training rows only, and says so', () => {
    const { plan, log } = fitPreprocessing(columns, train, defaults)
    expect(plan.columns).toEqual([
      { name: 'size', kind: 'numeric', fill: 3, indicator: false },
      { name: 'colour', kind: 'categorical', levels: ['red', 'blue', 'green'] }
    ])
    expect(log.map((m) => formatMessage('en', m))).toEqual(['size: 2 missing, median 3', 'colour: one-hot, 3 levels'])
    expect(log.map((m) => formatMessage('zh-CN', m))).toEqual(['size：缺失 2 个，用中位数 3 填充', 'colour：独热编码，3 个水平'])
  })

  it('encodes unseen levels and missing cells as other, and missing numbers with the fill and an indicator', () => {
    const { plan } = fitPreprocessing(columns, train, { ...defaults, missing: 'mean', indicator: true, maxLevels: 1 })
    expect(plan.columns[0]).toEqual({ name: 'size', kind: 'numeric', fill: 14 / 3, indicator: true })
    expect(encodedNames(plan)).toEqual(['size', 'size (missing)', 'colour=red', 'colour=(other)'])
    expect(Array.from(encodeRows(plan, columns, 6, Uint32Array.from([1, 4, 5])))).toEqual([14 / 3, 1, 0, 1, 14 / 3, 1, 0, 1, 6, 0, 0, 1])
  })

  it('drops categorical columns when asked', () => {
    const { plan, log } = fitPreprocessing(columns, train, { ...defaults, categorical: 'drop' })
    expect(encodedNames(plan)).toEqual(['size'])
    expect(log.map((m) => formatMessage('en', m))).toContain('colour: categorical, dropped')
  })

  it('finds the first missing cell and the complete rows', () => {
    expect(firstMissing(columns)).toEqual({ column: 'size', row: 1 })
    expect(Array.from(completeRows(columns, 6))).toEqual([0, 2, 3, 5])
  })
})
