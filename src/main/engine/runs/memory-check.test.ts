import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import type { Engine, EngineOptions } from '../types'
import { machineMemory, memoryIssue } from './memory-check'
import { createNodeLauncher } from './node-launcher'

const MB = 2 ** 20
const memory = () => ({ bytes: 8 * 2 ** 30, limitedBy: 'machine' as const })
const quick = { 'data.batch_size': 16, 'model.hidden_size': 16, 'training.epochs': 2, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }
let dir: string
let csv: string
const engines: Engine[] = []

async function open(options: Partial<EngineOptions>, home: string) {
  const engine = await createEngine({ dataDir: join(dir, home), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), ...options })
  engines.push(engine)
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  const experimentId = (await call('experiments.create', { name: home })).id
  const start = (config: Record<string, unknown> = {}) => call('runs.start', { experimentId, trainer: 'mlp', dataset: csv, config: { ...quick, ...config } })
  return { call, start, experimentId, engine }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-memory-check-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 400, features: 4, classes: 3, separation: 3, seed: 2 })
})
afterAll(async () => {
  for (const e of engines) await e.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the memory a run is held to', () => {
  it('is the machine’s, or a smaller cgroup limit (v2, then v1)', () => {
    const none = () => {
      throw new Error('ENOENT')
    }
    expect(machineMemory(none).limitedBy).toBe('machine')
    expect(machineMemory((p) => (p === '/sys/fs/cgroup/memory.max' ? 'max\n' : none()))).toMatchObject({ limitedBy: 'machine' })
    expect(machineMemory((p) => (p === '/sys/fs/cgroup/memory.max' ? `${512 * MB}\n` : none()))).toEqual({ bytes: 512 * MB, limitedBy: 'cgroup' })
    expect(machineMemory((p) => (p.endsWith('memory.limit_in_bytes') ? '9223372036854771712\n' : none())).limitedBy).toBe('machine')
  })

  it('names the fields behind an estimate the machine cannot hold, or the data when nothing else drives it', () => {
    const parts = (model: number, data: number) => ({ bytes: 160 * MB + model + data, parts: [{ what: 'runtime' as const, bytes: 160 * MB, fields: [] }, { what: 'parameters' as const, bytes: model, fields: ['model.width', 'model.layers'] }, { what: 'data' as const, bytes: data, fields: [] }] })
    expect(memoryIssue(parts(MB, MB), memory())).toBeNull()
    expect(memoryIssue(parts(10 * 2 ** 30, MB), { bytes: 4 * 2 ** 30, limitedBy: 'cgroup' })).toMatchObject({
      field: 'model.width',
      rule: 'memory',
      message: expect.stringMatching(/about 10.2 GB of memory .* more than the 4.00 GB this container may use; lower model.width or model.layers$/)
    })
    expect(memoryIssue(parts(MB, 20 * 2 ** 30), memory())).toMatchObject({ field: 'dataset', rule: 'memoryData', message: expect.stringMatching(/use a smaller file$/) })
  })
})

describe('runs refused for memory', () => {
  it('refuses a run whose estimate exceeds the memory, before any record or process, with both figures and the fields', async () => {
    const { call, start, experimentId } = await open({ memoryLimitBytes: 2 ** 30 }, 'refuse')
    const big = { 'model.hidden_size': 4096, 'model.layers': 8 }
    const err = await start(big).then(() => null, (e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    const issue = (err as AppError).details!.issues![0]
    expect((err as AppError).code).toBe('INVALID_CONFIG')
    expect(issue).toMatchObject({ field: 'model.hidden_size', rule: 'memory', values: { available: '1.00 GB', fields: 'model.hidden_size, model.layers' } })
    expect(issue.message).toMatch(/would need about [\d.]+ GB of memory \(runtime .*parameters .*\), more than the 1.00 GB this machine has; lower model.hidden_size or model.layers/)
    expect(Number.parseFloat(String(issue.values!.estimate))).toBeGreaterThan(1)
    // No record, so no trainer: a process starts only for a recorded run.
    expect(await call('runs.list', { experimentId })).toEqual([])
    // The form hears the same before Start.
    const checked = await call('runs.validate', { trainer: 'mlp', config: { ...quick, ...big }, dataset: csv })
    expect(checked.issues).toEqual([issue])
    expect((await call('runs.validate', { trainer: 'mlp', config: quick, dataset: csv })).issues).toEqual([])
  })

  it('refuses a run on a dataset version the same way', async () => {
    const { call, engine, experimentId } = await open({ memoryLimitBytes: 2 ** 30 }, 'version')
    const [queued] = await call('datasets.import', { paths: [csv] })
    await new Promise<void>((resolve) => {
      const off = engine.events.subscribe((name, payload) => {
        const p = payload as { importId: string; state: string }
        if (name === 'dataset.import' && p.importId === queued.importId && p.state === 'done') {
          off()
          resolve()
        }
      })
    })
    const [dataset] = await call('datasets.list', {})
    const version = await call('datasets.createVersion', { datasetId: dataset.id, task: 'classification', target: 'label', split: { kind: 'holdout', valFraction: 0.2, stratify: false, seed: 1 } })
    const refused = await call('runs.start', { experimentId, trainer: 'mlp', datasetVersionId: version.id, config: { ...quick, 'model.hidden_size': 4096, 'model.layers': 8 } }).then(() => null, (e: unknown) => e)
    expect(refused).toMatchObject({ code: 'INVALID_CONFIG', details: { issues: [{ field: 'model.hidden_size', rule: 'memory' }] } })
    expect((await call('runs.start', { experimentId, trainer: 'mlp', datasetVersionId: version.id, config: quick })).status).toBe('running')
  })

  it('refuses the largest model the bounds allow on any machine', async () => {
    const { start } = await open({}, 'any')
    await expect(start({ 'model.hidden_size': 16384, 'model.layers': 64 })).rejects.toMatchObject({ code: 'INVALID_CONFIG', details: { issues: [{ field: 'model.hidden_size', rule: 'memory' }] } })
  })
})
