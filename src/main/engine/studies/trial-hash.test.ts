import { describe, expect, it } from 'vitest'
import { canonicalJson, trialHash } from './trial-hash'

describe('trialHash', () => {
  it('gives the same hash to the same parameters in another order', () => {
    const a = trialHash({ 'optimizer.lr': 0.01, 'model.hidden_size': 32, 'optimizer.name': 'sgd', 'training.shuffle': true }, 0)
    const b = trialHash({ 'training.shuffle': true, 'optimizer.name': 'sgd', 'model.hidden_size': 32, 'optimizer.lr': 0.01 }, 0)
    expect(a).toBe(b)
    expect(a).toMatch(/^[0-9a-f]{64}$/)
  })

  it('tells apart values a user means apart, not binary noise', () => {
    expect(trialHash({ lr: 0.1 }, 0)).not.toBe(trialHash({ lr: 0.1000000001 }, 0))
    expect(trialHash({ lr: 0.1 + 0.2 }, 0)).toBe(trialHash({ lr: 0.3 }, 0))
    expect(trialHash({ x: -0 }, 0)).toBe(trialHash({ x: 0 }, 0))
    expect(trialHash({ x: 1 }, 0)).not.toBe(trialHash({ x: '1' }, 0))
    expect(trialHash({ x: 1 }, 0)).not.toBe(trialHash({ x: true }, 0))
  })

  it('tells apart repeats of one point and refuses values that are not finite', () => {
    expect(trialHash({ lr: 0.1 }, 0)).not.toBe(trialHash({ lr: 0.1 }, 1))
    expect(() => canonicalJson({ lr: Number.NaN })).toThrow(/NaN cannot be a trial parameter/)
  })
})
