/** The analysis job run in-process (the math a worker runs): each method in the analyze JSON shape. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisColumns, AnalysisResult } from '../../../../shared/schemas/analysis'
import { AppError } from '../../../../shared/errors'
import { Rng } from '../../random'
import type { RunOptions } from './job'
import { runJob } from './run-job'
import { ishigami, ishigamiSpace, randomRows, writeCsv, writeDesignCsv } from './testing'

let dir: string
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-analysis-job-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const columns = (path: string) => runJob({ op: 'columns', data: { kind: 'csv', path } }, () => {}) as AnalysisColumns
function analyse(path: string, options: Partial<RunOptions> & Pick<RunOptions, 'method'>): AnalysisResult {
  return runJob({ op: 'run', data: { kind: 'csv', path }, options: { target: 'y', goal: 'min', seed: 5, ...options } }, () => {}) as AnalysisResult
}
const byName = (r: AnalysisResult) => Object.fromEntries(r.params.map((p) => [p.name, p]))
function failure(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    return err as AppError
  }
  throw new Error('expected a failure')
}

describe('sobol over a Saltelli design written to CSV', () => {
  it('recognises the layout and its 8 replicates and recovers the Ishigami indices with t intervals', () => {
    const path = writeDesignCsv(join(dir, 'ishigami.csv'), ishigamiSpace, { method: 'saltelli', n: 2048, seed: 3, replicates: 8 }, (x) => ishigami(x as number[]))
    expect(columns(path)).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', suggestedTarget: 'y', rows: 2048 * 8 })
    const r = analyse(path, { method: 'sobol' })
    expect(r.facts).toMatchObject({ design: 'saltelli', replicates: 8, base_rows: 256, interval: 'replicates', second_order: true })
    const p = byName(r)
    const expected = { x1: [0.3139, 0.5576], x2: [0.4424, 0.4424], x3: [0, 0.2437] }
    for (const [name, [s1, st]] of Object.entries(expected)) {
      expect(p[name].S1 as number).toBeCloseTo(s1, 1)
      expect(Math.abs((p[name].ST as number) - st)).toBeLessThan(0.03)
      expect(p[name].S1_lo as number).toBeLessThan(p[name].S1 as number)
      expect(p[name].ST_hi as number).toBeGreaterThan(p[name].ST as number)
    }
    const x13 = r.pairs?.find((q) => q.params.join() === 'x1,x3')
    expect(Math.abs((x13?.S2 as number) - 0.2437)).toBeLessThan(0.04)
    expect(r).toMatchObject({ method: 'sobol', target: 'y', n: 2048 * 8, seed: 5 })
    expect(r.tiers.map((t) => t.tier)).toEqual(['high', 'high', 'high'])
  })

  it('reads a single scrambled design (SALib layout) with the bootstrap and says so; other rows get surrogate Sobol', () => {
    const path = writeDesignCsv(join(dir, 'salib.csv'), ishigamiSpace, { method: 'saltelli', n: 512, seed: 4, replicates: 1, secondOrder: false }, (x) => ishigami(x as number[]))
    const r = analyse(path, { method: 'sobol' })
    expect(r.facts).toMatchObject({ replicates: 1, interval: 'bootstrap', second_order: false })
    expect(r.pairs).toBeUndefined()
    expect(r.notices.map((n) => n.code)).toContain('sobolSingleDesign')
    expect(r.warnings.join()).toMatch(/intervals are conservative/)
    const lhs = writeDesignCsv(join(dir, 'lhs.csv'), ishigamiSpace, { method: 'lhs', n: 600, seed: 4 }, (x) => ishigami(x as number[]))
    const s = analyse(lhs, { method: 'sobol' })
    expect(s.facts).toMatchObject({ design: 'other', surrogate: true })
    expect(s.notices.slice(0, 1)).toEqual([expect.objectContaining({ code: 'estimatorSwitched', params: { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: 'other' } })])
    expect(byName(s).x2.S1 as number).toBeGreaterThan(byName(s).x3.S1 as number)
  })
})

describe('morris, oat and the surface over their designs', () => {
  const space = { params: { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 10, high: 12 }, c: { type: 'float', low: -1, high: 3 } } }
  const c = [2, -3, 0.5]

  it('gives Morris μ = cᵢ(bᵢ − aᵢ) and σ = 0 on a linear model, and refuses Morris on other rows', () => {
    const path = writeDesignCsv(join(dir, 'morris.csv'), space, { method: 'morris', n: 10, seed: 2 }, (x) => (x as number[]).reduce((s, v, i) => s + c[i] * v, 0))
    expect(columns(path)).toMatchObject({ design: 'morris', suggestedMethod: 'morris' })
    const r = analyse(path, { method: 'morris', space })
    const ranges = [1, 2, 4]
    r.params.forEach((p, i) => {
      expect(p.mu as number).toBeCloseTo(c[i] * ranges[i], 8)
      expect(p.mu_star as number).toBeCloseTo(Math.abs(c[i] * ranges[i]), 8)
      expect(p.sigma as number).toBeCloseTo(0, 8)
      expect(p).toHaveProperty('mu_star_lo')
    })
    const lhs = writeDesignCsv(join(dir, 'lin-lhs.csv'), space, { method: 'lhs', n: 50, seed: 2 }, (x) => (x as number[])[0])
    const err = failure(() => analyse(lhs, { method: 'morris' }))
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.details?.issues?.[0].field).toBe('method')
  })

  it('runs local sensitivity on a one-at-a-time design and the surface with its contour on a central composite', () => {
    const oat = writeDesignCsv(join(dir, 'oat.csv'), space, { method: 'oat', n: 5, seed: 1 }, (x) => (x as number[]).reduce((s, v, i) => s + c[i] * v, 0) + 40)
    expect(columns(oat)).toMatchObject({ design: 'oat', suggestedMethod: 'oat' })
    const o = byName(analyse(oat, { method: 'oat' }))
    // dy/dx = cᵢ at every level of a linear model.
    c.forEach((ci, i) => expect(o[['a', 'b', 'c'][i]].derivative as number).toBeCloseTo(ci, 8))
    const quad = (x: number[]) => (x[0] - 0.3) ** 2 + 2 * (x[1] - 11) ** 2 + x[0] * x[2]
    const ccd = writeDesignCsv(join(dir, 'ccd.csv'), space, { method: 'ccd', n: 3, seed: 1, variant: 'face' }, (x) => quad(x as number[]))
    expect(columns(ccd).suggestedMethod).toBe('surface')
    const s = analyse(ccd, { method: 'surface' })
    expect(s.r2).toBeCloseTo(1, 8)
    expect(byName(s).b.quadratic as number).toBeCloseTo(2, 6)
    expect(s.pairs?.find((p) => p.params.join() === 'a,c')?.coefficient).toBeCloseTo(1, 6)
    const contour = runJob({ op: 'contour', data: { kind: 'csv', path: ccd }, options: { target: 'y', params: ['a', 'b'], size: 7 } }, () => {}) as {
      x: number[]
      y: number[]
      z: number[][]
      r2: number
    }
    expect(contour.x).toHaveLength(7)
    expect(contour.z).toHaveLength(7)
    expect(contour.x[0]).toBeCloseTo(0, 8)
    expect(contour.y[6]).toBeCloseTo(12, 8)
  })
})

describe('samples: fanova, quantile and correlation', () => {
  it('finds an additive structure and its interaction with fanova, with raw fractions and the remainder', () => {
    const rows = randomRows(500, ['a', 'b', 'c', 'd'], ([a, b, c]) => 4 * a + 3 * b * c, 7, 0.05)
    const path = writeCsv(join(dir, 'forest.csv'), ['a', 'b', 'c', 'd', 'y'], rows)
    expect(columns(path).suggestedMethod).toBe('fanova')
    const r = analyse(path, { method: 'fanova' })
    const p = byName(r)
    expect(p.a.importance as number).toBeGreaterThan(p.b.importance as number)
    expect(p.d.importance as number).toBeLessThan(0.02)
    expect(r.pairs?.[0].params).toEqual(['b', 'c'])
    expect(r.r2).toBeGreaterThan(0.8)
    expect(r.facts).toHaveProperty('unexplained')
    expect(r.tiers.find((t) => t.name === 'd')?.tier).toBe('low')
    expect(r.rows.names).toEqual(['a', 'b', 'c', 'd'])
    expect(r.rows.values).toHaveLength(500)
  })

  it('leaves pairs out past 16 parameters and says so', () => {
    const names = Array.from({ length: 17 }, (_, j) => `p${j}`)
    const path = writeCsv(join(dir, 'wide.csv'), [...names, 'y'], randomRows(80, names, (x) => x[0], 2, 0.01))
    const r = analyse(path, { method: 'fanova' })
    expect(r.params).toHaveLength(17)
    expect(r.pairs).toBeUndefined()
    expect(r.warnings.join()).toMatch(/up to 16 parameters, and there are 17/)
  })

  it('reads a wide positive column as log-scaled, so correlation follows log10 of the value', () => {
    const rng = new Rng(3)
    const rows = Array.from({ length: 200 }, () => {
      const lr = 10 ** (-5 + 4 * rng.next())
      const width = 16 + Math.floor(rng.next() * 100)
      return [lr, width, Math.log10(lr) + 0.01 * rng.normal()]
    })
    const path = writeCsv(join(dir, 'log.csv'), ['optimizer.lr', 'model.width', 'val_loss'], rows)
    const cols = columns(path)
    expect(cols.columns.find((c) => c.name === 'optimizer.lr')).toMatchObject({ log: true, isMetric: false })
    expect(cols.suggestedTarget).toBe('val_loss')
    const r = analyse(path, { method: 'correlation', target: 'val_loss' })
    expect(byName(r)['optimizer.lr'].pearson as number).toBeGreaterThan(0.99)
    // In linear units the same data correlate far less.
    const linear = analyse(path, { method: 'correlation', target: 'val_loss', space: { params: { 'optimizer.lr': { type: 'float', low: 1e-5, high: 0.1 }, 'model.width': { type: 'int', low: 16, high: 115 } } } })
    expect(byName(linear)['optimizer.lr'].pearson as number).toBeLessThan(0.8)
    expect(r.rows.values[0][0]).toBeCloseTo(Math.log10(rows[0][0]), 12)
    const q = analyse(path, { method: 'quantile', target: 'val_loss' })
    expect(byName(q)['optimizer.lr'].importance as number).toBeGreaterThan(byName(q)['model.width'].importance as number)
    expect(q.seed).toBe(5)
  })

  it('measures the seed-noise floor from repeated configurations and importance over training', () => {
    const rng = new Rng(9)
    const rows: number[][] = []
    for (let c = 0; c < 200; c++) {
      const a = rng.next()
      const b = rng.next()
      for (let seed = 0; seed < 2; seed++) {
        const noise = 0.5 * rng.normal()
        rows.push([a, b, seed, 5 * a + noise, 2 * a + noise, 5 * a + 0.001 * b + noise])
      }
    }
    const path = writeCsv(join(dir, 'seeds.csv'), ['a', 'b', 'seed', 'y@1', 'y@2', 'y'], rows)
    const r = analyse(path, { method: 'fanova' })
    expect(r.params.map((p) => p.name)).toEqual(['a', 'b'])
    expect(r.noise?.groups).toBe(200)
    expect(r.noise?.std_lo as number).toBeLessThan(0.5)
    expect(r.noise?.std_hi as number).toBeGreaterThan(0.5)
    expect(r.tiers.find((t) => t.name === 'b')?.tier).toBe('noise')
    expect(r.overTraining?.epochs).toEqual([1, 2])
    expect(r.overTraining?.names).toEqual(['a', 'b'])
  })

  it('says in codes how categorical and conditional parameters were read', () => {
    const rng = new Rng(12)
    const rows = Array.from({ length: 120 }, () => {
      const opt = rng.next() < 0.5 ? 'sgd' : 'adam'
      const momentum = opt === 'sgd' ? rng.next() : ''
      return [rng.next(), opt, momentum, (opt === 'sgd' ? 1 : 0) + rng.normal() * 0.1]
    })
    const path = writeCsv(join(dir, 'cat.csv'), ['lr', 'opt', 'momentum', 'y'], rows as (number | string)[][])
    const corr = analyse(path, { method: 'correlation' })
    expect(corr.notices.find((n) => n.code === 'correlationRatio')?.params).toEqual({ names: 'opt' })
    const quant = analyse(path, { method: 'quantile' })
    expect(quant.notices.find((n) => n.code === 'quantileInactive')?.params).toMatchObject({ names: 'momentum' })
    expect(quant.notices.find((n) => n.code === 'conditionalParam')?.params).toMatchObject({ param: 'momentum', rows: 120 })
  })

  it('keeps the best run inside each recommended range, or says why the advice leaves it out', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [i / 100, i < 40 ? 'a' : 'b', i === 95 ? -1 : (i / 100 - 0.3) ** 2])
    const r = analyse(writeCsv(join(dir, 'best.csv'), ['x', 'c', 'y'], rows as (number | string)[][]), { method: 'quantile' })
    const x = r.tiers.find((t) => t.name === 'x')
    expect(x).toMatchObject({ widened: true, high: 0.95 })
    expect(r.notices.find((n) => n.code === 'bestLevelOther')?.params).toEqual({ param: 'c', best: 'b', advised: 'a' })
  })

  it('reports repeats with one seed as deterministic or not, never as a noise floor of σ = 0', () => {
    const rng = new Rng(10)
    const configs = Array.from({ length: 40 }, () => [rng.next(), rng.next()])
    const table = (y: (a: number, copy: number) => number) =>
      configs.flatMap(([a, b]) => [0, 1].map((copy) => [a, b, 42, y(a, copy)]))
    const same = analyse(writeCsv(join(dir, 'same-seed.csv'), ['a', 'b', 'seed', 'y'], table((a) => 3 * a)), { method: 'fanova' })
    expect(same.noise).toBeNull()
    expect(same.notices.map((n) => n.code)).toEqual(expect.arrayContaining(['deterministicRepeats', 'sameSeedOnly']))
    expect(same.notices.find((n) => n.code === 'deterministicRepeats')?.params).toEqual({ count: 40 })
    const drift = analyse(writeCsv(join(dir, 'drift.csv'), ['a', 'b', 'seed', 'y'], table((a, copy) => 3 * a + 0.01 * copy)), { method: 'fanova' })
    expect(drift.noise).toBeNull()
    expect(drift.notices.find((n) => n.code === 'nondeterministicRepeats')?.params).toMatchObject({ count: 40, std: expect.closeTo(Math.sqrt(0.00005), 9) })
  })
})

describe('bad input', () => {
  it('names the target, the parameter and the line', () => {
    const path = writeCsv(join(dir, 'bad.csv'), ['a', 'y'], [[1, 2], ['x', 3], [2, '']])
    expect(failure(() => analyse(path, { method: 'fanova', target: 'loss' })).details?.issues?.[0]).toMatchObject({ field: 'target' })
    expect(failure(() => analyse(path, { method: 'fanova', params: ['a', 'nope'] })).details?.issues?.[0]).toMatchObject({ field: 'params.nope' })
    expect(failure(() => analyse(path, { method: 'fanova', space: { params: { a: { type: 'float', low: 0, high: 1 } } } })).message).toMatch(/a: row 3: "x" is not a number/)
  })
})
