import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import type { TrainContext, TrainOutcome } from '../protocol'
import { GRAMMAR_SENTENCE, grammarText } from './sample-text'
import { trainCharLm } from './train'

interface Recorded {
  outcome: TrainOutcome
  metrics: { name: string; step: number; value: number }[]
  logs: string[]
  sample: string
}

async function train(datasetPath: string, config: Config, cancelAfter = Infinity): Promise<Recorded> {
  const workDir = await mkdtemp(join(tmpdir(), 'paramscope-charlm-run-'))
  const rec = { metrics: [] as Recorded['metrics'], logs: [] as string[] }
  let steps = 0
  const ctx: TrainContext = {
    job: { runId: 1, trainer: 'char-lm', config, datasetPath, workDir, providers: ['cpu'] },
    started: () => {},
    metric: (name, step, value) => rec.metrics.push({ name, step, value }),
    progress: (step) => (steps = step),
    isCancelled: () => steps >= cancelAfter,
    log: (line) => rec.logs.push(line)
  }
  const outcome = await trainCharLm(ctx)
  const sample = await readFile(join(workDir, 'sample.txt'), 'utf8').catch(() => '')
  return { ...rec, outcome, sample }
}

const series = (r: Recorded, name: string) => r.metrics.filter((m) => m.name === name)

let path = ''
let vocab = 0
beforeAll(async () => {
  const text = grammarText(1500, 11)
  vocab = new Set(text).size
  path = join(await mkdtemp(join(tmpdir(), 'paramscope-charlm-')), 'grammar.txt')
  await writeFile(path, text)
})

const small: Config = {
  'model.layers': 2,
  'model.heads': 2,
  'model.width': 32,
  'model.context': 32,
  'data.batch_size': 16,
  'regularization.dropout': 0,
  'optimizer.lr': 0.004,
  'optimizer.clip_norm': 1,
  'training.steps': 300,
  'training.eval_every': 100,
  'training.eval_windows': 32,
  'diagnostics.every': 0,
  'sample.temperature': 0,
  'sample.length': 120
}

describe('trainCharLm', () => {
  it('learns a repeating grammar: validation perplexity far below the vocabulary size, and a greedy sample that follows it', async () => {
    const r = await train(path, small)
    expect(r.outcome).toEqual({ status: 'finished' })
    const ppl = series(r, 'val/perplexity')
    expect(ppl.map((m) => m.step)).toEqual([100, 200, 300])
    const loss = series(r, 'val/loss').at(-1)!.value
    expect(ppl.at(-1)!.value).toBeCloseTo(Math.exp(loss), 6)
    // A uniform guess has perplexity `vocab` (20 characters); the grammar allows close to 1.
    expect(ppl.at(-1)!.value).toBeLessThan(1.6)
    expect(ppl.at(-1)!.value).toBeLessThan(vocab / 10)
    expect(series(r, 'train/loss')).toHaveLength(300)
    expect(r.sample.length).toBe(121)
    const sentences = r.sample.split('. ').slice(1, -1).map((s) => `${s}.`)
    expect(sentences.length).toBeGreaterThan(2)
    for (const s of sentences) expect(s).toMatch(GRAMMAR_SENTENCE)
    expect(r.logs.at(-1)).toContain(r.sample)
  })

  it('repeats exactly for a seed, with dropout, accumulation and a sampled continuation', async () => {
    const config = { ...small, 'training.steps': 20, 'training.eval_every': 10, 'regularization.dropout': 0.1, 'optimizer.grad_accumulation': 2, 'sample.temperature': 1, 'sample.prompt': 'a dog ', 'sample.length': 40 }
    const a = await train(path, config)
    expect(a.outcome.status).toBe('finished')
    expect(a.sample.startsWith('a dog ')).toBe(true)
    const b = await train(path, config)
    expect(b.metrics.map((m) => [m.name, m.step, m.value])).toEqual(a.metrics.map((m) => [m.name, m.step, m.value]))
    expect(b.sample).toBe(a.sample)
    const c = await train(path, { ...config, 'training.seed': 5 })
    expect(c.metrics.map((m) => m.value)).not.toEqual(a.metrics.map((m) => m.value))
  })

  it('records gradient diagnostics per block', async () => {
    const r = await train(path, { ...small, 'training.steps': 10, 'training.eval_every': 10, 'diagnostics.every': 5, 'sample.length': 0 })
    expect(series(r, 'grad_norm/block1').map((m) => m.step)).toEqual([5, 10])
    expect(series(r, 'update_ratio/embedding')).toHaveLength(2)
  })

  it('stops when cancelled, and as diverged with the step when the lr explodes', async () => {
    const cancelled = await train(path, small, 4)
    expect(cancelled.outcome).toEqual({ status: 'cancelled' })
    expect(cancelled.sample).toBe('')
    const diverged = await train(path, { ...small, 'optimizer.name': 'sgd', 'optimizer.lr': 1e30, 'optimizer.clip_norm': 0, 'training.steps': 20 })
    expect(diverged.outcome.status).toBe('diverged')
    expect(diverged.outcome.message).toMatch(/at step \d+/)
  })
})
