/**
 * What the study runner costs per trial: a random-design study of a tiny mlp, one trial at a
 * time, on a real engine and store. Prints the gap from one run's end to the next run's launch
 * (median and p95: the ledger write, the objective read, the claim and runs.start's checks), and
 * the study's wall time against the sum of its runs' own times (launch to end, which includes each
 * trainer process's start-up). BENCH_TRIALS sets the number of trials (default 200).
 * Run: npx tsx bench/study-overhead.ts   (prints one JSON object)
 */
import { join } from 'node:path'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'
import { openStudyBench, quantile } from './study-bench-setup'

async function main(): Promise<void> {
  const trials = Number(process.env.BENCH_TRIALS ?? 200)
  const { call, study, ended, close } = await openStudyBench({
    name: 'overhead',
    trials,
    concurrency: 1,
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts')
  })
  try {
    const t0 = Date.now()
    await call('studies.resume', { id: study.id })
    await ended
    const wallMs = Date.now() - t0
    const ledger = await call('studies.trials', { id: study.id })
    const runs = await Promise.all(ledger.map((t) => call('runs.get', { id: t.runId! })))
    runs.sort((a, b) => a.startedAt! - b.startedAt!)
    const gaps = runs.slice(1).map((r, i) => r.startedAt! - runs[i].endedAt!).sort((a, b) => a - b)
    const runMs = runs.reduce((sum, r) => sum + (r.endedAt! - r.startedAt!), 0)
    process.stdout.write(
      `${JSON.stringify({
        bench: 'study-overhead',
        trials,
        finished: ledger.filter((t) => t.status === 'finished').length,
        gapMedianMs: quantile(gaps, 0.5),
        gapP95Ms: quantile(gaps, 0.95),
        wallMs,
        sumOfRunsMs: runMs,
        overheadPercent: Number((((wallMs - runMs) / runMs) * 100).toFixed(2))
      })}\n`
    )
  } finally {
    await close()
  }
}

void main()
