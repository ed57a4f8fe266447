import { describe, expect, it } from 'vitest'
import { learningRate } from './schedules'

describe('learningRate', () => {
  it('is the peak throughout when constant', () => {
    expect([1, 50, 100].map((s) => learningRate({ name: 'constant' }, 0.01, s, 100))).toEqual([0.01, 0.01, 0.01])
  })
  it('warms up linearly, then decays by a half cosine to the floor on the last step', () => {
    const spec = { name: 'warmup_cosine' as const, warmupSteps: 10, minLr: 0.001 }
    expect(learningRate(spec, 0.1, 1, 110)).toBeCloseTo(0.01, 12)
    expect(learningRate(spec, 0.1, 10, 110)).toBeCloseTo(0.1, 12)
    expect(learningRate(spec, 0.1, 60, 110)).toBeCloseTo(0.0505, 12)
    expect(learningRate(spec, 0.1, 110, 110)).toBeCloseTo(0.001, 12)
  })
  it('is a pure cosine without warmup', () => {
    expect(learningRate({ name: 'warmup_cosine', warmupSteps: 0, minLr: 0 }, 1, 1, 2)).toBeCloseTo(0.5, 12)
  })
})
