/**
 * Engine downsampling of a 1,000,000-point series for the compare view (runs.seriesDownsampled):
 * in memory (LTTB + envelope alone) and end to end from a real SQLite store, each against a raw
 * baseline that reads the same points with one SELECT and no downsampling. Rounds interleave the
 * two so drift (caches, turbo) falls on both alike.
 * Run: npx tsx bench/downsample.ts   (prints one JSON object; times in milliseconds)
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { api } from '../src/shared/api'
import type { MetricPoint } from '../src/shared/schemas/runs'
import { openStore, STORE_FILE } from '../src/main/engine/store'
import { downsample } from '../src/main/engine/runs/downsample'
import { createSeriesDownsampledApi } from '../src/main/engine/runs/series-downsampled'

const POINTS = 1_000_000
const WIDTH = 1200
const ROUNDS = 9

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const r = (v: number) => Math.round(v * 100) / 100
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) }
}
const time = (fn: () => unknown): number => {
  const start = performance.now()
  fn()
  return performance.now() - start
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paramscope-downsample-'))
  const store = openStore(path.join(dir, STORE_FILE))
  try {
    const experimentId = store.experiments.create({ name: 'bench' }).id
    const runId = store.runs.insert({ experimentId, name: 'big', trainer: 'bench', trainerVersion: '0', engineVersion: '0', config: {} }).id
    const t0 = Date.now()
    const xs = new Float64Array(POINTS)
    const ys = new Float64Array(POINTS)
    for (let start = 0; start < POINTS; start += 10_000) {
      const batch: MetricPoint[] = []
      for (let i = start; i < start + 10_000; i++) {
        const value = Math.exp(-i / 2e5) + 0.01 * Math.sin(i) + (i % 99_991 === 0 ? 5 : 0)
        xs[i] = i
        ys[i] = value
        batch.push({ name: 'loss', step: i, value, time: t0 + i })
      }
      store.metrics.append(runId, batch)
    }
    const method = createSeriesDownsampledApi(store)['runs.seriesDownsampled']
    const input = api['runs.seriesDownsampled'].input.parse({ runIds: [runId], metrics: ['loss'], width: WIDTH })
    const raw = store.db.prepare<[number], { step: number; value: number; time: number }>(
      'SELECT step, value, time FROM metric_points WHERE name_id = (SELECT id FROM metric_names WHERE run_id = ? AND name = \'loss\') ORDER BY step'
    )

    const memory: number[] = []
    const rawRead: number[] = []
    const endToEnd: number[] = []
    const endToEndJson: number[] = []
    const rawJson: number[] = []
    let kept = 0
    let rawBytes = 0
    let keptBytes = 0
    for (let round = 0; round < ROUNDS; round++) {
      memory.push(time(() => (kept = downsample(xs, ys, WIDTH).x.length)))
      rawRead.push(time(() => raw.all(runId)))
      // What crosses IPC/HTTP: the JSON text of the answer.
      rawJson.push(time(() => (rawBytes = JSON.stringify(raw.all(runId)).length)))
      const start = performance.now()
      let out: Awaited<ReturnType<typeof method>> | undefined
      await method(input).then((r) => (out = r))
      endToEnd.push(performance.now() - start)
      endToEndJson.push(time(() => (keptBytes = JSON.stringify(out).length)) + endToEnd[endToEnd.length - 1])
    }
    console.log(
      JSON.stringify({
        points: POINTS,
        width: WIDTH,
        rounds: ROUNDS,
        kept_points: kept,
        in_memory_downsample_ms: stats(memory),
        store_downsampled_ms: stats(endToEnd),
        store_downsampled_with_json_ms: stats(endToEndJson),
        raw_select_ms: stats(rawRead),
        raw_select_with_json_ms: stats(rawJson),
        json_bytes: { downsampled: keptBytes, raw: rawBytes }
      })
    )
  } finally {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

void main()
