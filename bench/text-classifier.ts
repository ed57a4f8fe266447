/**
 * Training speed of `text-classifier` on generated keyword texts (fastText-style hashed n-grams,
 * embedding 64, head 64-64-3, AdamW, batch 32): texts per second of the whole trainer with the
 * embedding updated row-sparsely (the default) and densely, at the default 32,768 hash buckets
 * and at 262,144, with the validation accuracy each reached.
 * Run: npx tsx bench/text-classifier.ts   (prints one JSON object; BENCH_THREADS=1 by default)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Config } from '../src/shared/api'
import type { TrainContext } from '../src/main/engine/trainers/protocol'
import { keywordTexts, writeKeywordCsv } from '../src/main/engine/trainers/text-classifier/sample-texts'
import { trainTextClassifier } from '../src/main/engine/trainers/text-classifier/train'

const TEXTS = 4000
const THREADS = Number(process.env.BENCH_THREADS ?? 1)
const BUCKETS = [32768, 262144]

async function trainerFigures(csv: string, workDir: string, buckets: number, sparse: boolean) {
  const config: Config = { 'features.buckets': buckets, 'optimizer.sparse_embedding': sparse, 'training.epochs': 1, 'diagnostics.every': 0, 'runtime.threads': THREADS }
  let startedAt = 0
  let steps = 0
  let accuracy = NaN
  let mode = ''
  const ctx: TrainContext = {
    job: { runId: 0, trainer: 'text-classifier', config, datasetPath: csv, workDir, providers: ['cpu'] },
    started: (info) => {
      startedAt = performance.now()
      steps = info.totalSteps
    },
    metric: (name, _step, value) => name === 'val/accuracy' && (accuracy = value),
    progress: () => {},
    isCancelled: () => false,
    log: (line) => line.startsWith('text-classifier:') && (mode = /sparse embedding updates \(at most (\d+) rows a step\)/.exec(line)?.[1] ?? 'dense')
  }
  const outcome = await trainTextClassifier(ctx)
  const seconds = (performance.now() - startedAt) / 1000
  const trainTexts = Math.round(TEXTS * 0.8)
  return {
    buckets,
    embeddingUpdates: mode === 'dense' ? 'dense' : `sparse (at most ${mode} rows a step)`,
    status: outcome.status,
    steps,
    msPerStep: +((seconds * 1000) / steps).toFixed(2),
    textsPerSecond: Math.round(trainTexts / seconds),
    finalValAccuracy: accuracy
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paramscope-bench-text-'))
  try {
    const csv = path.join(dir, 'keywords.csv')
    await writeKeywordCsv(csv, keywordTexts(TEXTS, 1))
    const runs = []
    for (const buckets of BUCKETS) for (const sparse of [true, false]) runs.push(await trainerFigures(csv, dir, buckets, sparse))
    console.log(
      JSON.stringify(
        { bench: 'text-classifier', cpu: os.cpus()[0]?.model, threads: THREADS, texts: TEXTS, config: { embedding: 64, head: '64-64-3', optimizer: 'adamw', batchSize: 32, epochs: 1, valFraction: 0.2 }, runs },
        null,
        2
      )
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
