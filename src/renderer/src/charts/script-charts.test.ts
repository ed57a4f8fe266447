import { describe, expect, it } from 'vitest'
import type { Series } from '../../../shared/api'
import { scriptChartNames } from './script-charts'

const s = (points: number): Series => ({ steps: Array.from({ length: points }, (_, i) => i), values: new Array(points).fill(1), times: new Array(points).fill(0), channel: 'stdout' })

describe('scriptChartNames', () => {
  it('charts the declared metrics first, then other curves in arrival order', () => {
    const series = { epoch: s(5), eval_loss: s(3), loss: s(5), train_runtime: s(1), accuracy: s(1) }
    expect(scriptChartNames(series, ['accuracy', 'loss', 'missing'], [])).toEqual(['accuracy', 'loss', 'epoch', 'eval_loss'])
  })

  it('leaves out what the page shows elsewhere', () => {
    const series = { 'train/loss': s(4), lr: s(4), 'sys/cpu': s(4), 'params/total': s(1), 'grad_norm/global': s(4), loss: s(4) }
    expect(scriptChartNames(series, ['train/loss', 'loss'], ['train/loss', 'val/loss', 'lr'])).toEqual(['loss'])
  })
})
