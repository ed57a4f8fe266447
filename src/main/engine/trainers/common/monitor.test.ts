import { describe, expect, it } from 'vitest'
import { formatMessage, msg } from '../../../../shared/messages'
import { EarlyStopper, firstNonFinite, GradientWindow } from './monitor'

/** Feeds evaluations until the stopper says stop; returns the epoch it stopped at and why, or null. */
function stopAt(stopper: EarlyStopper, values: number[], metric = 'val/loss'): { epoch: number; reason: string } | null {
  for (const [i, v] of values.entries()) {
    const reason = stopper.observe({ [metric]: v }, msg('log.atEpoch', { epoch: i + 1 }))
    if (reason) return { epoch: i + 1, reason: formatMessage('en', reason) }
  }
  return null
}

describe('early stopping', () => {
  it('stops after `patience` evaluations without an improvement larger than the minimum delta', () => {
    const values = [1, 0.8, 0.79, 0.795, 0.78, 0.7]
    // With min delta 0.05, 0.79, 0.795 and 0.78 are not improvements on 0.8: the third of them stops.
    expect(stopAt(new EarlyStopper({ patience: 3, minDelta: 0.05, ema: 0, metric: 'val/loss' }), values)).toEqual({
      epoch: 5,
      reason: 'early stop at epoch 5: val/loss did not improve by 0.05 for 3 evaluations'
    })
    // Without a minimum delta each of them improves on the last best but 0.795: no stop.
    expect(stopAt(new EarlyStopper({ patience: 3, minDelta: 0, ema: 0, metric: 'val/loss' }), values)).toBeNull()
    expect(stopAt(new EarlyStopper({ patience: 0, minDelta: 0.05, ema: 0, metric: 'val/loss' }), values)).toBeNull()
  })

  it('watches accuracy upwards', () => {
    const stopper = new EarlyStopper({ patience: 2, minDelta: 0, ema: 0, metric: 'val/accuracy' })
    expect(stopAt(stopper, [0.5, 0.7, 0.69, 0.71, 0.7, 0.7], 'val/accuracy')?.epoch).toBe(6)
  })

  it('smooths the metric with an EMA, so that one lucky evaluation does not end a run that still improves', () => {
    // A falling trend with one lucky dip at epoch 2 that the raw values do not beat again.
    const lucky = [1, 0.5, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55]
    expect(stopAt(new EarlyStopper({ patience: 3, minDelta: 0, ema: 0, metric: 'val/loss' }), lucky)?.epoch).toBe(5)
    expect(stopAt(new EarlyStopper({ patience: 3, minDelta: 0, ema: 0.8, metric: 'val/loss' }), lucky)).toBeNull()
    expect(stopAt(new EarlyStopper({ patience: 3, minDelta: 0, ema: 0.8, metric: 'val/loss' }), [1, 1, 1, 1, 1])).toEqual({
      epoch: 4,
      reason: 'early stop at epoch 4: val/loss (EMA 0.8) did not improve by 0 for 3 evaluations'
    })
    const stop = new EarlyStopper({ patience: 1, minDelta: 0, ema: 0, metric: 'val/loss' })
    stop.observe({ 'val/loss': 1 }, msg('log.atEpoch', { epoch: 1 }))
    expect(formatMessage('zh-CN', stop.observe({ 'val/loss': 1 }, msg('log.atEpoch', { epoch: 2 }))!)).toBe('在第 2 轮提前停止：val/loss 连续 1 次评估改善未达到 0')
  })
})

describe('the gradient window', () => {
  it('passes the diagnostics through and adds the variance of each gradient norm over the window', () => {
    const window = new GradientWindow(['grad_norm/global', 'update_ratio/layer0'], 3)
    expect(window.record([1, 0.1]).metrics).toEqual([['grad_norm/global', 1], ['update_ratio/layer0', 0.1]])
    expect(window.record([3, 0.2]).metrics).toContainEqual(['grad_norm_var/global', 1])
    window.record([5, 0.3])
    // The window holds 3, 5 and 7 once the 1 has left it: variance 8/3.
    const [, , variance] = window.record([7, 0.4]).metrics
    expect(variance[0]).toBe('grad_norm_var/global')
    expect(variance[1]).toBeCloseTo(8 / 3, 12)
  })

  it('names the first diagnostic that is NaN or infinite, and the first such tensor', () => {
    const window = new GradientWindow(['grad_norm/global', 'grad_norm/layer1'], 4)
    expect(window.record([1, Infinity])).toEqual({ metrics: [], nonFinite: 'grad_norm/layer1 is Infinity' })
    expect(firstNonFinite([['a', [1, 2]], ['b', [3, NaN]], ['c', [-Infinity]]])).toEqual({ name: 'b', value: NaN })
    expect(firstNonFinite([['a', [1]]])).toBeNull()
  })
})
