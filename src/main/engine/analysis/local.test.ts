import { describe, expect, it } from 'vitest'
import { localSensitivity } from './local'
import { tableFromRows } from './table'

// y = 2 + 3x + log10(lr) + (act = gelu ? 0.5 : 0), baseline x = 1, lr = 1e-3, act = relu (y0 = 2).
const f = (x: number, lr: number, act: string): number => 2 + 3 * x + Math.log10(lr) + (act === 'gelu' ? 0.5 : 0)
const base = { x: 1, lr: 1e-3, act: 'relu' }
function oatRows(repeats = 1, noise: (k: number) => number = () => 0): Record<string, unknown>[] {
  const pts = [base, { ...base, x: 1.1 }, { ...base, x: 0.9 }, { ...base, lr: 1.1e-3 }, { ...base, act: 'gelu' }]
  return pts.flatMap((p) => Array.from({ length: repeats }, (_, k) => ({ ...p, y: f(p.x, p.lr, p.act) + noise(k) })))
}

describe('local one-at-a-time sensitivity', () => {
  it('gives exact finite differences and elasticities', () => {
    const r = localSensitivity(tableFromRows(oatRows(), { target: 'y', hints: { lr: { log: true } } }))
    const by = Object.fromEntries(r.params.map((p) => [p.name, p]))
    expect(r.y0).toBeCloseTo(2, 12)
    expect(by.x.derivative).toBeCloseTo(3, 10)
    // elasticity = dy/dx · x0 / y0 = 3 · 1 / 2
    expect(by.x.sensitivity).toBeCloseTo(1.5, 10)
    expect(by.x.note).toMatch(/central/)
    // one-sided in log10(lr): dy/dlog10 = 1, elasticity = 1 / ln 10 / y0
    expect(by.lr.derivative).toBeCloseTo(1, 10)
    expect(by.lr.sensitivity).toBeCloseTo(1 / Math.LN10 / 2, 10)
    expect(by.act.sensitivity).toBeCloseTo(0.25, 12)
    expect(r.noise_sd).toBeNull()
  })

  it('puts an interval on the sensitivity from repeated points', () => {
    const r = localSensitivity(tableFromRows(oatRows(3, (k) => [-0.01, 0, 0.01][k]), { target: 'y', hints: { lr: { log: true } } }))
    expect(r.noise_sd).toBeCloseTo(0.01, 12)
    const x = r.params[0]
    // half-width 1.96 · 0.01 · √(2/3) / 0.2 in dy/dx, times x0/y0 = 1/2
    expect((x.sensitivity_hi as number) - (x.sensitivity as number)).toBeCloseTo((1.959964 * 0.01 * Math.sqrt(2 / 3)) / 0.2 / 2, 5)
  })

  it('counts rows that are not one-at-a-time and refuses a table without a baseline row', () => {
    const rows = [...oatRows(), { x: 2, lr: 1e-2, act: 'relu', y: 9 }]
    expect(localSensitivity(tableFromRows(rows, { target: 'y' })).skipped_rows).toBe(1)
    const noBase = oatRows().slice(1)
    expect(() => localSensitivity(tableFromRows(noBase, { target: 'y' }), { baseline: base })).toThrow(/no row has every parameter at the baseline/)
  })
})
