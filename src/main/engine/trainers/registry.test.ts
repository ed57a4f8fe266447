import { mkdtempSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../shared/api'
import { defaultConfig, validateConfig } from '../../../shared/params'
import { writeBlobsCsv } from '../datasets/samples'
import { grammarText } from './char-lm/sample-text'
import { MB } from './common/memory'
import { trainerDefinitions } from './registry'
import { keywordTexts, writeKeywordCsv } from './text-classifier/sample-texts'

/** Integers that name something (a seed, another run) rather than set a size or a length: any value costs the same. */
const IDENTIFIERS = new Set(['training.seed', 'features.hash_seed', 'finetune.from_run'])

describe('the trainers’ parameter bounds', () => {
  for (const [id, def] of Object.entries(trainerDefinitions)) {
    const info = def.info(['cpu'])

    it(`${id}: every size, length and count has an upper bound holding its default and usual range`, () => {
      for (const p of info.params) {
        if (p.type !== 'int' || IDENTIFIERS.has(p.key)) continue
        expect(p.max, p.key).toBeTypeOf('number')
        expect(p.default, p.key).toBeLessThanOrEqual(p.max!)
        if (p.usual) expect(p.usual[1], p.key).toBeLessThanOrEqual(p.max!)
      }
    })

    it(`${id}: refuses sizes that exhaust memory or time, naming each field and its bound`, () => {
      const huge = { 'model.hidden_size': 1e9, 'model.layers': 1e6, 'runtime.threads': 1e6, 'training.epochs': 1e12, 'training.steps': 1e12, 'data.batch_size': 1e9, 'model.width': 1e9, 'model.context': 1e9, 'model.heads': 1e6, 'model.embedding_size': 1e9, 'features.buckets': 1e12, 'features.max_ngrams': 1e9, 'training.eval_windows': 1e9, 'lora.rank': 1e6, 'optimizer.grad_accumulation': 1e6, 'runtime.steps_per_run': 1e6, 'sample.length': 1e9 }
      const own = Object.fromEntries(Object.entries(huge).filter(([key]) => info.params.some((p) => p.key === key)))
      const { issues } = validateConfig(info, { ...defaultConfig(info), ...own })
      expect(issues.map((i) => i.field).sort()).toEqual(Object.keys(own).sort())
      for (const issue of issues) expect(issue, issue.field).toMatchObject({ rule: 'max', message: expect.stringMatching(/^must be ≤ \d+ \(got \d/) })
    })
  }
})

describe('the trainers’ memory estimates', () => {
  const files: Record<string, string> = {}
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-estimates-'))
    // The data bench/memory-estimate.ts measures on: the same generators and seeds.
    files.mlp = join(dir, 'blobs.csv')
    await writeBlobsCsv(files.mlp, { rows: 2000, features: 10, classes: 3, separation: 2.5, seed: 5 })
    files['text-classifier'] = join(dir, 'texts.csv')
    await writeKeywordCsv(files['text-classifier'], keywordTexts(2000, 3))
    files['char-lm'] = join(dir, 'grammar.txt')
    writeFileSync(files['char-lm'], grammarText(4000, 1))
  })
  const estimate = (trainer: string, patch: Config = {}) => {
    const def = trainerDefinitions[trainer]
    return def.estimateMemory!({ ...defaultConfig(def.info(['cpu'])), ...patch }, { path: files[trainer], bytes: statSync(files[trainer]).size })
  }

  // Peaks (VmHWM) of real trainer processes, `npx tsx bench/memory-estimate.ts` (bench/memory-estimate.json):
  // the estimate stays within 0.8–1.5 times what the process took.
  const measured: [string, Config, number][] = [
    ['mlp', { 'training.epochs': 1 }, 129],
    ['mlp', { 'training.epochs': 1, 'model.hidden_size': 2048, 'model.layers': 4 }, 1417],
    ['mlp', { 'training.epochs': 1, 'model.hidden_size': 2048, 'model.layers': 4, 'optimizer.name': 'sgd', 'runtime.steps_per_run': 1, 'diagnostics.every': 0 }, 648],
    ['text-classifier', { 'training.epochs': 1, 'features.buckets': 1048576, 'diagnostics.every': 0 }, 1717],
    ['char-lm', { 'training.steps': 10, 'model.width': 512, 'model.layers': 4, 'model.heads': 8, 'diagnostics.every': 0 }, 1100],
    ['char-lm', { 'training.steps': 5, 'model.context': 1024, 'diagnostics.every': 0 }, 3349]
  ]
  for (const [trainer, patch, peakMB] of measured) {
    it(`${trainer}: ${JSON.stringify(patch)} is estimated within 0.8–1.5 × the measured ${peakMB} MB`, async () => {
      const ratio = (await estimate(trainer, patch)).bytes / MB / peakMB
      expect(ratio).toBeGreaterThan(0.8)
      expect(ratio).toBeLessThan(1.5)
    })
  }

  it('puts the largest models the bounds allow far beyond any machine, naming the fields that drive them', async () => {
    const mlp = await estimate('mlp', { 'model.hidden_size': 16384, 'model.layers': 64 })
    expect(mlp.bytes).toBeGreaterThan(1e12)
    expect(mlp.parts.find((p) => p.what === 'parameters')?.fields).toEqual(['model.hidden_size', 'model.layers'])
    const lm = await estimate('char-lm', { 'model.context': 4096, 'data.batch_size': 256 })
    const top = lm.parts.reduce((a, b) => (b.bytes > a.bytes ? b : a))
    expect(top).toMatchObject({ what: 'activations', fields: expect.arrayContaining(['model.context', 'data.batch_size']) })
    const text = await estimate('text-classifier', { 'features.buckets': 2 ** 24, 'model.embedding_size': 4096 })
    expect(text.bytes).toBeGreaterThan(64 * 2 ** 30)
  })

  it('grows with the batch, the width and the data', async () => {
    expect((await estimate('mlp', { 'data.batch_size': 1024 })).bytes).toBeGreaterThan((await estimate('mlp')).bytes)
    expect((await estimate('char-lm', { 'model.width': 256 })).bytes).toBeGreaterThan((await estimate('char-lm')).bytes)
    expect((await estimate('text-classifier', { 'features.max_ngrams': 16 })).bytes).toBeLessThan((await estimate('text-classifier')).bytes)
  })
})
