import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import type { Engine } from '../types'
import { createNodeLauncher } from './node-launcher'

// What the run page and the experiment page rely on: rename, notes and tags on a live run; delete
// and experiment delete refused while a run is active (with a rule the window words), then done.
let dir: string
let csv: string
let engine: Engine
const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
const refusal = (p: Promise<unknown>): Promise<AppError> => p.then(() => { throw new Error('expected a refusal') }, (e: unknown) => e as AppError)

async function settle(id: number, until: (r: Run) => boolean): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = await call('runs.get', { id })
    if (until(run)) return run
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`run ${id} did not settle`)
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-run-edits-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 400, features: 4, classes: 3, separation: 2.5, seed: 3 })
  engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), cancelGraceMs: 3000 })
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('editing and deleting runs and experiments through the API', () => {
  it('renames and annotates a live run, refuses deletes while it trains, then deletes run and experiment', async () => {
    const experiment = await call('experiments.create', { name: 'edits' })
    const config = { 'data.batch_size': 4, 'model.hidden_size': 8, 'training.epochs': 50, 'runtime.steps_per_run': 1, 'diagnostics.every': 0 }
    const started = await call('runs.start', { experimentId: experiment.id, trainer: 'mlp', config, dataset: csv })
    await settle(started.id, (r) => r.status === 'running' && r.step > 5)

    const renamed = await call('runs.update', { id: started.id, name: 'wide', notes: 'first try', tags: ['baseline', '基线'] })
    expect([renamed.name, renamed.notes, renamed.tags]).toEqual(['wide', 'first try', ['baseline', '基线']])
    // Tags are replaced as a whole, and what is not given stays.
    const retagged = await call('runs.update', { id: started.id, tags: ['基线'] })
    expect([retagged.name, retagged.notes, retagged.tags]).toEqual(['wide', 'first try', ['基线']])
    // The trainer's progress updates do not undo the rename.
    const later = await settle(started.id, (r) => r.step > renamed.step)
    expect([later.name, later.tags]).toEqual(['wide', ['基线']])

    const runRefused = await refusal(call('runs.delete', { id: started.id }))
    expect(runRefused.code).toBe('CONFLICT')
    const experimentRefused = await refusal(call('experiments.delete', { id: experiment.id }))
    expect(experimentRefused.code).toBe('CONFLICT')
    expect(experimentRefused.details?.issues).toEqual([expect.objectContaining({ rule: 'experimentActive', values: { name: 'edits', count: 1 } })])

    await call('runs.cancel', { id: started.id })
    const cancelled = await settle(started.id, (r) => r.status === 'cancelled')
    expect(cancelled.name).toBe('wide')
    const workDir = join(dir, 'home', 'runs', String(started.id))
    expect(existsSync(workDir)).toBe(true)

    expect(await call('runs.delete', { id: started.id })).toEqual({ ok: true })
    expect((await refusal(call('runs.get', { id: started.id }))).code).toBe('NOT_FOUND')
    expect(existsSync(workDir)).toBe(false)
    expect(await call('experiments.get', { id: experiment.id })).toMatchObject({ runCount: 0, activeRunCount: 0 })

    expect(await call('experiments.delete', { id: experiment.id })).toEqual({ ok: true })
    expect((await refusal(call('experiments.get', { id: experiment.id }))).code).toBe('NOT_FOUND')
  })
})
