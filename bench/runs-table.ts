/**
 * The comparison table's read: 20,000 runs × 40 columns (20 params, 20 metrics of 50 points each)
 * in a real store file, `runs.table` against a raw baseline (one plain SELECT of the runs table),
 * timed in interleaved rounds with what HTTP does with its answer: the binary body the page asks
 * for (written by the engine, read and decoded by the page) against the JSON a client that takes
 * only JSON gets; then a filter compiled once and tested on every decoded row.
 * Run: npx tsx bench/runs-table.ts   (prints one JSON object; times in milliseconds)
 * RUNS_TABLE_RUNS sets the number of runs (default 20000).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { decodeBinaryBody, encodeBinaryBody, withArraysAsLists } from '../src/shared/binary-body'
import { parseFilter } from '../src/shared/compare/filter'
import { decodeRunsTable } from '../src/shared/compare/table-columns'
import { createRunsTableApi } from '../src/main/engine/runs/runs-table'
import { openStore } from '../src/main/engine/store'

const runs = Number(process.env.RUNS_TABLE_RUNS ?? 20_000)
const params = 20
const metrics = 20
const points = 50
const rounds = 9

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paramscope-bench-table-'))
const store = openStore(path.join(dir, 'paramscope.db'))
const optimizers = ['adamw', 'sgd', 'lion']

function fill(): number {
  const experimentId = store.experiments.create({ name: 'bench' }).id
  for (let r = 0; r < runs; r++) {
    const config: Record<string, number | string | boolean> = { 'optimizer.name': optimizers[r % 3], 'optimizer.lr': 10 ** (-5 + (r % 97) / 24) }
    for (let p = 2; p < params; p++) config[`group${p % 5}.p${p}`] = p % 4 === 0 ? `choice${(r * p) % 7}` : p % 7 === 0 ? r % 2 === 0 : (r * 31 + p) % 1000 / 10
    const id = store.runs.insert({
      experimentId, name: `run-${r}`, trainer: 'mlp', trainerVersion: '1.0.0', engineVersion: '0.1.0', config,
      datasetPath: null, datasetHash: null, seed: r, owner: { pid: 1, start: 'bench', instance: 'bench' }
    }).id
    store.runs.update(id, { status: r % 10 === 0 ? 'cancelled' : 'finished' })
    if (r % 4 === 0) store.runs.setTags(id, ['base', `lr${r % 3}`])
    const batch = []
    for (let m = 0; m < metrics; m++) {
      const name = m === 0 ? 'val/loss' : `metric${m}/value`
      for (let s = 0; s < points; s++) batch.push({ name, step: s * 10, value: Math.abs(Math.sin(r * 0.37 + m)) / (1 + s * 0.05), time: 1e12 + s })
    }
    store.metrics.append(id, batch)
  }
  return experimentId
}

const stats = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b)
  const r = (x: number) => Number(x.toFixed(1))
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) }
}

async function main(): Promise<void> {
  let start = performance.now()
  const experimentId = fill()
  const fillS = (performance.now() - start) / 1000
  const api = createRunsTableApi({ store, goalsOf: () => ({ 'val/loss': 'min' }) })
  const baseline = store.db.prepare('SELECT * FROM runs')
  const table: number[] = []
  const raw: number[] = []
  const write: number[] = []
  const read: number[] = []
  const binaryWrite: number[] = []
  const binaryRead: number[] = []
  let bytes = 0
  let binaryBytes = 0
  let rows = 0
  let wire = await api['runs.table']({ experimentIds: [experimentId] })
  let table0 = decodeRunsTable(wire)
  for (let k = 0; k < rounds; k++) {
    start = performance.now()
    wire = await api['runs.table']({ experimentIds: [experimentId] })
    table.push(performance.now() - start)
    // What HTTP does with it: the binary body out of the engine, its views and decode in the page.
    start = performance.now()
    const chunks = encodeBinaryBody(wire)!
    binaryWrite.push(performance.now() - start)
    // The body as the page receives it, in one buffer of its own (the network's copy, not timed).
    const body = Buffer.concat(chunks)
    binaryBytes = body.length
    const received = body.buffer.slice(body.byteOffset, body.byteOffset + body.length)
    start = performance.now()
    table0 = decodeRunsTable(decodeBinaryBody(received) as typeof wire)
    binaryRead.push(performance.now() - start)
    // The same answer as JSON (each array a list of numbers): JSON.parse and decode in a page.
    start = performance.now()
    const text = JSON.stringify(withArraysAsLists(wire))
    write.push(performance.now() - start)
    bytes = Buffer.byteLength(text)
    start = performance.now()
    table0 = decodeRunsTable(JSON.parse(text) as typeof wire)
    read.push(performance.now() - start)
    start = performance.now()
    rows = baseline.all().length
    raw.push(performance.now() - start)
  }
  const filterText = "metrics.val/loss < 0.5 and (params.optimizer.name = 'adamw' or params.optimizer.lr >= 1e-3) and status != pruned and not (name ~ '^run-1' or tags ~ 'lr2')"
  start = performance.now()
  const compiled = parseFilter(filterText)
  const compileMs = performance.now() - start
  if (!compiled.ok) throw new Error(`filter did not parse: ${JSON.stringify(compiled.error)}`)
  const filter: number[] = []
  let kept = 0
  for (let k = 0; k < 21; k++) {
    start = performance.now()
    kept = table0.rows.filter(compiled.test).length
    filter.push(performance.now() - start)
  }
  console.log(JSON.stringify({
    runs, columns: params + metrics, points_per_metric: points, rows_returned: table0.rows.length, baseline_rows: rows,
    store_mb: Number((fs.statSync(path.join(dir, 'paramscope.db')).size / 2 ** 20).toFixed(0)),
    fill_s: Number(fillS.toFixed(1)),
    runs_table_ms: stats(table),
    raw_select_runs_ms: stats(raw),
    binary_write_ms: stats(binaryWrite),
    binary_read_and_decode_ms: stats(binaryRead),
    binary_mb: Number((binaryBytes / 2 ** 20).toFixed(2)),
    json_stringify_ms: stats(write),
    json_parse_and_decode_ms: stats(read),
    json_mb: Number((bytes / 2 ** 20).toFixed(2)),
    filter: filterText,
    filter_compile_ms: Number(compileMs.toFixed(3)),
    filter_rows_ms: stats(filter),
    filter_kept: kept,
    rounds,
    node: process.version
  }))
}

main().finally(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
