import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { writeBlobsCsv } from '../../datasets/samples'
import { readCheckpoint } from '../../onnx/checkpoint'
import { checkpointPath, type TrainingMeta } from '../common/checkpoints'
import { seriesOf, trainRecorded, type Recorded } from './testing'

let csv = ''
let shifted = ''
let pretrained: Recorded
const base: Config = { 'data.batch_size': 32, 'model.hidden_size': 16, 'training.epochs': 3, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }

beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-finetune-'))
  csv = join(dir, 'blobs.csv')
  shifted = join(dir, 'blobs-7.csv')
  await writeBlobsCsv(csv, { rows: 600, features: 6, classes: 4, separation: 5, seed: 3 })
  await writeBlobsCsv(shifted, { rows: 600, features: 6, classes: 4, separation: 5, seed: 7 })
  pretrained = await trainRecorded(csv, base)
})

const tensorsOf = (workDir: string, kind: 'latest' | 'best') => new Map(readCheckpoint(checkpointPath(workDir, kind)).tensors.map((t) => [t.name, t.data]))
const from = (r: Recorded) => ({ startFrom: { runId: 1, checkpoint: checkpointPath(r.workDir, 'best') } })

describe('mlp steps per session run', () => {
  it('chains steps without changing what is learned', async () => {
    const config = { ...base, 'optimizer.grad_accumulation': 2, 'data.batch_size': 16, 'regularization.dropout': 0.1, 'diagnostics.every': 7 }
    const one = await trainRecorded(csv, config)
    const four = await trainRecorded(csv, { ...config, 'runtime.steps_per_run': 4 })
    expect(four.logs.join('\n')).toMatch(/4 steps per session run/)
    const [a, b] = [one, four].map((r) => seriesOf(r, 'train/loss'))
    expect(b.map((m) => m.step)).toEqual(a.map((m) => m.step))
    expect(Math.max(...a.map((m, i) => Math.abs(m.value - b[i].value)))).toBeLessThan(1e-5)
    expect(seriesOf(four, 'val/accuracy').map((m) => m.value)).toEqual(seriesOf(one, 'val/accuracy').map((m) => m.value))
    expect(seriesOf(four, 'grad_norm/global').map((m) => m.step)).toEqual(seriesOf(one, 'grad_norm/global').map((m) => m.step))
  })
})

describe('mlp checkpoints', () => {
  it('keeps the latest and the best state with the metrics they were measured at', () => {
    const latest = readCheckpoint<TrainingMeta>(checkpointPath(pretrained.workDir, 'latest')).meta
    const best = readCheckpoint<TrainingMeta>(checkpointPath(pretrained.workDir, 'best')).meta
    const valLoss = seriesOf(pretrained, 'val/loss')
    expect(latest.step).toBe(valLoss.at(-1)!.step)
    expect(latest.epoch).toBe(3)
    const bestPoint = valLoss.reduce((a, b) => (b.value < a.value ? b : a))
    expect(best.step).toBe(bestPoint.step)
    expect(best.metrics['val/loss']).toBe(bestPoint.value)
    expect(latest.history.map((h) => h['val/loss'])).toEqual(valLoss.map((m) => m.value))
  })

  it('resumes a cancelled run at its latest checkpoint and ends exactly where an uninterrupted run ends', async () => {
    const config = { ...base, 'training.epochs': 4, 'regularization.dropout': 0.2 }
    const whole = await trainRecorded(csv, config)
    // 15 steps make one epoch here: cancel inside the third, so the checkpoint of epoch 2 is the latest.
    const cut = await trainRecorded(csv, config, {}, 36)
    expect(cut.outcome.status).toBe('cancelled')
    const resumed = await trainRecorded(csv, config, { workDir: cut.workDir, resume: checkpointPath(cut.workDir, 'latest') })
    expect(resumed.outcome.status).toBe('finished')
    expect(resumed.logs.join('\n')).toMatch(/resuming from the checkpoint of step 30 \(epoch 2\)/)
    const loss = seriesOf(resumed, 'train/loss')
    expect(loss[0].step).toBe(31)
    expect(loss).toEqual(seriesOf(whole, 'train/loss').filter((m) => m.step > 30))
    expect(seriesOf(resumed, 'val/loss')).toEqual(seriesOf(whole, 'val/loss').slice(2))
    expect(seriesOf(resumed, 'params/total')).toEqual([])
  })
})

describe('mlp fine-tuning', () => {
  it('starts from another run: its first loss is the pretrained loss, far below a fresh start', async () => {
    const fresh = await trainRecorded(csv, { ...base, 'training.epochs': 1 })
    const tuned = await trainRecorded(csv, { ...base, 'training.epochs': 1 }, from(pretrained))
    expect(tuned.logs.join('\n')).toMatch(/starting from run 1/)
    expect(seriesOf(tuned, 'train/loss')[0].value).toBeLessThan(seriesOf(fresh, 'train/loss')[0].value / 2)
  })

  it('refuses a checkpoint whose shapes differ, naming the tensor and both shapes', async () => {
    const err = await trainRecorded(csv, { ...base, 'model.hidden_size': 24 }, from(pretrained)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toBe('finetune.from_run: tensor layer0.weight has shape [6, 16] in run 1 but [6, 24] in this config')
    expect((err as AppError).details?.issues?.[0].field).toBe('finetune.from_run')
  })

  it('freezes by pattern: frozen tensors stay as loaded and the counts say what trained', async () => {
    const r = await trainRecorded(shifted, { ...base, 'finetune.freeze': 'layer0, /^layer1\\.w/' }, from(pretrained))
    const start = tensorsOf(pretrained.workDir, 'best')
    const end = tensorsOf(r.workDir, 'latest')
    expect(end.get('layer0.weight')).toEqual(start.get('layer0.weight'))
    expect(end.get('layer1.weight')).toEqual(start.get('layer1.weight'))
    expect(end.get('layer1.bias')).not.toEqual(start.get('layer1.bias'))
    expect(end.has('layer0.weight.m')).toBe(false)
    expect(end.has('layer1.bias.m')).toBe(true)
    // 6·16+16 + 16·16 = 368 frozen of 6·16+16 + 16·16+16 + 16·4+4 = 452.
    const counts = ['trainable', 'total', 'trainable_ratio'].map((n) => seriesOf(r, `params/${n}`)[0].value)
    expect(counts).toEqual([452 - 368, 452, (452 - 368) / 452])
  })

  it('trains LoRA adapters alone, the first step equal to the base model', async () => {
    const config = { ...base, 'lora.rank': 2, 'lora.alpha': 4, 'lora.dropout': 0.1, 'lora.targets': 'layer1, layer2' }
    const r = await trainRecorded(shifted, config, from(pretrained))
    const frozenRun = await trainRecorded(shifted, { ...base, 'optimizer.lr': 1e-12, 'training.epochs': 1 }, from(pretrained))
    expect(seriesOf(r, 'train/loss')[0].value).toBeCloseTo(seriesOf(frozenRun, 'train/loss')[0].value, 5)
    const start = tensorsOf(pretrained.workDir, 'best')
    const end = tensorsOf(r.workDir, 'latest')
    for (const name of ['layer0.weight', 'layer1.weight', 'layer2.bias']) expect(end.get(name), name).toEqual(start.get(name))
    expect(Math.max(...end.get('layer2.weight.lora_b')!.map(Math.abs))).toBeGreaterThan(0)
    // Adapters: 16·2 + 2·16 + 16·2 + 2·4 = 104 trainable of 452 + 104.
    expect(seriesOf(r, 'params/trainable')[0].value).toBe(104)
    expect(seriesOf(r, 'params/trainable_ratio')[0].value).toBeCloseTo(104 / 556, 12)
    expect(seriesOf(r, 'val/accuracy').at(-1)!.value).toBeGreaterThan(0.5)
  })
})
