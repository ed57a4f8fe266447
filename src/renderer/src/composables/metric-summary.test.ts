import { describe, expect, it } from 'vitest'
import { goalByName, summarizeMetrics } from './metric-summary'

const series = (values: number[]) => ({ steps: values.map((_, i) => i + 1), values, times: values.map(() => 0) })

describe('goalByName', () => {
  it('reads the goal a name states, and none where it states none', () => {
    expect(['loss', 'eval_loss', 'train/loss', 'val_error', 'perplexity', 'eval/wer', 'rmse'].map(goalByName)).toEqual(Array(7).fill('min'))
    expect(['accuracy', 'eval_accuracy', 'val/acc', 'f1', 'eval_rouge1', 'auc'].map(goalByName)).toEqual(Array(6).fill('max'))
    expect(['learning_rate', 'epoch', 'grad_norm', 'eval_runtime', 'eval_samples_per_second', 'total_flos', 'glossary', 'accumulate'].map(goalByName)).toEqual(
      Array(8).fill(undefined)
    )
  })
})

describe('summarizeMetrics', () => {
  const s = { eval_loss: series([2.8, 2.6, 2.7]), eval_accuracy: series([0.5, 0.7, 0.6]), learning_rate: series([3, 2, 1]) }

  it('gives a best by the name’s goal only when asked (a command trainer’s run)', () => {
    const guessed = Object.fromEntries(summarizeMetrics(s, [], true).map((r) => [r.name, [r.best, r.bestStep]]))
    expect(guessed).toEqual({ eval_accuracy: [0.7, 2], eval_loss: [2.6, 2], learning_rate: [undefined, undefined] })
    expect(summarizeMetrics(s, []).every((r) => r.best === undefined)).toBe(true)
  })

  it('keeps a declared goal over the name', () => {
    const [row] = summarizeMetrics({ loss: series([1, 3, 2]) }, [{ name: 'loss', label: { en: 'Loss', 'zh-CN': '损失' }, goal: 'max' }], true)
    expect([row!.best, row!.bestStep]).toEqual([3, 2])
  })
})
