import { describe, expect, it } from 'vitest'
import { designMethods } from '../../../shared/schemas/studies'
import { makeDesign } from './design'
import { parseSpace } from './space'

const space = parseSpace({
  params: {
    'optimizer.lr': { type: 'float', low: 1e-5, high: 0.1, log: true },
    'model.layers': { type: 'int', low: 1, high: 4, baseline: 2 },
    'optimizer.name': { type: 'categorical', choices: ['adamw', 'sgd'] }
  }
})
const numeric = parseSpace({ params: { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 1, high: 100, log: true }, c: { type: 'int', low: 0, high: 10 } } })

describe('designs over a search space', () => {
  it('returns values in each parameter’s measure for every method that takes categories', () => {
    for (const method of ['grid', 'random', 'lhs', 'sobol', 'saltelli', 'morris', 'oat'] as const) {
      const t = makeDesign(space, { method, n: method === 'saltelli' ? 16 : 4, seed: 3 })
      expect(t.names).toEqual(['optimizer.lr', 'model.layers', 'optimizer.name'])
      expect(t.rows.length).toBe(t.unit.rows)
      for (const [lr, layers, name] of t.rows) {
        expect(lr).toBeGreaterThanOrEqual(1e-5)
        expect(lr).toBeLessThanOrEqual(0.1)
        expect([1, 2, 3, 4]).toContain(layers)
        expect(['adamw', 'sgd']).toContain(name)
      }
    }
  })

  it('builds the full factorial from the space’s own levels', () => {
    const t = makeDesign(space, { method: 'grid', n: 3, seed: 0 })
    expect(t.rows).toHaveLength(3 * 3 * 2)
    expect(new Set(t.rows.map((r) => r[0] as number)).size).toBe(3)
    const t4 = makeDesign(space, { method: 'grid', n: 4, seed: 0 })
    expect([...new Set(t4.rows.map((r) => r[1]))]).toEqual([1, 2, 3, 4])
  })

  it('holds others at the baseline in one-at-a-time rows', () => {
    const t = makeDesign(space, { method: 'oat', n: 3, seed: 0 })
    expect(t.rows[0][1]).toBe(2)
    expect(t.rows[0][0]).toBeCloseTo(1e-3, 12)
  })

  it('records replicates, levels and α for the analysis', () => {
    expect(makeDesign(numeric, { method: 'saltelli', n: 64, seed: 1, secondOrder: false }).meta).toEqual({ replicates: 1, baseRows: 64, secondOrder: false })
    expect(makeDesign(numeric, { method: 'morris', n: 5, seed: 1, levels: 6 }).meta).toMatchObject({ trajectories: 5, levels: 6 })
    expect(makeDesign(numeric, { method: 'ccd', n: 2, seed: 1 }).meta.alpha).toBeCloseTo(8 ** 0.25, 12)
    expect(makeDesign(numeric, { method: 'box-behnken', n: 3, seed: 1 }).rows).toHaveLength(15)
  })

  it('refuses categorical parameters in response-surface designs, naming them', () => {
    expect(() => makeDesign(space, { method: 'ccd', n: 1, seed: 1 })).toThrow(/params.optimizer.name: is categorical/)
    expect(designMethods).toHaveLength(9)
  })

  it('repeats for a seed', () => {
    expect(makeDesign(space, { method: 'lhs', n: 10, seed: 9 }).rows).toEqual(makeDesign(space, { method: 'lhs', n: 10, seed: 9 }).rows)
  })
})
