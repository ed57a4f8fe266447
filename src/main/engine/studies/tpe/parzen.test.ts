import { describe, expect, it } from 'vitest'
import { Rng } from '../../random'
import type { SpaceParam } from '../space'
import { dimOf, parzenEstimator, rampWeights } from './parzen'
import { erfc, normalCdf, normalMass, sampleTruncatedNormal } from './truncated-normal'

describe('the normal distribution of the kernels', () => {
  it('matches known values of erfc and Φ, tails included', () => {
    expect(erfc(0)).toBeCloseTo(1, 7)
    expect(erfc(1) / 0.157299207050285).toBeCloseTo(1, 6)
    expect(erfc(5) / 1.53745979442803e-12).toBeCloseTo(1, 6)
    expect(erfc(-2)).toBeCloseTo(2 - 0.004677734981047266, 7)
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 7)
  })

  it('takes an interval’s mass from the nearer tail and narrow cells by their midpoint', () => {
    expect(normalMass(-1, 1)).toBeCloseTo(0.682689492137086, 7)
    // Both ends far in the upper tail: 1 − Φ(8) ≈ 6.2e-16 would be lost in a subtraction near 1.
    expect(normalMass(8, 9) / (6.22096057427178e-16 - 1.12858840595384e-19)).toBeCloseTo(1, 5)
    expect(normalMass(-9, -8) / (6.22096057427178e-16 - 1.12858840595384e-19)).toBeCloseTo(1, 5)
    expect(normalMass(0.5, 0.505) / (normalCdf(0.505) - normalCdf(0.5))).toBeCloseTo(1, 5)
  })

  it('draws inside the window with the truncated mean', () => {
    const rng = new Rng(3)
    let sum = 0
    let outside = 0
    const n = 20000
    for (let i = 0; i < n; i++) {
      const x = sampleTruncatedNormal(rng, 0, 1, 0, Infinity)
      if (x < 0) outside++
      sum += x
    }
    expect(outside).toBe(0)
    // E[Z | Z > 0] = √(2/π) ≈ 0.798; the standard error of the mean is about 0.004.
    expect(sum / n).toBeCloseTo(Math.sqrt(2 / Math.PI), 1)
    const far = Array.from({ length: 200 }, () => sampleTruncatedNormal(rng, 0, 1, 6, 7))
    expect(far.every((x) => x >= 6 && x <= 7)).toBe(true)
    // Past 6σ the density falls by e^-6.5 per unit, so most draws sit just above 6.
    expect(far.filter((x) => x < 6.5).length).toBeGreaterThan(180)
  })
})

describe('the Parzen estimator', () => {
  const rng = new Rng(11)
  const observe = (p: SpaceParam, n: number): Float64Array =>
    Float64Array.from({ length: n }, () => {
      if (p.type === 'categorical') return rng.int(p.choices.length)
      if (p.type === 'int') return p.low + rng.int(p.high - p.low + 1)
      if (p.step) return p.low + rng.int(Math.floor((p.high - p.low) / p.step) + 1) * p.step
      return p.log ? Math.exp(rng.uniform(Math.log(p.low), Math.log(p.high))) : rng.uniform(p.low, p.high)
    })

  it('weights the 25 newest trials fully and ramps the older up from 1/n, as Optuna does', () => {
    expect([...rampWeights(3)]).toEqual([1, 1, 1])
    const w = rampWeights(30)
    expect(w[0]).toBeCloseTo(1 / 30, 12)
    expect(w[4]).toBeCloseTo(1, 12)
    expect([...w.slice(5)]).toEqual(new Array(25).fill(1))
  })

  it('is a density in each measure: it integrates, or sums over the levels, to 1', () => {
    const cases: SpaceParam[] = [
      { name: 'x', type: 'float', low: -2, high: 3, log: false },
      { name: 'lr', type: 'float', low: 1e-4, high: 1, log: true }
    ]
    for (const p of cases)
      for (const multivariate of [false, true])
        for (const n of [0, 1, 7, 60]) {
          const dim = dimOf(p)
          if (dim.kind === 'categorical') throw new Error('numeric case expected')
          const est = parzenEstimator([dim], [observe(p, n)], { priorWeight: 1, multivariate })
          // The density is over ln x on a log scale: integrate there with the midpoint rule.
          const m = 20000
          const h = (dim.hi - dim.lo) / m
          const points = Float64Array.from({ length: m }, (_, i) => {
            const t = dim.lo + (i + 0.5) * h
            return dim.log ? Math.exp(t) : t
          })
          const total = est.logPdf([points], m).reduce((s, v) => s + Math.exp(v) * h, 0)
          expect(total, `${p.name} n=${n} multivariate=${multivariate}`).toBeCloseTo(1, 3)
        }
    const discrete: SpaceParam[] = [
      { name: 'units', type: 'int', low: 1, high: 300, log: true, step: 1 },
      { name: 'layers', type: 'int', low: 2, high: 12, log: false, step: 2 },
      { name: 'drop', type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
      { name: 'opt', type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] }
    ]
    for (const p of discrete)
      for (const n of [0, 5, 80]) {
        const dim = dimOf(p)
        const levels =
          p.type === 'categorical'
            ? p.choices.map((_, i) => i)
            : Array.from({ length: Math.round((p.high - p.low) / (p.type === 'int' && p.log ? 1 : p.step!)) + 1 }, (_, i) => Number((p.low + i * (p.type === 'int' && p.log ? 1 : p.step!)).toPrecision(12)))
        const est = parzenEstimator([dim], [observe(p, n)], { priorWeight: 1, multivariate: false })
        const total = est.logPdf([Float64Array.from(levels)], levels.length).reduce((s, v) => s + Math.exp(v), 0)
        expect(total, `${p.name} n=${n}`).toBeCloseTo(1, 5)
      }
  })

  it('draws values of the parameter’s own kind, near the observations', () => {
    const p: SpaceParam = { name: 'drop', type: 'float', low: 0, high: 0.5, log: false, step: 0.05 }
    const est = parzenEstimator([dimOf(p)], [Float64Array.from([0.1, 0.1, 0.15, 0.1, 0.1, 0.05, 0.1, 0.1, 0.1, 0.1])], { priorWeight: 1, multivariate: false })
    const [draws] = est.sample(new Rng(5), 400)
    const levels = new Set(Array.from({ length: 11 }, (_, i) => Number((i * 0.05).toPrecision(12))))
    for (const x of draws) expect(levels.has(x), String(x)).toBe(true)
    expect(draws.filter((x) => x >= 0.05 && x <= 0.15).length).toBeGreaterThan(300)
  })

  it('keeps merged kernels’ weights as given', () => {
    const p: SpaceParam = { name: 'x', type: 'float', low: 0, high: 1, log: false }
    // Two kernels (σ = 1/4), the second carrying nine times the first's weight: P(x > ½) is
    // 0.9·0.916 + 0.1·0.083 ≈ 0.833, against ½ for equal weights.
    const share = (weights: number[]) => {
      const est = parzenEstimator([dimOf(p)], [Float64Array.from([0.1, 0.9])], { priorWeight: 1e-9, multivariate: true }, { weights: Float64Array.from(weights), trials: 2 })
      const [draws] = est.sample(new Rng(1), 2000)
      return draws.filter((x) => x > 0.5).length / 2000
    }
    expect(share([1, 9])).toBeCloseTo(0.833, 1)
    expect(share([1, 1])).toBeCloseTo(0.5, 1)
  })
})
