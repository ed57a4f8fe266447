/**
 * Columns that hold one value are listed as held constant and never analysed, and the estimator
 * that ran is the one asked for or a coded notice says why not: over mlp runs, CSV tables and a
 * Saltelli design with a constant column beside it.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AnalysisResult } from '../../../../shared/schemas/analysis'
import { defaultConfig } from '../../../../shared/params'
import { newRun, openTestStore, tempStoreFile } from '../../store/testing'
import { trainerDefinitions } from '../../trainers/registry'
import { describeColumns } from './describe-columns'
import { loadSource } from './load-source'
import { runJob } from './run-job'
import { makeDesign } from '../../studies/design'
import { parseSpace } from '../../studies/space'
import { ishigami, ishigamiSpace, randomRows, writeCsv, writeDesignCsv } from './testing'
import { readRuns } from './read-runs'
import type { RunOptions, SourceData } from './job'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-held-constant-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const specsOf = (t: string) => trainerDefinitions[t]?.info(['cpu']).params
const run = (data: SourceData, options: Partial<RunOptions> & { target: string }): AnalysisResult =>
  runJob({ op: 'run', data, options: { goal: 'min', method: 'quantile', seed: 5, ...options } }, () => {}) as AnalysisResult
const names = (r: AnalysisResult) => r.params.map((p) => p.name).sort()

/** Twelve mlp runs with every default but the learning rate and the batch size, as the New run form saves them. */
function mlpExperiment(): SourceData {
  const store = openTestStore(tempStoreFile())
  const exp = store.experiments.create({ name: 'lr x batch', description: '' })
  const defaults = defaultConfig(trainerDefinitions.mlp.info(['cpu']))
  for (const lr of [0.0003, 0.001, 0.003, 0.01]) {
    for (const batch of [16, 32, 64]) {
      const r = store.runs.insert(newRun(exp.id, { config: { ...defaults, 'optimizer.lr': lr, 'data.batch_size': batch }, seed: 42 }))
      const loss = (Math.log10(lr) + 2.5) ** 2 + batch / 640
      store.metrics.append(r.id, [
        { name: 'val/loss', step: 10, value: loss, time: 1 },
        { name: 'val/accuracy', step: 10, value: 1 - loss / 4, time: 1 },
        { name: 'train/loss', step: 10, value: loss * 0.9, time: 1 }
      ])
      store.runs.update(r.id, { status: 'finished' })
    }
  }
  const data = readRuns(store, { kind: 'runs', experimentId: exp.id, reduce: 'last' }, { specsOf, curveMetric: 'val/loss' })
  return data
}

describe('an experiment of mlp runs that vary two parameters', () => {
  it('lists every other config key once as held constant, with its value', () => {
    const cols = describeColumns(loadSource(mlpExperiment()))
    const held = Object.fromEntries(cols.constants.map((c) => [c.name, c.value]))
    expect(held).toMatchObject({ 'data.target': null, 'training.seed': 42, 'model.layers': 2, 'optimizer.name': 'adamw' })
    expect(held).not.toHaveProperty('optimizer.lr')
    expect(held).not.toHaveProperty('data.batch_size')
    expect(held).not.toHaveProperty('val/loss')
  })

  for (const how of ['by default', 'when every config key is named']) {
    it(`analyses only the two that vary ${how}, without false warnings about the rest`, () => {
      const data = mlpExperiment()
      const params = how === 'by default' ? undefined : Object.keys(defaultConfig(trainerDefinitions.mlp.info(['cpu'])))
      const r = run(data, { target: 'val/loss', params })
      expect(names(r)).toEqual(['data.batch_size', 'optimizer.lr'])
      expect(r.tiers.map((t) => t.name).sort()).toEqual(['data.batch_size', 'optimizer.lr'])
      expect([...r.rows.names].sort()).toEqual(['data.batch_size', 'optimizer.lr'])
      expect(r.warnings.join('\n')).not.toMatch(/active in 0 of|read as the seed|hold one value/)
      expect(r.constants).toEqual(expect.arrayContaining([{ name: 'data.target', value: null }, { name: 'training.seed', value: 42 }]))
      expect(r.constants.map((c) => c.name)).not.toContain('optimizer.lr')
    })
  }

  it('still reads a seed that varies as the seed', () => {
    const data = mlpExperiment()
    if (data.kind !== 'runs') throw new Error('runs expected')
    data.runs.forEach((row, i) => (row.config = { ...row.config, 'training.seed': i % 2 }))
    const r = run(data, { target: 'val/loss' })
    expect(r.warnings.join()).toMatch(/training\.seed read as the seed/)
    expect(r.constants.map((c) => c.name)).not.toContain('training.seed')
  })
})

describe('a CSV table with a constant column', () => {
  it('leaves the constant out even when it is named, and lists it', () => {
    const rows = randomRows(40, ['a', 'b'], ([a, b]) => a + 2 * b, 3, 0.01).map(([a, b, y]) => [a, b, 5, y])
    const path = writeCsv(join(dir, 'const.csv'), ['a', 'b', 'c', 'y'], rows)
    const cols = describeColumns(loadSource({ kind: 'csv', path }))
    expect(cols.constants).toEqual([{ name: 'c', value: '5' }])
    const r = run({ kind: 'csv', path }, { target: 'y', params: ['a', 'b', 'c'] })
    expect(names(r)).toEqual(['a', 'b'])
    expect(r.tiers.map((t) => t.name).sort()).toEqual(['a', 'b'])
    expect(r.rows.names).toEqual(['a', 'b'])
    expect(r.constants).toEqual([{ name: 'c', value: '5' }])
  })
})

describe('a Saltelli design beside a constant column', () => {
  function withConstant(): string {
    const [header, ...lines] = readFileSync(join(__dirname, '../../../../../resources/samples/ishigami-saltelli.csv'), 'utf8').trim().split('\n')
    const path = join(dir, 'ishigami-const.csv')
    writeFileSync(path, [`${header},batch_size`, ...lines.map((l) => `${l},32`)].join('\n') + '\n')
    return path
  }

  it('is recognised, and Sobol runs the Saltelli estimators on it even with the constant named', () => {
    const path = withConstant()
    const cols = describeColumns(loadSource({ kind: 'csv', path }))
    expect(cols).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', constants: [{ name: 'batch_size', value: '32' }] })
    for (const params of [undefined, ['x1', 'x2', 'x3', 'batch_size']]) {
      const r = run({ kind: 'csv', path }, { target: 'y', method: 'sobol', params })
      expect(r.facts).toMatchObject({ design: 'saltelli', estimator: 'saltelli2010-jansen' })
      // Only the design's own fact: which side of the accuracy/interval trade-off it took.
      expect(r.notices.map((n) => n.code)).toEqual(['sobolReplicated'])
      expect(names(r)).toEqual(['x1', 'x2', 'x3'])
    }
  })

  it('says what ran instead, and why, when the rows are not a Saltelli design', () => {
    const copy = join(dir, 'ishigami-copy.csv')
    copyFileSync(withConstant(), copy)
    // Two parameters of three: the blocks no longer fit, so the forest's Sobol indices run.
    const r = run({ kind: 'csv', path: copy }, { target: 'y', method: 'sobol', params: ['x1', 'x2'] })
    expect(r.facts).toMatchObject({ surrogate: true })
    expect(r.notices.slice(0, 1)).toEqual([
      { code: 'estimatorSwitched', params: { requested: 'sobol', ran: 'surrogateSobol', reason: 'notSaltelli', design: 'other' }, message: expect.stringMatching(/instead/) }
    ])
    expect(r.notices.slice(1).map((n) => n.message).join()).not.toMatch(/Saltelli/)
    const lhs = writeDesignCsv(join(dir, 'lhs.csv'), ishigamiSpace, { method: 'lhs', n: 200, seed: 2 }, (x) => ishigami(x as number[]))
    expect(run({ kind: 'csv', path: lhs }, { target: 'y', method: 'sobol' }).notices[0]?.code).toBe('estimatorSwitched')
  })
})

describe('runs that form a Saltelli design', () => {
  /** A Saltelli study over three mlp parameters, one run per design row in order, every other key at its default. */
  const keys = ['optimizer.momentum', 'optimizer.weight_decay', 'regularization.dropout']
  function saltelliRuns(): { store: ReturnType<typeof openTestStore>; experimentId: number; ids: number[] } {
    const store = openTestStore(tempStoreFile())
    const exp = store.experiments.create({ name: 'saltelli', description: '' })
    const defaults = defaultConfig(trainerDefinitions.mlp.info(['cpu']))
    const space = { params: Object.fromEntries(keys.map((k) => [k, { type: 'float', low: 0, high: 0.5 }])) }
    const design = makeDesign(parseSpace(space), { method: 'saltelli', n: 64, seed: 2, replicates: 2 })
    const ids = design.rows.map((row) => {
      const config = { ...defaults, ...Object.fromEntries(design.names.map((n, k) => [n, row[k]])) }
      const r = store.runs.insert(newRun(exp.id, { config, seed: 42 }))
      store.metrics.append(r.id, [{ name: 'val/loss', step: 1, value: ishigami((row as number[]).map((x) => (4 * x - 1) * Math.PI)), time: 1 }])
      store.runs.update(r.id, { status: 'finished' })
      return r.id
    })
    return { store, experimentId: exp.id, ids }
  }

  it('is recognised in the order the runs were made, and Sobol runs the Saltelli estimators on it', () => {
    const { store, experimentId, ids } = saltelliRuns()
    const shuffled = [...ids].reverse()
    for (const source of [{ kind: 'runs' as const, experimentId, reduce: 'last' as const }, { kind: 'runs' as const, runIds: shuffled, reduce: 'last' as const }]) {
      const data = readRuns(store, source, { specsOf })
      expect(describeColumns(loadSource(data))).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', suggestedTarget: 'val/loss' })
      const r = run(data, { target: 'val/loss', method: 'sobol' })
      expect(r.facts).toMatchObject({ design: 'saltelli', estimator: 'saltelli2010-jansen', replicates: 2 })
      expect(r.notices.map((n) => n.code)).not.toContain('estimatorSwitched')
      expect(r.notices.map((n) => n.code)).toContain('sobolReplicated')
      expect(names(r)).toEqual(keys)
    }
  })
})
