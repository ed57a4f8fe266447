import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors'
import type { PruneReason, PruneReasonCode } from './curves'
import { pruneMessages, pruneReasonText } from './messages'
import { createPruner, type PrunerSpec } from './pruner'
import { curve } from './testing'

const fields = (fn: () => unknown) => {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return (err as AppError).details!.issues!.map((i) => i.field)
  }
  throw new Error('expected an error')
}

describe('the study’s pruner', () => {
  it('builds each kind, and none never prunes', () => {
    const bad = curve('t', [NaN], 'running')
    expect(createPruner({ kind: 'none' }, 'min')(bad, []).prune).toBe(false)
    expect(createPruner({ kind: 'asha' }, 'min')(bad, []).prune).toBe(true)
    expect(createPruner({ kind: 'hyperband', maxResource: 27 }, 'min')(curve('t', [1, 2, 3], 'running'), []).prune).toBe(false)
    expect(createPruner({ kind: 'median', nStartupTrials: undefined }, 'max')(bad, []).prune).toBe(false)
  })

  it('names an unknown kind and options the kind does not take', () => {
    expect(fields(() => createPruner({ kind: 'patient' } as unknown as PrunerSpec, 'min'))).toEqual(['pruner.kind'])
    expect(fields(() => createPruner({ kind: 'median', minResource: 2 } as unknown as PrunerSpec, 'min'))).toEqual(['pruner.minResource'])
    expect(fields(() => createPruner({ kind: 'none', nWarmupSteps: 2 } as unknown as PrunerSpec, 'min'))).toEqual(['pruner.nWarmupSteps'])
    expect(fields(() => createPruner({ kind: 'asha', reductionFactor: 0 }, 'min'))).toEqual(['pruner.reductionFactor'])
  })
})

describe('pruning reasons in words', () => {
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

  it('words every code in both languages with the same values', () => {
    const codes = Object.keys(pruneMessages.en) as PruneReasonCode[]
    expect(Object.keys(pruneMessages['zh-CN']).sort()).toEqual([...codes].sort())
    for (const code of codes) expect(placeholders(pruneMessages['zh-CN'][code]), code).toEqual(placeholders(pruneMessages.en[code]))
  })

  it('fills a decision’s values, numbers to three significant digits', () => {
    const reason: PruneReason = { code: 'median', values: { step: 2, best: 0.8512345, median: 0.8, trials: 5 } }
    expect(pruneReasonText('en', reason)).toBe('Pruned at step 2: its best value so far, 0.851, is worse than the median 0.8 of 5 finished trials at that step.')
    expect(pruneReasonText('zh-CN', reason)).toBe('在第 2 步剪枝：目前最好值 0.851 劣于 5 个已完成试验在该步的中位数 0.8。')
    const rung = createPruner({ kind: 'asha', reductionFactor: 2 }, 'min')(curve('t', [0.9], 'running'), [curve('a', [0.1])]).reason!
    for (const locale of ['en', 'zh-CN'] as const) expect(pruneReasonText(locale, rung)).not.toMatch(/\{\w+\}/)
  })
})
