/**
 * The runs table's first open right after an import through a running engine: 20,000 runs
 * (30 params, 10 final metrics) imported from JSON lines by `runs.import`, then `runs.table`
 * over them after a pause of 0 ms (asked at once: read live, as before the engine kept imported
 * runs' rows) or of PAUSE_MS (the window's way from the import's answer to the table), against
 * the second open as the baseline (every row in memory). A fresh engine and data folder per round;
 * the rounds alternate the pauses.
 * Run: npx tsx bench/runs-table-import.ts   (prints one JSON object; ms)
 * BENCH_RUNS, BENCH_ROUNDS and PAUSE_MS change the size, the rounds and the pause.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine } from '../src/main/engine/engine'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'

const RUNS = Number(process.env.BENCH_RUNS ?? 20_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const PAUSE_MS = Number(process.env.PAUSE_MS ?? 2000)

const dir = mkdtempSync(join(tmpdir(), 'bench-table-import-'))
const file = join(dir, 'runs.jsonl')
const lines: string[] = []
for (let r = 0; r < RUNS; r++) {
  const params: Record<string, number | string> = {}
  for (let p = 0; p < 30; p++) params[`group${p % 5}.param${p}`] = p % 4 === 0 ? `v${(r * p) % 7}` : ((r * 31 + p) % 1000) / 1000
  const metrics: Record<string, number> = {}
  for (let m = 0; m < 10; m++) metrics[`val/metric${m}`] = Math.abs(Math.sin(r + m))
  lines.push(JSON.stringify({ run: `run-${r}`, params, metrics }))
}
writeFileSync(file, `${lines.join('\n')}\n`)

const stats = (t: number[]) => {
  const s = [...t].sort((a, b) => a - b)
  const r = (x: number) => Math.round(x)
  return { min: r(s[0]!), median: r(s[Math.floor(s.length / 2)]!), max: r(s[s.length - 1]!) }
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One fresh engine: import, pause, then the first and second opens. */
async function round(k: number, pause: number): Promise<{ importMs: number; firstMs: number; secondMs: number }> {
  const engine = await createEngine({ dataDir: join(dir, `home-${k}`), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts') })
  try {
    // The window opened the table before (its first call ends the engine's start-up steps).
    const before = await engine.api['experiments.create']({ name: 'trained here', description: '' })
    await engine.api['runs.table']({ experimentIds: [before.id] })
    let t = performance.now()
    const { experiments } = await engine.api['runs.import']({ path: file, experiment: 'imported', lang: 'en' })
    const importMs = performance.now() - t
    await sleep(pause)
    const selection = { experimentIds: experiments.map((e) => e.id) }
    t = performance.now()
    const table = await engine.api['runs.table'](selection)
    const firstMs = performance.now() - t
    if (table.ids.length !== RUNS) throw new Error(`${table.ids.length} runs in the table, not ${RUNS}`)
    await sleep(300)
    t = performance.now()
    await engine.api['runs.table'](selection)
    return { importMs, firstMs, secondMs: performance.now() - t }
  } finally {
    await engine.close()
  }
}

async function main(): Promise<void> {
  const at = { now: [] as number[], paused: [] as number[] }
  const second: number[] = []
  const imports: number[] = []
  for (let k = 0; k < ROUNDS; k++) {
    for (const pause of [0, PAUSE_MS]) {
      const r = await round(2 * k + (pause ? 1 : 0), pause)
      ;(pause ? at.paused : at.now).push(r.firstMs)
      second.push(r.secondMs)
      imports.push(r.importMs)
    }
  }
  console.log(JSON.stringify({
    bench: 'runs-table-import', runs: RUNS, params: 30, metrics: 10, rounds: ROUNDS,
    importMs: stats(imports),
    firstOpenAtOnceMs: stats(at.now),
    [`firstOpenAfter${PAUSE_MS}MsMs`]: stats(at.paused),
    secondOpenMs: stats(second),
    node: process.version
  }))
}

main().finally(() => rmSync(dir, { recursive: true, force: true }))
