/**
 * Importing a 1,000-run MLflow store, from its SQLite database and from its `mlruns/` file store:
 * each run 10 params, 3 metrics of 100 steps (300,000 metric rows in all), written in MLflow's
 * layout by the fixtures' writer. Per round: read the source and write it into a fresh ParamScope
 * store in one transaction. Beside it a raw baseline: the same rows with plain SELECTs (SQLite) or
 * the same files read (file store), the floor any importer stands on.
 * Run: npx tsx bench/import-mlflow.ts   (prints one JSON object; BENCH_RUNS, BENCH_ROUNDS)
 */
import BetterSqlite3 from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { readSource } from '../src/main/engine/import/read-source'
import { writeMlflowFiles, writeMlflowSqlite, type MlflowRunSpec } from '../src/main/engine/import/testing/mlflow-store'
import { writeImport } from '../src/main/engine/import/write-import'
import { openStore } from '../src/main/engine/store'

const RUNS = Number(process.env.BENCH_RUNS ?? 1000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const STEPS = 100
const METRICS = ['train/loss', 'val/loss', 'val/accuracy']

const dir = mkdtempSync(join(tmpdir(), 'bench-import-mlflow-'))
const t0 = 1796390000000
const runs: MlflowRunSpec[] = Array.from({ length: RUNS }, (_, i) => ({
  runId: i.toString(16).padStart(32, '0'),
  name: `run-${i}`,
  experimentId: 1,
  status: i % 20 === 0 ? 'FAILED' : 'FINISHED',
  startTime: t0 + i * 1000,
  endTime: t0 + i * 1000 + 900,
  params: Object.fromEntries(Array.from({ length: 10 }, (_, p) => [`p${p}`, String(((i * 7919 + p * 104729) % 1000) / 1000)])),
  metrics: METRICS.flatMap((key, k) => Array.from({ length: STEPS }, (_, step) => ({ key, value: 1 / (step + 1 + k + (i % 13)), timestamp: t0 + i * 1000 + step, step }))),
  tags: { team: 'bench' }
}))
const dbFile = join(dir, 'mlflow.db')
const root = join(dir, 'mlruns')
writeMlflowSqlite(dbFile, [{ id: 1, name: 'bench' }], runs)
writeMlflowFiles(root, [{ id: 1, name: 'bench' }], runs)

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { min: +s[0]!.toFixed(1), median: +s[Math.floor(s.length / 2)]!.toFixed(1), max: +s[s.length - 1]!.toFixed(1) }
}

function importOnce(source: string): { ms: number; runs: number; points: number } {
  const storeDir = mkdtempSync(join(dir, 'store-'))
  const store = openStore(join(storeDir, 'paramscope.db'))
  const start = performance.now()
  const batch = readSource(source)
  const result = writeImport(store, batch)
  const ms = performance.now() - start
  const points = (store.db.prepare('SELECT count(*) AS n FROM metric_points').get() as { n: number }).n
  store.close()
  rmSync(storeDir, { recursive: true, force: true })
  return { ms, runs: result.imported, points }
}

function rawSqlite(): number {
  const start = performance.now()
  const db = new BetterSqlite3(dbFile, { readonly: true })
  let n = 0
  for (const sql of ['SELECT * FROM runs', 'SELECT * FROM params', 'SELECT * FROM tags', 'SELECT run_uuid, key, value, timestamp, step, is_nan FROM metrics']) n += db.prepare(sql).all().length
  db.close()
  if (n === 0) throw new Error('no rows')
  return performance.now() - start
}

function rawFiles(): number {
  const start = performance.now()
  let bytes = 0
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name))
      else bytes += readFileSync(join(d, e.name), 'utf8').length
    }
  }
  walk(root)
  if (bytes === 0) throw new Error('no files')
  return performance.now() - start
}

const result: Record<string, unknown> = { runs: RUNS, params: 10, metrics: METRICS.length, steps: STEPS, metricRows: RUNS * METRICS.length * STEPS, rounds: ROUNDS }
for (const [name, source, raw] of [['sqlite', dbFile, rawSqlite], ['fileStore', root, rawFiles]] as const) {
  const times: number[] = []
  const rawTimes: number[] = []
  let last = { runs: 0, points: 0 }
  for (let r = 0; r < ROUNDS; r++) {
    rawTimes.push(raw())
    const once = importOnce(source)
    times.push(once.ms)
    last = once
  }
  if (last.runs !== RUNS || last.points !== RUNS * METRICS.length * STEPS) throw new Error(`${name}: imported ${last.runs} runs, ${last.points} points`)
  result[name] = { importMs: stats(times), rawReadMs: stats(rawTimes), importedRuns: last.runs, importedPoints: last.points }
}
rmSync(dir, { recursive: true, force: true })
process.stdout.write(`${JSON.stringify(result)}\n`)
