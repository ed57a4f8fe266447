import { formatMessage } from '../../../../shared/messages'
import { mkdtempSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { Rng } from '../../random'
import { writeBlobsCsv } from '../../datasets/samples'
import type { TrainContext, TrainOutcome } from '../protocol'
import { trainMlp } from './train'

interface Recorded {
  outcome: TrainOutcome
  totalSteps: number
  metrics: { name: string; step: number; value: number }[]
  logs: string[]
}

async function train(datasetPath: string, config: Config): Promise<Recorded> {
  const rec: Omit<Recorded, 'outcome'> = { totalSteps: 0, metrics: [], logs: [] }
  const ctx: TrainContext = {
    job: { runId: 1, trainer: 'mlp', config, datasetPath, workDir: mkdtempSync(join(tmpdir(), 'paramscope-run-')), providers: ['cpu'] },
    started: (info) => (rec.totalSteps = info.totalSteps),
    metric: (name, step, value) => rec.metrics.push({ name, step, value }),
    progress: () => {},
    isCancelled: () => false,
    log: (line) => rec.logs.push(line)
  }
  const outcome = await trainMlp(ctx)
  return { ...rec, outcome }
}
const series = (r: Recorded, name: string) => r.metrics.filter((m) => m.name === name)

let blobs = ''
let regression = ''
/** R² the noise allows: signal variance 3.5 against noise variance 0.01. */
const bestR2 = 3.5 / 3.51
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-mlp-features-'))
  blobs = join(dir, 'blobs.csv')
  await writeBlobsCsv(blobs, { rows: 600, features: 5, classes: 3, separation: 5, seed: 4 })
  // y = 1.5·a − b + 0.5·c·d + N(0, 0.1²) with standard normal features.
  const rng = new Rng(8)
  const lines = ['a,b,c,d,y']
  for (let i = 0; i < 1200; i++) {
    const [a, b, c, d] = [rng.normal(), rng.normal(), rng.normal(), rng.normal()]
    lines.push([a, b, c, d, 1.5 * a - b + 0.5 * c * d + 0.1 * rng.normal()].map((v) => v.toFixed(6)).join(','))
  }
  regression = join(dir, 'regression.csv')
  await writeFile(regression, `${lines.join('\n')}\n`)
})

describe('mlp regression', () => {
  it('infers regression from the target and approaches the R² the noise allows', async () => {
    const r = await train(regression, { 'training.epochs': 30, 'optimizer.lr': 3e-3, 'model.activation': 'gelu', 'diagnostics.every': 0 })
    expect(r.outcome).toEqual({ status: 'finished' })
    expect(r.logs.some((l) => l.includes('for regression'))).toBe(true)
    expect(series(r, 'val/accuracy')).toEqual([])
    const r2 = series(r, 'val/r2').at(-1)!.value
    const rmse = series(r, 'val/rmse').at(-1)!.value
    expect(r2).toBeGreaterThan(bestR2 - 0.03)
    expect(r2).toBeLessThanOrEqual(1)
    // The noise's standard deviation, 0.1, is the floor of the RMSE in the target's units.
    expect(rmse).toBeLessThan(0.35)
    expect(rmse).toBeGreaterThan(0.08)
  })
})

describe('mlp training features', () => {
  it('stops early and says why', async () => {
    const r = await train(blobs, { 'training.epochs': 20, 'early_stopping.patience': 2, 'early_stopping.min_delta': 10, 'diagnostics.every': 0 })
    expect(r.outcome).toMatchObject({ status: 'finished', message: 'early stop at epoch 3: val/loss did not improve by 10 for 2 evaluations' })
    // Coded, so the run page and the CLI say it in Chinese too.
    expect(formatMessage('zh-CN', r.outcome.reason!)).toBe('在第 3 轮提前停止：val/loss 连续 2 次评估改善未达到 10')
    expect(series(r, 'val/loss')).toHaveLength(3)
  })

  it('emits gradient diagnostics every N steps, with variance over the window', async () => {
    const r = await train(blobs, { 'training.epochs': 2, 'diagnostics.every': 5, 'diagnostics.window': 4, 'model.layers': 2 })
    const names = new Set(r.metrics.map((m) => m.name))
    for (const n of ['grad_norm/global', 'grad_norm/layer0', 'grad_norm/layer2', 'update_ratio/layer1', 'grad_norm_var/layer0', 'grad_norm_var/global']) expect(names.has(n), n).toBe(true)
    const global = series(r, 'grad_norm/global')
    expect(global.map((m) => m.step)).toEqual(Array.from({ length: Math.floor(r.totalSteps / 5) }, (_, i) => 5 * (i + 1)))
    expect(global.every((m) => m.value > 0)).toBe(true)
    expect(series(r, 'grad_norm_var/global')).toHaveLength(global.length - 1)
    expect(series(r, 'update_ratio/layer0').every((m) => m.value > 0 && m.value < 1)).toBe(true)
  })

  it('accumulates micro-batches into fewer optimizer steps, with dropout, clipping, Lion and a plateau schedule', async () => {
    const config: Config = {
      'training.epochs': 6,
      'data.batch_size': 16,
      'optimizer.grad_accumulation': 3,
      'optimizer.name': 'lion',
      'optimizer.lr': 3e-3,
      'optimizer.beta2': 0.99,
      'optimizer.clip_norm': 1,
      'optimizer.layer_lr_decay': 0.8,
      'regularization.dropout': 0.2,
      'model.activation': 'sigmoid',
      'schedule.name': 'plateau',
      'diagnostics.every': 10
    }
    const r = await train(blobs, config)
    expect(r.outcome.status).toBe('finished')
    // 480 training rows: 30 micro-batches of 16 per epoch, 10 optimizer steps.
    expect(r.totalSteps).toBe(60)
    expect(series(r, 'train/loss')).toHaveLength(60)
    expect(series(r, 'val/accuracy').at(-1)!.value).toBeGreaterThan(0.8)
    const again = await train(blobs, config)
    expect(again.metrics.map((m) => m.value)).toEqual(r.metrics.map((m) => m.value))
    const otherSeed = await train(blobs, { ...config, 'training.seed': 1 })
    expect(otherSeed.metrics.map((m) => m.value)).not.toEqual(r.metrics.map((m) => m.value))
  })

  it('refuses a monitored metric the task does not measure', async () => {
    await expect(train(blobs, { 'early_stopping.patience': 3, 'early_stopping.metric': 'val/rmse' })).rejects.toThrow(/val\/rmse is not measured in classification/)
  })
})
