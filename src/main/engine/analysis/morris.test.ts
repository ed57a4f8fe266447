import { describe, expect, it } from 'vitest'
import { makeDesign } from '../studies/design'
import { morrisDesign } from '../studies/designs/morris'
import { parseSpace } from '../studies/space'
import { morrisIndices } from './morris'

function evaluate(points: Float64Array, rows: number, d: number, f: (x: number[]) => number): Float64Array {
  const y = new Float64Array(rows)
  for (let i = 0; i < rows; i++) y[i] = f(Array.from(points.subarray(i * d, (i + 1) * d)))
  return y
}

describe('Morris screening', () => {
  it('gives μ = cᵢ(bᵢ − aᵢ), μ* = |μ| and σ = 0 on a linear additive model', () => {
    const c = [2, -3, 0.5, 0]
    const lows = [0, 10, -1, 5]
    const highs = [1, 12, 3, 9]
    const d = c.length
    const design = morrisDesign({ dims: d, trajectories: 12, levels: 4, seed: 8 })
    const y = evaluate(design.points, design.rows, d, (u) => u.reduce((s, ui, i) => s + c[i] * (lows[i] + ui * (highs[i] - lows[i])), 0))
    const r = morrisIndices(design.points, y, { names: ['a', 'b', 'c', 'd'], seed: 8 })
    expect(r).toMatchObject({ method: 'morris', trajectories: 12, n: 60, seed: 8 })
    r.params.forEach((p, i) => {
      const mu = c[i] * (highs[i] - lows[i])
      expect(p.mu).toBeCloseTo(mu, 10)
      expect(p.mu_star).toBeCloseTo(Math.abs(mu), 10)
      expect(p.sigma).toBeCloseTo(0, 10)
      expect(p.mu_star_lo).toBeCloseTo(Math.abs(mu), 10)
      expect(p.mu_star_hi).toBeCloseTo(Math.abs(mu), 10)
    })
  })

  it('shows non-linear and interacting parameters through σ and intervals that hold μ*', () => {
    const d = 3
    const design = morrisDesign({ dims: d, trajectories: 40, levels: 6, seed: 4 })
    // x0 non-linear, x1 interacts with x2, x2 linear on its own.
    const y = evaluate(design.points, design.rows, d, ([x0, x1, x2]) => 4 * x0 * x0 + 3 * x1 * x2 + x2)
    const r = morrisIndices(design.points, y, { names: ['x0', 'x1', 'x2'], seed: 1, resamples: 500 })
    for (const p of r.params) {
      expect(p.sigma).toBeGreaterThan(0.2)
      expect(p.mu_star_lo).toBeLessThanOrEqual(p.mu_star)
      expect(p.mu_star_hi).toBeGreaterThanOrEqual(p.mu_star)
      expect(p.mu_star_hi - p.mu_star_lo).toBeGreaterThan(0)
    }
    // Effects: x0's 4(2x + Δ) from its lower value x average near 4, x2's 1 + 3x1 near 2.5, x1's 3x2 near 1.5.
    expect(r.params[0].mu_star).toBeGreaterThan(r.params[2].mu_star)
    expect(r.params[2].mu_star).toBeGreaterThan(r.params[1].mu_star)
  })

  it('names the rows that are not a Morris step', () => {
    const points = Float64Array.from([0, 0, 1, 1, 1, 0])
    expect(() => morrisIndices(points, [1, 2, 3], { names: ['a', 'b'], seed: 1 })).toThrow(/rows 1 and 2/)
    expect(() => morrisIndices(points, [1, 2], { names: ['a', 'b'], seed: 1 })).toThrow(/design rows/)
  })
})

describe('Morris screening in the parameter’s measure', () => {
  it('finds y = log10(lr) linear (σ = 0, μ = 4 decades) only when lr is searched on a log scale', () => {
    const run = (log: boolean) => {
      const space = parseSpace({ params: { lr: { type: 'float', low: 1e-5, high: 0.1, log } } })
      const t = makeDesign(space, { method: 'morris', n: 30, seed: 6 })
      const y = t.rows.map(([lr]) => Math.log10(lr as number))
      return morrisIndices(t.unit.points, y, { names: t.names, seed: 6 }).params[0]
    }
    const log = run(true)
    expect(log.mu).toBeCloseTo(4, 9)
    expect(log.sigma).toBeCloseTo(0, 9)
    const linear = run(false)
    expect(linear.sigma).toBeGreaterThan(0.5)
    expect(linear.mu).not.toBeCloseTo(4, 1)
  })
})
