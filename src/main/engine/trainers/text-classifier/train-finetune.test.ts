import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { readCheckpoint } from '../../onnx/checkpoint'
import { checkpointPath, type TrainingMeta } from '../common/checkpoints'
import { lastOf, recordTraining, resuming, seriesOf, startingFrom, tensorsOf, type Recorded } from '../common/testing'
import type { TrainerJob } from '../protocol'
import { holdOutParts, prepareTextData, readTextTable } from './data'
import { exportTextClassifier } from './export'
import { keywordTexts, writeKeywordCsv, writeKeywordJsonl } from './sample-texts'
import type { TextClassifierModelMeta } from './setup'
import { trainTextClassifier } from './train'

const train = (path: string, config: Config, extra: Partial<TrainerJob> = {}, cancelAfter = Infinity) => recordTraining(trainTextClassifier, 'text-classifier', path, config, extra, cancelAfter)

const base: Config = { 'features.buckets': 4096, 'model.embedding_size': 16, 'model.hidden_size': 16, 'training.epochs': 3, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }
// 4096·16 embedding + 16·16+16 hidden + 16·3+3 head.
const TOTAL = 4096 * 16 + 272 + 51

let csv = ''
let other = ''
let jsonl = ''
let pretrained: Recorded
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-text-ft-'))
  ;[csv, other, jsonl] = [join(dir, 'a.csv'), join(dir, 'b.csv'), join(dir, 'c.jsonl')]
  await writeKeywordCsv(csv, keywordTexts(400, 5))
  await writeKeywordCsv(other, keywordTexts(400, 9))
  await writeKeywordJsonl(jsonl, keywordTexts(300, 2))
  pretrained = await train(csv, base)
})

describe('text-classifier fine-tuning', () => {
  it('starts from another run: its first loss far below a fresh start', async () => {
    const fresh = await train(other, { ...base, 'training.epochs': 1 })
    const tuned = await train(other, { ...base, 'training.epochs': 1 }, startingFrom(pretrained))
    expect(tuned.logs.join('\n')).toMatch(/starting from run 1/)
    expect(seriesOf(tuned, 'train/loss')[0].value).toBeLessThan(seriesOf(fresh, 'train/loss')[0].value / 2)
  })

  it('refuses a checkpoint whose shapes differ, naming the tensor and both shapes', async () => {
    const err = await train(other, { ...base, 'model.embedding_size': 8 }, startingFrom(pretrained)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toBe('finetune.from_run: tensor embedding has shape [4096, 16] in run 1 but [4096, 8] in this config')
  })

  it('freezes the embedding by name: it stays as loaded, and the counts say what trained', async () => {
    const r = await train(other, { ...base, 'finetune.freeze': 'embedding' }, startingFrom(pretrained))
    const [start, end] = [tensorsOf(pretrained.workDir, 'best'), tensorsOf(r.workDir, 'latest')]
    expect(end.get('embedding')).toEqual(start.get('embedding'))
    expect(end.get('layer1.weight')).not.toEqual(start.get('layer1.weight'))
    expect(end.has('embedding.m')).toBe(false)
    expect(['trainable', 'total'].map((n) => seriesOf(r, `params/${n}`)[0].value)).toEqual([TOTAL - 4096 * 16, TOTAL])
  })

  it('trains LoRA adapters on the head alone, and exports a model that reproduces the validation metrics', async () => {
    const r = await train(other, { ...base, 'lora.rank': 2, 'lora.alpha': 4, 'lora.dropout': 0.1, 'optimizer.lr': 0.03 }, startingFrom(pretrained))
    const end = tensorsOf(r.workDir, 'latest')
    expect(end.get('layer0.weight')).toEqual(tensorsOf(pretrained.workDir, 'best').get('layer0.weight'))
    // Adapters on layer0 (16×16) and layer1 (16×3): 16·2 + 2·16 + 16·2 + 2·3 = 102.
    expect(seriesOf(r, 'params/trainable')[0].value).toBe(102)
    expect(seriesOf(r, 'params/trainable_ratio')[0].value).toBeCloseTo(102 / (TOTAL + 102), 12)
    expect(lastOf(r, 'val/accuracy')).toBeGreaterThan(0.9)

    const ckpt = checkpointPath(r.workDir, 'best')
    const { meta } = readCheckpoint<TrainingMeta<TextClassifierModelMeta>>(ckpt)
    const table = await readTextTable(other, 'text', 'label')
    const { val, slots } = prepareTextData(table, holdOutParts(table.labels.length, 0.2, 42), meta.model.ngrams)
    const session = await ort.InferenceSession.create(exportTextClassifier(ckpt).bytes)
    const p = (await session.run({ ids: new ort.Tensor('float32', val.x, [val.rows, slots]) })).probabilities.data as Float32Array
    await session.release()
    const c = meta.model.classes.length
    let [correct, loss] = [0, 0]
    for (let i = 0; i < val.rows; i++) {
      const row = Array.from(p.subarray(i * c, (i + 1) * c))
      const y = Number(val.y[i])
      correct += row.indexOf(Math.max(...row)) === y ? 1 : 0
      loss -= Math.log(row[y]) / val.rows
    }
    expect(correct / val.rows).toBe(meta.metrics['val/accuracy'])
    expect(loss).toBeCloseTo(meta.metrics['val/loss'], 4)
  })

  it('resumes a cancelled run at its latest checkpoint and ends where an uninterrupted run ends', async () => {
    const config = { ...base, 'training.epochs': 3, 'regularization.dropout': 0.2, 'lora.rank': 2, 'lora.dropout': 0.1 }
    const whole = await train(other, config, startingFrom(pretrained))
    const perEpoch = seriesOf(whole, 'val/loss')[0].step
    const cut = await train(other, config, startingFrom(pretrained), perEpoch + 2)
    expect(cut.outcome.status).toBe('cancelled')
    const resumed = await train(other, config, { ...startingFrom(pretrained), ...resuming(cut) })
    expect(resumed.logs.join('\n')).toContain(`resuming from the checkpoint of step ${perEpoch} (epoch 1)`)
    expect(seriesOf(resumed, 'train/loss')).toEqual(seriesOf(whole, 'train/loss').filter((m) => m.step > perEpoch))
    expect(seriesOf(resumed, 'val/accuracy')).toEqual(seriesOf(whole, 'val/accuracy').slice(1))
  })

  it('resumes a run with row-sparse embedding updates exactly, its lazy optimizer state restored from the checkpoint', async () => {
    const config = { ...base, 'features.buckets': 65536, 'data.batch_size': 16, 'training.epochs': 2 }
    const whole = await train(other, config)
    expect(whole.logs.join('\n')).toMatch(/sparse embedding updates/)
    const perEpoch = seriesOf(whole, 'val/loss')[0].step
    const cut = await train(other, config, {}, perEpoch + 2)
    expect(cut.outcome.status).toBe('cancelled')
    const resumed = await train(other, config, resuming(cut))
    expect(seriesOf(resumed, 'train/loss')).toEqual(seriesOf(whole, 'train/loss').filter((m) => m.step > perEpoch))
    expect(seriesOf(resumed, 'val/accuracy')).toEqual(seriesOf(whole, 'val/accuracy').slice(1))
  })

  it("reads a dataset version's own text column without data.text", async () => {
    const version = {
      versionId: 3, path: jsonl, format: 'jsonl' as const, columns: ['id', 'body', 'topic'], task: 'text-classification' as const,
      target: 'topic', features: [], text: 'body', split: { kind: 'holdout' as const, valFraction: 0.2, stratify: true, seed: 1 }
    }
    const r = await train(jsonl, { ...base, 'training.epochs': 4, 'optimizer.lr': 0.03 }, { version })
    expect(r.outcome.status).toBe('finished')
    expect(lastOf(r, 'val/accuracy')).toBeGreaterThan(0.9)
  })
})
