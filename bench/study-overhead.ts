/**
 * What the study runner costs per trial: a random-design study of a tiny mlp, one trial at a
 * time, on a real engine and store. Prints the gap from one run's end to the next run's launch
 * (median and p95: the ledger write, the objective read, the claim and runs.start's checks), and
 * the study's wall time against the sum of its runs' own times (launch to end, which includes each
 * trainer process's start-up). BENCH_TRIALS sets the number of trials (default 200).
 * Run: npx tsx bench/study-overhead.ts   (prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../src/shared/api'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { createEngine } from '../src/main/engine/engine'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

async function main(): Promise<void> {
  const trials = Number(process.env.BENCH_TRIALS ?? 200)
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-study-overhead-'))
  const engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts'),
    maxConcurrentRuns: 1
  })
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  try {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 200, features: 4, classes: 3, separation: 3, seed: 2 })
    const experimentId = (await call('experiments.create', { name: 'overhead' })).id
    const study = await call('studies.create', {
      experimentId,
      definition: {
        name: 'overhead',
        trainer: 'mlp',
        dataset: csv,
        config: { 'training.epochs': 1, 'data.batch_size': 64, 'model.hidden_size': 8, 'diagnostics.every': 0 },
        space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
        design: { method: 'random', n: trials },
        seed: 1,
        concurrency: 1
      }
    })
    const done = new Promise<void>((resolve) =>
      engine.events.subscribe((name, payload) => {
        if (name === 'studies.changed' && (payload as { id: number }).id === study.id)
          void call('studies.get', { id: study.id }).then((s) => s.status !== 'running' && resolve())
      })
    )
    const t0 = Date.now()
    await call('studies.resume', { id: study.id })
    await done
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
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
