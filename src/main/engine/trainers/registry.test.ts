import { describe, expect, it } from 'vitest'
import { defaultConfig, validateConfig } from '../../../shared/params'
import { trainerDefinitions } from './registry'

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
