import { describe, expect, it } from 'vitest'
import { Rng } from '../../random'
import type { SpaceParam } from '../space'
import { compress } from './compress'
import { dimOf, parzenEstimator, rampWeights } from './parzen'

const params: SpaceParam[] = [
  { name: 'x', type: 'float', low: 0, high: 1, log: false },
  { name: 'lr', type: 'float', low: 1e-5, high: 1, log: true },
  { name: 'units', type: 'int', low: 1, high: 1024, log: true, step: 1 },
  { name: 'layers', type: 'int', low: 1, high: 8, log: false, step: 1 },
  { name: 'dropout', type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
  { name: 'optimizer', type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] }
]

/** n observations, a third of them clustered (as a TPE history is), in the parameter's own values. */
function observations(p: SpaceParam, n: number): Float64Array {
  const rng = new Rng(2)
  return Float64Array.from({ length: n }, () => {
    const u = rng.next() < 1 / 3 ? Math.min(1, Math.max(0, 0.3 + 0.05 * rng.normal())) : rng.next()
    if (p.type === 'categorical') return Math.min(2, Math.floor(u * 3))
    if (p.name === 'lr') return Math.exp(Math.log(1e-5) + u * Math.log(1e5))
    if (p.name === 'units') return Math.min(1024, Math.max(1, Math.round(Math.exp(u * Math.log(1024)))))
    if (p.name === 'layers') return 1 + Math.min(7, Math.floor(u * 8))
    if (p.name === 'dropout') return Number((Math.min(10, Math.floor(u * 11)) * 0.05).toPrecision(12))
    return u
  })
}

describe('fewer kernels for many trials', () => {
  it('merges one parameter’s kernels into a mixture within 1 % of the full one', () => {
    for (const p of params) {
      const dim = dimOf(p)
      const values = observations(p, 6000)
      const full = parzenEstimator([dim], [values], { priorWeight: 1, multivariate: false })
      const c = compress(dim, values)
      expect(c.values.length, p.name).toBeLessThanOrEqual(1536)
      expect(c.merged.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(rampWeights(6000).reduce((s, w) => s + w, 0), 6)
      const merged = parzenEstimator([dim], [c.values], { priorWeight: 1, multivariate: false }, c.merged)
      const points = full.sample(new Rng(3), 300)
      const a = full.logPdf(points, 300)
      const b = merged.logPdf(points, 300)
      const worst = a.reduce((m, la, i) => Math.max(m, Math.abs(Math.exp(b[i] - la) - 1)), 0)
      expect(worst, p.name).toBeLessThan(0.01)
    }
  })
})
