import { describe, expect, it } from 'vitest'
import { analysisNotice } from '../../../shared/messages/analysis'
import type { AnalysisResult } from '../../../shared/schemas/analysis'
import { analysisText } from './analyze-text'

const result: AnalysisResult = {
  method: 'sobol',
  target: 'y',
  goal: 'min',
  n: 80,
  seed: 0,
  params: [{ name: 'lr', S1: 0.4, S1_lo: -0.3, S1_hi: 0.9, ST: 0.6, ST_lo: -0.2, ST_hi: 1.1 }],
  facts: { design: 'saltelli', replicates: 1 },
  warnings: [],
  notices: [
    analysisNotice('intervalTooWide', { param: 'lr', index: 'ST', lo: -0.2, hi: 1.1, n: 80, target: 0.05, needed: 14000 }),
    analysisNotice('sobolSingleDesign', { n: 80, replicates: 8 })
  ],
  constants: [],
  tiers: [{ name: 'lr', tier: 'unclear', basis: 'ST', importance: 0.6, importance_lo: -0.2, importance_hi: 1.1, low: 0.1, high: 0.5, widened: true, best: 0.5 }],
  noise: null,
  rows: { names: ['lr'], values: [], target: [] },
  overTraining: null
}

describe('analyze text', () => {
  it('prints the tier with the index it reads, warnings and how it was computed, in English by default', () => {
    const text = analysisText(result)
    expect(text).toMatch(/parameter\s+S1\s+ST\s+tier \(by ST\)\s+best range/)
    expect(text).toMatch(/lr\s+0\.400 \[-0\.300, 0\.900\]\s+0\.600 \[-0\.200, 1\.100\]\s+unclear\s+0\.100 … 0\.500 \*/)
    expect(text).toContain('warnings:\n  - lr: the ST interval [-0.2, 1.1] is wider than an index’s whole range (0 to 1): far too few evaluations for this.')
    expect(text).toContain('how this was computed:\n  - One scrambled design, the accurate default')
  })

  it('words the notices in Chinese when asked', () => {
    const text = analysisText(result, 'zh-CN')
    expect(text).toContain('lr：ST 的区间 [-0.2, 1.1] 比指标的整个取值范围（0 到 1）还宽：评估次数远远不够。约需 14000 次评估')
    expect(text).toContain('单个加扰设计（精确的默认设置）')
  })
})
