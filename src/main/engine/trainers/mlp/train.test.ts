import { mkdtempSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { writeBlobsCsv } from '../../datasets/samples'
import type { TrainContext, TrainOutcome } from '../protocol'
import { trainMlp } from './train'

interface Recorded {
  outcome: TrainOutcome
  started: Parameters<TrainContext['started']>[0][]
  metrics: { name: string; step: number; value: number }[]
  logs: string[]
}

/** A hand-built context recording everything the trainer reports. */
async function train(datasetPath: string, config: Config, cancelAfter = Infinity, providers = ['cpu']): Promise<Recorded> {
  const rec: Omit<Recorded, 'outcome'> = { started: [], metrics: [], logs: [] }
  let steps = 0
  const ctx: TrainContext = {
    job: { runId: 1, trainer: 'mlp', config, datasetPath, workDir: mkdtempSync(join(tmpdir(), 'paramscope-run-')), providers },
    started: (info) => rec.started.push(info),
    metric: (name, step, value) => rec.metrics.push({ name, step, value }),
    progress: (step) => (steps = step),
    isCancelled: () => steps >= cancelAfter,
    log: (line) => rec.logs.push(line)
  }
  return { ...rec, outcome: await trainMlp(ctx) }
}

const series = (r: Recorded, name: string) => r.metrics.filter((m) => m.name === name)

let csv = ''
let bayes = 0
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-mlp-'))
  csv = join(dir, 'blobs.csv')
  bayes = (await writeBlobsCsv(csv, { rows: 1000, features: 6, classes: 4, separation: 5, seed: 3 })).nearestCentreAccuracy
})

const base: Config = { 'data.batch_size': 32, 'model.hidden_size': 32, 'training.epochs': 5, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }

describe('trainMlp', () => {
  it('learns Gaussian blobs to high validation accuracy and reports every metric', async () => {
    const r = await train(csv, base)
    expect(r.outcome).toEqual({ status: 'finished' })
    const totalSteps = 5 * Math.ceil(800 / 32)
    expect(r.started).toEqual([{ provider: 'cpu', device: expect.stringContaining('1 thread'), totalSteps, seed: 42 }])
    const loss = series(r, 'train/loss')
    expect(loss.map((m) => m.step)).toEqual(Array.from({ length: totalSteps }, (_, i) => i + 1))
    expect(series(r, 'lr').every((m) => Math.abs(m.value - 0.01) < 1e-9)).toBe(true)
    const acc = series(r, 'val/accuracy')
    expect(acc.map((m) => m.step)).toEqual([25, 50, 75, 100, 125])
    // The blobs allow about `bayes` (≈0.95) accuracy; the MLP must come within 3 points of it.
    expect(acc[acc.length - 1].value).toBeGreaterThan(bayes - 0.03)
    // Chance level for 4 classes is ln 4 ≈ 1.39.
    expect(series(r, 'val/loss').at(-1)!.value).toBeLessThan(0.3)
    expect(series(r, 'train/accuracy')).toHaveLength(5)
    expect(loss.slice(-10).reduce((a, m) => a + m.value, 0) / 10).toBeLessThan(loss[0].value / 3)
  })

  it('repeats exactly for the same config and thread count', async () => {
    const config = { ...base, 'training.epochs': 2, 'runtime.threads': 2, 'optimizer.name': 'sgd', 'optimizer.lr': 0.05 }
    const a = await train(csv, config)
    const b = await train(csv, config)
    expect(a.metrics.length).toBeGreaterThan(50)
    expect(b.metrics).toEqual(a.metrics)
    const c = await train(csv, { ...config, 'training.seed': 7 })
    expect(c.metrics).not.toEqual(a.metrics)
  })

  it('follows warmup then cosine down to the minimum lr', async () => {
    const r = await train(csv, { ...base, 'training.epochs': 1, 'schedule.name': 'warmup_cosine', 'schedule.warmup_steps': 5, 'schedule.min_lr': 1e-4 })
    const lr = series(r, 'lr').map((m) => m.value)
    expect(lr[0]).toBeCloseTo(0.002, 8)
    expect(lr[4]).toBeCloseTo(0.01, 8)
    expect(lr.at(-1)).toBeCloseTo(1e-4, 8)
    expect(lr[10]).toBeLessThan(lr[5])
  })

  it('stops when cancelled, after the step under way or the chain of steps under way', async () => {
    const single = await train(csv, { ...base, 'runtime.steps_per_run': 1 }, 3)
    expect(single.outcome).toEqual({ status: 'cancelled' })
    expect(series(single, 'train/loss')).toHaveLength(3)
    const chained = await train(csv, base, 3)
    expect(chained.outcome).toEqual({ status: 'cancelled' })
    expect(series(chained, 'train/loss')).toHaveLength(4)
  })

  for (const k of [1, 4]) {
    it(`reports divergence with the step and the tensor, ${k} step${k > 1 ? 's' : ''} per session run`, async () => {
      const r = await train(csv, { ...base, 'optimizer.name': 'sgd', 'optimizer.lr': 1e12, 'optimizer.momentum': 0.99, 'runtime.steps_per_run': k })
      expect(r.outcome.status).toBe('diverged')
      expect(r.outcome.message).toMatch(/^train\/loss is (NaN|Infinity) at step \d+: (layer\d\.(weight|bias) became (NaN|-?Infinity) in the update of step \d+|the forward pass overflowed with finite parameters)$/)
      const losses = series(r, 'train/loss')
      expect(r.outcome.message).toContain(`at step ${losses.length + 1}:`)
    })
  }

  it('falls back to cpu with a logged reason when no accelerator is present', async () => {
    const r = await train(csv, { ...base, 'training.epochs': 1 }, 2)
    expect(r.logs[0]).toMatch(/no accelerator found; using cpu/)
    expect(r.started[0].provider).toBe('cpu')
  })

  it('refuses a batch larger than the training split', async () => {
    await expect(train(csv, { ...base, 'data.batch_size': 900 })).rejects.toThrow(/data.batch_size: must be at most the 800 training rows/)
  })
})
