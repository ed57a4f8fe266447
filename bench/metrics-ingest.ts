/**
 * Metric ingest and read speed of the store, on a real file in a temp folder.
 * Run: npx tsx bench/metrics-ingest.ts   (prints one JSON object)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import type { MetricPoint } from '../src/shared/schemas/runs'
import { openStore, STORE_FILE, type Store } from '../src/main/engine/store'

const INGEST_POINTS = 200_000
const BIG_RUN_POINTS = 1_000_000
const BIG_RUN_BATCH = 1000
const READ_REPEATS = 5
// What a training step typically logs; points of one step arrive together.
const STEP_METRICS = ['loss', 'val/loss', 'lr', 'grad_norm']

function newRun(store: Store, experimentId: number, name: string): number {
  return store.runs.insert({
    experimentId,
    name,
    trainer: 'bench',
    trainerVersion: '0',
    engineVersion: '0',
    config: { 'optimizer.lr': 0.001 }
  }).id
}

/** Appends `total` points in batches; returns points per second. */
function ingest(store: Store, runId: number, total: number, batchSize: number, names: string[]): number {
  const start = performance.now()
  let batch: MetricPoint[] = []
  for (let i = 0; i < total; i++) {
    const step = Math.floor(i / names.length)
    batch.push({ name: names[i % names.length], step, value: Math.exp(-step / 1e5) + Math.random() * 0.01, time: Date.now() })
    if (batch.length === batchSize) {
      store.metrics.append(runId, batch)
      batch = []
    }
  }
  if (batch.length > 0) store.metrics.append(runId, batch)
  return Math.round(total / ((performance.now() - start) / 1000))
}

/** Median milliseconds of `repeats` calls. */
function time(repeats: number, fn: () => unknown): number {
  const samples: number[] = []
  for (let i = 0; i < repeats; i++) {
    const start = performance.now()
    fn()
    samples.push(performance.now() - start)
  }
  samples.sort((a, b) => a - b)
  return Math.round(samples[Math.floor(samples.length / 2)] * 10) / 10
}

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paramscope-bench-'))
  const file = path.join(dir, STORE_FILE)
  const store = openStore(file)
  try {
    const experimentId = store.experiments.create({ name: 'bench' }).id
    const ingestResults = [100, 1000].map((batchSize) => ({
      batchSize,
      points: INGEST_POINTS,
      metrics: STEP_METRICS.length,
      pointsPerSecond: ingest(store, newRun(store, experimentId, `batch-${batchSize}`), INGEST_POINTS, batchSize, STEP_METRICS)
    }))

    const bigRun = newRun(store, experimentId, 'million')
    const bigIngest = ingest(store, bigRun, BIG_RUN_POINTS, BIG_RUN_BATCH, ['loss'])
    const lastStep = BIG_RUN_POINTS - 1
    const full = store.metrics.series(bigRun)
    if (full.loss.steps.length !== BIG_RUN_POINTS) throw new Error(`expected ${BIG_RUN_POINTS} points, read ${full.loss.steps.length}`)
    const summary = store.metrics.summary(bigRun)
    if (summary.loss.count !== BIG_RUN_POINTS) throw new Error(`summary counted ${summary.loss.count} points`)

    // Fold the WAL into the main file so the size is what the data costs at rest.
    store.db.pragma('wal_checkpoint(TRUNCATE)')
    const fileBytes = fs.statSync(file).size
    const totalPoints = 2 * INGEST_POINTS + BIG_RUN_POINTS
    const result = {
      benchmark: 'metrics-ingest',
      node: process.version,
      sqlite: (store.db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
      cpus: os.cpus().length,
      ingest: ingestResults,
      millionPointRun: {
        points: BIG_RUN_POINTS,
        metrics: 1,
        ingestBatchSize: BIG_RUN_BATCH,
        ingestPointsPerSecond: bigIngest,
        seriesAllMs: time(READ_REPEATS, () => store.metrics.series(bigRun)),
        seriesLast1000Ms: time(READ_REPEATS, () => store.metrics.series(bigRun, { afterStep: lastStep - 1000 })),
        summaryMs: time(READ_REPEATS, () => store.metrics.summary(bigRun)),
        readRepeats: READ_REPEATS
      },
      fileBytes,
      bytesPerPoint: Math.round((fileBytes / totalPoints) * 10) / 10
    }
    console.log(JSON.stringify(result, null, 2))
  } finally {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main()
