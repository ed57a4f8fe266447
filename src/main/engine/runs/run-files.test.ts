import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { classIndices, readNumericCsv } from '../datasets/readers/numeric'
import { writeBlobsCsv } from '../datasets/samples'
import { holdOutSplit } from '../datasets/versions/split'
import { createEngine } from '../engine'
import type { Engine } from '../types'
import { createNodeLauncher } from './node-launcher'

let dir: string
let csv: string
let engine: Engine
let experimentId: number
/** As a transport calls the engine: the input parsed by the contract first, defaults applied. */
const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>

async function settle(id: number, until: (r: Run) => boolean = (r) => r.status !== 'running' && r.status !== 'queued'): Promise<Run> {
  for (let i = 0; i < 600; i++) {
    const run = await call('runs.get', { id })
    if (until(run)) return run
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`run ${id} did not settle`)
}

const quick = { 'data.batch_size': 32, 'model.hidden_size': 16, 'training.epochs': 3, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }

/** Accuracy of an exported model on the run's validation rows, read raw from the CSV as a user would. */
async function exportedAccuracy(path: string): Promise<number> {
  const table = await readNumericCsv(csv)
  const { val } = holdOutSplit(table.rows, 0.2, 42)
  const { labels } = classIndices(table.y)
  const f = table.featureNames.length
  const x = new Float32Array(val.length * f)
  val.forEach((r, i) => x.set(table.x.subarray(r * f, (r + 1) * f), i * f))
  const session = await ort.InferenceSession.create(path)
  expect(session.inputNames).toEqual(['x'])
  expect(session.outputNames).toEqual(['logits', 'probabilities'])
  const out = await session.run({ x: new ort.Tensor('float32', x, [val.length, f]) })
  await session.release()
  const p = out.probabilities.data as Float32Array
  const k = p.length / val.length
  let correct = 0
  val.forEach((r, i) => {
    const row = Array.from(p.subarray(i * k, (i + 1) * k))
    if (BigInt(row.indexOf(Math.max(...row))) === labels[r]) correct++
  })
  return correct / val.length
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-run-files-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 600, features: 5, classes: 3, separation: 2.5, seed: 5 })
  engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), cancelGraceMs: 3000 })
  experimentId = (await call('experiments.create', { name: 'files' })).id
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('run checkpoints through the API', () => {
  let pretrained: Run

  it('exports a standalone model that reproduces the validation accuracy of the checkpoint it came from', async () => {
    pretrained = await settle((await call('runs.start', { experimentId, trainer: 'mlp', config: quick, dataset: csv })).id)
    expect(pretrained.status).toBe('finished')
    const detail = await call('runs.get', { id: pretrained.id })
    expect(detail.metrics['params/trainable'].last).toBe(detail.metrics['params/total'].last)
    mkdirSync(join(dir, 'models'))
    const out = join(dir, 'models', 'blobs.onnx')
    const exported = await call('runs.exportModel', { id: pretrained.id, out })
    expect(exported).toMatchObject({ path: out, checkpoint: 'best', inputs: ['x'], outputs: ['logits', 'probabilities'] })
    const series = (await call('runs.metrics', { id: pretrained.id, names: ['val/accuracy'] }))['val/accuracy']
    const recorded = series.values[series.steps.indexOf(exported.step)]
    expect(exported.metrics['val/accuracy']).toBe(recorded)
    expect(Math.abs((await exportedAccuracy(out)) - recorded)).toBeLessThan(1e-9)
    await expect(call('runs.exportModel', { id: pretrained.id, out: dir })).rejects.toThrow(/is a folder/)
  })

  it('refuses an out that is no .onnx file in an existing folder, naming out, and replaces a file only with overwrite', async () => {
    const refusal = async (out: string, overwrite = false): Promise<AppError> => {
      const err = await call('runs.exportModel', { id: pretrained.id, out, overwrite }).then(() => new Error(`exported to ${out}`), (e: unknown) => e)
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).details?.issues?.map((i) => i.field)).toEqual(['out'])
      return err as AppError
    }
    expect(await refusal(dir, true)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/is a folder/) })
    expect(await refusal(csv, true)).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/must end in \.onnx/) })
    expect(readFileSync(csv, 'utf8')).toMatch(/^f1,/)
    expect(await refusal(join(dir, 'no-such', 'model.onnx'))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`the folder ${join(dir, 'no-such')} does not exist`) })
    expect(existsSync(join(dir, 'no-such'))).toBe(false)
    expect(await refusal(join(csv, 'model.onnx'))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(`${csv} is not a folder`) })

    const kept = join(dir, 'kept.onnx')
    writeFileSync(kept, 'not a model')
    expect(await refusal(kept)).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/exists/) })
    expect(readFileSync(kept, 'utf8')).toBe('not a model')
    const replaced = await call('runs.exportModel', { id: pretrained.id, out: kept, overwrite: true })
    expect(readFileSync(kept).length).toBe(replaced.bytes)
    expect(Math.abs((await exportedAccuracy(kept)) - replaced.metrics['val/accuracy'])).toBeLessThan(1e-9)
  })

  it('merges LoRA adapters into the exported weights', async () => {
    const config = { ...quick, 'finetune.from_run': pretrained.id, 'lora.rank': 2, 'lora.alpha': 8, 'training.epochs': 2, 'optimizer.lr': 0.05 }
    const run = await settle((await call('runs.start', { experimentId, trainer: 'mlp', config, dataset: csv })).id)
    expect(run.status, run.statusMessage ?? '').toBe('finished')
    const detail = await call('runs.get', { id: run.id })
    expect(detail.metrics['params/trainable_ratio'].last).toBeLessThan(0.5)
    const out = join(dir, 'lora.onnx')
    const exported = await call('runs.exportModel', { id: run.id, out, checkpoint: 'latest' })
    expect(Math.abs((await exportedAccuracy(out)) - exported.metrics['val/accuracy'])).toBeLessThan(1e-9)
  })

  it('names a missing dataset, a folder and a symbolic link loop for what each is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-dataset-path-'))
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'))
    const message = async (dataset: string) => (await call('runs.validate', { trainer: 'mlp', config: quick, dataset })).issues.find((i) => i.field === 'dataset')?.message
    expect(await message(join(dir, 'none.csv'))).toBe(`file not found: ${join(dir, 'none.csv')}`)
    expect(await message(dir)).toBe(`not a file: ${dir}`)
    expect(await message(join(dir, 'loop'))).toMatch(/symbolic link loop/)
  })

  it('checks finetune.from_run before launching', async () => {
    const issues = async (from: number) => (await call('runs.validate', { trainer: 'mlp', config: { ...quick, 'finetune.from_run': from } })).issues
    expect(await issues(pretrained.id)).toEqual([])
    expect(await issues(999)).toMatchObject([{ field: 'finetune.from_run', message: 'no run 999' }])
    const bad = await call('runs.validate', { trainer: 'mlp', config: { 'finetune.freeze': '/(/' } })
    expect(bad.issues[0]).toMatchObject({ field: 'finetune.freeze', message: expect.stringMatching(/not a valid regular expression/) })
  })

  it('resumes a cancelled run from its latest checkpoint and finishes it with one point per step', async () => {
    // Long enough (3600 single steps a session run) that the cancel lands mid-run on a fast machine too.
    const config = { ...quick, 'data.batch_size': 4, 'training.epochs': 30, 'runtime.steps_per_run': 1 }
    const started = await call('runs.start', { experimentId, trainer: 'mlp', config, dataset: csv })
    await settle(started.id, (r) => r.step > 130)
    await call('runs.cancel', { id: started.id })
    const cancelled = await settle(started.id)
    expect(cancelled.status).toBe('cancelled')
    const resumed = await call('runs.resume', { id: started.id })
    expect(resumed.status).toBe('running')
    const done = await settle(started.id)
    expect(done.status, done.statusMessage ?? '').toBe('finished')
    expect(done.step).toBe(done.totalSteps)
    const m = await call('runs.metrics', { id: started.id, names: ['train/loss', 'val/loss'] })
    expect(m['train/loss'].steps).toEqual(Array.from({ length: done.totalSteps! }, (_, i) => i + 1))
    expect(m['val/loss'].steps).toHaveLength(30)
    expect((await call('runs.log', { id: started.id })).text).toMatch(/resuming from the checkpoint of step \d+ \(epoch \d+\)/)
    const again = await call('runs.resume', { id: started.id }).catch((e: unknown) => e)
    expect(again).toBeInstanceOf(AppError)
    expect((again as AppError).message).toMatch(/has finished; only a cancelled, interrupted or crashed run resumes/)
  })
})
