/** `paramscope analyze` from the built CLI: designs written to CSV, a generated table, and real mlp runs. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'
import { ishigami, ishigamiSpace, randomRows, writeCsv, writeDesignCsv } from '../engine/analysis/api/testing'
import { writeBlobsCsv } from '../engine/datasets/samples'

let dir: string
let data: string

const paramscope = (...args: string[]) => runCli(['--data', data, ...args])
function analyze(...args: string[]) {
  const r = paramscope('analyze', ...args, '--json')
  if (r.code !== 0) throw new Error(r.stderr)
  return JSON.parse(r.stdout)
}
const byName = (r: { params: ({ name: string } & Record<string, number>)[] }) => Object.fromEntries(r.params.map((p) => [p.name, p]))

beforeAll(() => {
  requireBuilt(['cli.js', 'analysis-worker.js'])
  dir = mkdtempSync(join(tmpdir(), 'paramscope-analyze-'))
  data = join(dir, 'home')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope analyze over CSV files', () => {
  it('prints Sobol indices with intervals and pairs for a Saltelli design of Ishigami', () => {
    const csv = writeDesignCsv(join(dir, 'ishigami.csv'), ishigamiSpace, { method: 'saltelli', n: 1024, seed: 2, replicates: 8 }, (x) => ishigami(x as number[]))
    const r = analyze('--from', csv, '--target', 'y', '--method', 'sobol', '--design', 'saltelli', '--seed', '4')
    expect(r).toMatchObject({ method: 'sobol', target: 'y', n: 1024 * 8, seed: 4 })
    expect(r.rows).toBeUndefined()
    const p = byName(r)
    for (const [name, s1, st] of [['x1', 0.3139, 0.5576], ['x2', 0.4424, 0.4424], ['x3', 0, 0.2437]] as const) {
      expect(Math.abs(p[name].S1 - s1)).toBeLessThan(0.05)
      expect(Math.abs(p[name].ST - st)).toBeLessThan(0.05)
      expect(p[name].S1_lo).toBeLessThan(p[name].S1_hi)
      expect(p[name].ST_lo).toBeLessThan(p[name].ST_hi)
    }
    expect(r.pairs.map((q: { params: string[] }) => q.params.join('×'))).toEqual(['x1×x2', 'x1×x3', 'x2×x3'])
    expect(r.pairs[1]).toHaveProperty('S2_lo')
    const wrong = paramscope('analyze', '--from', csv, '--target', 'y', '--design', 'morris')
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toMatch(/--design morris: the rows do not follow a morris layout \(they read as saltelli\)/)
  })

  it('prints Morris μ, μ* and σ for a linear model, reading the space for the units', () => {
    const space = { params: { a: { type: 'float', low: 0, high: 2 }, b: { type: 'float', low: 1e-3, high: 1e-1, log: true } } }
    const spaceFile = join(dir, 'space.json')
    writeFileSync(spaceFile, JSON.stringify(space))
    // Linear in a and in log10 b: μ = slope × range of the measure (2 for a, 2 decades for b).
    const csv = writeDesignCsv(join(dir, 'morris.csv'), space, { method: 'morris', n: 8, seed: 1 }, ([a, b]) => 3 * (a as number) - Math.log10(b as number))
    const r = analyze('--from', csv, '--target', 'y', '--method', 'morris', '--space', spaceFile)
    const p = byName(r)
    expect(p.a.mu).toBeCloseTo(6, 8)
    expect(p.b.mu).toBeCloseTo(-2, 8)
    expect(p.b.mu_star).toBeCloseTo(2, 8)
    expect(p.a.sigma).toBeCloseTo(0, 8)
  })

  it('prints fANOVA importances as JSON and as a readable table', () => {
    const csv = writeCsv(join(dir, 'table.csv'), ['lr', 'depth', 'noise_param', 'loss'], randomRows(400, ['lr', 'depth', 'noise_param'], ([a, b]) => 5 * a + b * b, 3, 0.05))
    const r = analyze('--from', csv, '--target', 'loss', '--method', 'fanova', '--seed', '1')
    const p = byName(r)
    expect(p.lr.importance).toBeGreaterThan(p.depth.importance)
    expect(p.noise_param.importance).toBeLessThan(0.02)
    expect(p.lr.importance_lo).toBeLessThanOrEqual(p.lr.importance)
    expect(r.r2).toBeGreaterThan(0.8)
    const text = paramscope('analyze', '--from', csv, '--target', 'loss', '--method', 'fanova', '--seed', '1')
    expect(text.code, text.stderr).toBe(0)
    expect(text.stdout).toMatch(/^fanova of loss/)
    expect(text.stdout).toMatch(/parameter\s+importance\s+tier/)
    expect(text.stdout).toMatch(/noise_param\s+\S+ \[\S+, \S+\]\s+low/)
  })

  it('refuses bad input, naming the flag or field', () => {
    const csv = join(dir, 'table.csv')
    const cases: [string[], RegExp][] = [
      [['--from', csv], /--target is required/],
      [['--from', csv, '--target', 'loss', '--method', 'magic'], /--method magic: expected sobol/],
      [['--from', csv, '--target', 'nope', '--method', 'fanova'], /target: no column "nope"/],
      [['--target', 'loss'], /give one source/],
      [['--from', csv, '--target', 'loss', '--method', 'morris'], /method: morris needs rows in trajectories/]
    ]
    for (const [args, message] of cases) {
      const r = paramscope('analyze', ...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
    }
  })
})

describe('paramscope analyze over runs', () => {
  it('analyses quick mlp runs of an experiment by a metric, and a list of run ids', async () => {
    const blobs = join(dir, 'blobs.csv')
    await writeBlobsCsv(blobs, { rows: 120, features: 3, classes: 2, seed: 5 })
    const ids: number[] = []
    for (const [lr, hidden] of [[0.001, 8], [0.01, 16], [0.05, 8], [0.2, 16]]) {
      const r = paramscope('run', '--trainer', 'mlp', '--dataset', blobs, '--set', 'training.epochs=2', '--set', `optimizer.lr=${lr}`, '--set', `model.hidden_size=${hidden}`, '--experiment', 'sweep', '--json')
      expect(r.code, r.stderr).toBe(0)
      ids.push(JSON.parse(r.stdout).id)
    }
    const r = analyze('--experiment', 'sweep', '--target', 'val/loss', '--method', 'correlation')
    expect(r).toMatchObject({ method: 'correlation', target: 'val/loss', n: 4 })
    expect(r.params.map((p: { name: string }) => p.name).sort()).toEqual(['model.hidden_size', 'optimizer.lr'])
    expect(byName(r)['optimizer.lr']).toHaveProperty('spearman_lo')
    // Every run kept the default seed: it is held constant, not read as a seed that varies.
    expect(r.warnings.join()).not.toMatch(/read as the seed/)
    expect(r.constants.map((c: { name: string }) => c.name)).toContain('training.seed')
    const some = analyze('--runs', ids.slice(0, 3).join(','), '--target', 'val/loss', '--method', 'quantile', '--reduce', 'min')
    expect(some.n).toBe(3)
    const missing = paramscope('analyze', '--experiment', 'nothing', '--target', 'val/loss')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/--experiment nothing: no such experiment/)
  })
})
