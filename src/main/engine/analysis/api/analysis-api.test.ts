/** The analysis methods through the contract: worker threads, progress, cancel, and runs as a source. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EngineApi, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../../shared/api'
import { dispatch } from '../../../../shared/rpc'
import { DEFAULT_ANALYSIS_SEED } from '../../../../shared/schemas/analysis'
import { createEngine } from '../../engine'
import { createEventBus } from '../../events'
import { createNodeLauncher } from '../../runs/node-launcher'
import { newRun, openTestStore, tempStoreFile } from '../../store/testing'
import { trainerDefinitions } from '../../trainers/registry'
import type { Engine } from '../../types'
import { createAnalysisApi } from './analysis-api'
import { ishigami, ishigamiSpace, randomRows, writeCsv, writeDesignCsv } from './testing'

let dir: string
let engine: Engine

async function call<M extends MethodName>(api: EngineApi, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await dispatch(api, method, input)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return reply.result as MethodOutput<M>
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-analysis-api-'))
  engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(dir, 'unused.js') })
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('analysis on a worker thread', () => {
  it('describes a CSV and runs Sobol on it, with throttled progress that ends at 1', async () => {
    const path = writeDesignCsv(join(dir, 'ishigami.csv'), ishigamiSpace, { method: 'saltelli', n: 256, seed: 1, replicates: 4 }, (x) => ishigami(x as number[]))
    const cols = await call(engine.api, 'analysis.columns', { source: { kind: 'csv', path } })
    expect(cols).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', suggestedTarget: 'y' })
    const progress: EventPayload<'analysis.progress'>[] = []
    const off = engine.events.subscribe((name, payload) => name === 'analysis.progress' && progress.push(payload as EventPayload<'analysis.progress'>))
    const r = await call(engine.api, 'analysis.run', { requestId: 'ish', source: { kind: 'csv', path }, target: 'y', method: 'sobol', seed: 3 })
    off()
    expect(r).toMatchObject({ method: 'sobol', target: 'y', seed: 3, facts: { replicates: 4 } })
    expect(r.params.map((p) => p.name)).toEqual(['x1', 'x2', 'x3'])
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.every((p) => p.requestId === 'ish')).toBe(true)
    expect(progress.at(-1)?.fraction).toBe(1)
  })

  it('gives the same answer to the same click: a fixed default seed, stated in the result and changeable', async () => {
    const path = writeCsv(join(dir, 'forest.csv'), ['a', 'b', 'y'], randomRows(300, ['a', 'b'], ([a, b]) => a + 0.3 * b, 4, 0.1))
    const request = { requestId: 'f', source: { kind: 'csv' as const, path }, target: 'y', method: 'fanova' as const }
    const first = await call(engine.api, 'analysis.run', request)
    const again = await call(engine.api, 'analysis.run', request)
    expect(first.seed).toBe(DEFAULT_ANALYSIS_SEED)
    expect(again).toEqual(first)
    const other = await call(engine.api, 'analysis.run', { ...request, seed: 11 })
    expect(other.seed).toBe(11)
    expect(other.params).not.toEqual(first.params)
  })

  it('keeps answering other calls while an analysis runs, and a cancelled analysis fails with CANCELLED', async () => {
    const path = writeCsv(join(dir, 'big.csv'), ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'y'], randomRows(20000, 'abcdefgh'.split(''), ([a, b, c]) => a + b * c, 2, 0.1))
    let ended = false
    const running = call(engine.api, 'analysis.run', { requestId: 'big', source: { kind: 'csv', path }, target: 'y', method: 'fanova' }).finally(() => (ended = true))
    const experiments = await call(engine.api, 'experiments.list', {})
    expect(Array.isArray(experiments)).toBe(true)
    expect(ended).toBe(false)
    await expect(call(engine.api, 'analysis.run', { requestId: 'big', source: { kind: 'csv', path }, target: 'y', method: 'fanova' })).rejects.toMatchObject({ code: 'CONFLICT' })
    await call(engine.api, 'analysis.cancel', { requestId: 'big' })
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' })
    // The id is free again, and an unknown id cancels nothing.
    await expect(call(engine.api, 'analysis.cancel', { requestId: 'big' })).resolves.toEqual({ ok: true })
  })

  it('returns contour data and reports bad input from the worker with its field', async () => {
    const space = { params: { a: { type: 'float', low: 0, high: 1 }, b: { type: 'float', low: 0, high: 1 } } }
    const path = writeDesignCsv(join(dir, 'ccd.csv'), space, { method: 'ccd', n: 2, seed: 1 }, ([a, b]) => (a as number) ** 2 + (b as number))
    const c = await call(engine.api, 'analysis.contour', { requestId: 'c1', source: { kind: 'csv', path }, target: 'y', params: ['a', 'b'], size: 9 })
    expect(c.z).toHaveLength(9)
    expect(c.r2).toBeCloseTo(1, 8)
    expect(c).toMatchObject({ region: 'hull', r2_cv: expect.closeTo(1, 6) })
    expect(c.points.length).toBeGreaterThan(0)
    const reply = await dispatch(engine.api, 'analysis.run', { requestId: 'bad', source: { kind: 'csv', path }, target: 'loss', method: 'fanova' })
    expect(reply.ok).toBe(false)
    if (!reply.ok) expect(reply.error.details?.issues?.[0].field).toBe('target')
    const missing = await dispatch(engine.api, 'analysis.columns', { source: { kind: 'csv', path: join(dir, 'nope.csv') } })
    expect(!missing.ok && missing.error.details?.issues?.[0].field).toBe('source.path')
  })
})

describe('runs as the source', () => {
  it('reads configs, a reduced metric, the seed and per-epoch curves from the store', async () => {
    const store = openTestStore(tempStoreFile())
    const exp = store.experiments.create({ name: 'sweep', description: '' })
    const ids: number[] = []
    randomRows(16, ['u', 'v'], () => 0, 4).forEach(([u, v], c) => {
      for (const seed of [1, 2]) {
        const lr = 10 ** (-4 + 3 * u)
        const run = store.runs.insert(newRun(exp.id, { config: { 'optimizer.lr': lr, 'model.hidden': 8 + Math.round(56 * v), 'training.seed': seed }, seed }))
        const final = (Math.log10(lr) + 2.5) ** 2 + 0.01 * seed
        store.metrics.append(run.id, [1, 2, 3].map((e) => ({ name: 'val/loss', step: e * 10, value: final + 1 / e, time: e })))
        store.runs.update(run.id, { status: 'finished' })
        ids.push(run.id)
        void c
      }
    })
    store.runs.insert(newRun(exp.id, { config: { 'optimizer.lr': 0.1 } }))
    const analysis = createAnalysisApi({ store, events: createEventBus(), specsOf: (t) => trainerDefinitions[t]?.info(['cpu']).params })
    try {
      const api = analysis.api as unknown as EngineApi
      const cols = await call(api, 'analysis.columns', { source: { kind: 'runs', experimentId: exp.id } })
      expect(cols.columns.find((c) => c.name === 'optimizer.lr')).toMatchObject({ log: true, isMetric: false })
      expect(cols.columns.find((c) => c.name === 'val/loss')).toMatchObject({ isMetric: true })
      expect(cols.suggestedTarget).toBe('val/loss')
      const r = await call(api, 'analysis.run', { requestId: 'runs', source: { kind: 'runs', experimentId: exp.id, reduce: 'min' }, target: 'val/loss', method: 'quantile', seed: 1 })
      expect(r.n).toBe(32)
      expect(r.params.map((p) => p.name).sort()).toEqual(['model.hidden', 'optimizer.lr'])
      expect(r.warnings.join()).toMatch(/1 run\(s\) still queued or running were left out/)
      expect(r.warnings.join()).toMatch(/training\.seed read as the seed/)
      expect(r.noise?.groups).toBe(16)
      expect(r.overTraining?.epochs).toEqual([1, 2, 3])
      // 'min' takes each run's best value: the last epoch here.
      expect(Math.min(...r.rows.target)).toBeGreaterThan(0.3)
      const some = await call(api, 'analysis.run', { requestId: 'ids', source: { kind: 'runs', runIds: ids.slice(0, 8) }, target: 'val/loss', method: 'correlation' })
      expect(some.n).toBe(8)
      await expect(call(api, 'analysis.columns', { source: { kind: 'runs', runIds: [99999] } })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    } finally {
      await analysis.close()
    }
  })
})
