import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { readCheckpoint } from '../../onnx/checkpoint'
import { checkpointPath } from '../common/checkpoints'
import { lastOf, recordTraining } from '../common/testing'
import { keywordTexts, writeKeywordCsv, writeKeywordJsonl } from './sample-texts'
import { trainTextClassifier } from './train'

const train = (datasetPath: string, config: Config) => recordTraining(trainTextClassifier, 'text-classifier', datasetPath, config)
const last = lastOf

let csv = ''
let jsonl = ''
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-text-'))
  const texts = keywordTexts(600, 5)
  csv = join(dir, 'keywords.csv')
  jsonl = join(dir, 'keywords.jsonl')
  await writeKeywordCsv(csv, texts)
  await writeKeywordJsonl(jsonl, texts)
})

const base: Config = {
  'features.buckets': 4096,
  'model.embedding_size': 16,
  'model.hidden_size': 16,
  'training.epochs': 6,
  'optimizer.lr': 0.01,
  'diagnostics.every': 0
}

describe('trainTextClassifier', () => {
  describe('row-sparse embedding updates', () => {
    // 65536 buckets and batches of 16 texts: a step names a few hundred rows of the table.
    const sparse: Config = { ...base, 'features.buckets': 65536, 'data.batch_size': 16, 'training.epochs': 2 }
    const weights = async (config: Config) => {
      const r = await train(csv, config)
      const tensors = readCheckpoint(checkpointPath(r.workDir, 'latest')).tensors
      return { r, tensors: new Map(tensors.map((t) => [t.name, { shape: t.shape, data: t.data }])) }
    }

    it('equal dense updates under plain SGD, where lazy and dense updates are the same', async () => {
      const sgd: Config = { ...sparse, 'optimizer.name': 'sgd', 'optimizer.momentum': 0, 'optimizer.weight_decay': 0, 'optimizer.lr': 0.5 }
      const lazy = await weights(sgd)
      const dense = await weights({ ...sgd, 'optimizer.sparse_embedding': false })
      expect(lazy.r.logs.at(-1)).toMatch(/sparse embedding updates \(at most \d+ rows a step\)/)
      expect(dense.r.logs.at(-1)).not.toMatch(/sparse embedding/)
      expect(lazy.tensors.get('embedding')!.shape).toEqual([65536, 16])
      for (const [name, t] of dense.tensors) {
        const l = lazy.tensors.get(name)!
        expect(l.shape, name).toEqual(t.shape)
        let worst = 0
        for (let i = 0; i < t.data.length; i++) worst = Math.max(worst, Math.abs(t.data[i] - l.data[i]))
        expect(worst, name).toBeLessThan(1e-5)
      }
    })

    it('learn the keywords with lazy AdamW, which leaves rows no batch named undecayed where dense AdamW decays them', async () => {
      const lazy = await weights({ ...sparse, 'training.epochs': 6, 'diagnostics.every': 7 })
      const dense = await weights({ ...sparse, 'training.epochs': 6, 'optimizer.sparse_embedding': false })
      for (const run of [lazy, dense]) {
        expect(run.r.outcome).toEqual({ status: 'finished' })
        expect(last(run.r, 'val/accuracy')).toBeGreaterThan(0.97)
      }
      const [moment, l, d] = [lazy.tensors.get('embedding.m')!.data, lazy.tensors.get('embedding')!.data, dense.tensors.get('embedding')!.data]
      let [named, unnamed, undecayed] = [0, 0, 0]
      for (let row = 1; row < 65536; row++) {
        const span = [row * 16, (row + 1) * 16] as const
        if (moment.subarray(...span).some((v) => v !== 0)) {
          named++
          continue
        }
        unnamed++
        // Never in a batch: lazily untouched, densely shrunk by weight decay every step.
        for (let i = span[0]; i < span[1]; i++) if (l[i] !== 0 && !(Math.abs(d[i]) < Math.abs(l[i]))) undecayed++
      }
      expect(undecayed).toBe(0)
      // Diagnostics see the rows a step fed: the embedding's gradient norm and update ratio are there.
      expect(last(lazy.r, 'grad_norm/embedding')).toBeGreaterThan(0)
      expect(last(lazy.r, 'update_ratio/embedding')).toBeGreaterThan(0)
      expect(named).toBeGreaterThan(50)
      expect(unnamed).toBeGreaterThan((65536 * 3) / 4)
    })
  })

  it('finds the keywords that decide the label: validation accuracy near 1, loss far below chance', async () => {
    const r = await train(csv, base)
    expect(r.outcome).toEqual({ status: 'finished' })
    // Every label is decided by its keyword, so the data allows 100%; chance is 1/3 and ln 3 ≈ 1.10.
    expect(last(r, 'val/accuracy')).toBeGreaterThan(0.97)
    expect(last(r, 'val/loss')).toBeLessThan(0.15)
    expect(last(r, 'train/accuracy')).toBeGreaterThan(0.95)
    expect(r.metrics.filter((m) => m.name === 'val/loss')).toHaveLength(6)
    expect(r.logs.at(-1)).toMatch(/480 training \/ 120 validation texts, 3 classes/)
  })

  it('reads named JSON Lines keys, with word features only, and repeats exactly for a seed', async () => {
    const config = { ...base, 'data.text': 'body', 'data.target': 'topic', 'features.char_ngram_max': 0, 'model.layers': 0, 'optimizer.lr': 0.05, 'training.epochs': 4, 'diagnostics.every': 5 }
    const a = await train(jsonl, config)
    expect(last(a, 'val/accuracy')).toBeGreaterThan(0.9)
    expect(a.metrics.some((m) => m.name === 'grad_norm/embedding')).toBe(true)
    expect((await train(jsonl, config)).metrics).toEqual(a.metrics)
    expect((await train(jsonl, { ...config, 'training.seed': 3 })).metrics).not.toEqual(a.metrics)
  })

  it('stops as diverged, naming the step, when the lr explodes', async () => {
    const r = await train(csv, { ...base, 'optimizer.name': 'sgd', 'optimizer.lr': 1e30, 'optimizer.momentum': 0.99, 'model.layers': 0 })
    expect(r.outcome.status).toBe('diverged')
    expect(r.outcome.message).toMatch(/at step \d+|after epoch/)
  })
})
