/**
 * The engine's memory through a long study: a random-design study of BENCH_TRIALS trials
 * (default 2,000) on a real engine and store, each trial's run played by a tiny in-process stand-in
 * trainer (it reports a few metric points and finishes at once), so the figures are the engine's
 * own: the runner, the ledger, the supervisor, the run queue and the store, not trainer processes.
 * Samples RSS and heap after every trial's end and prints min / median / max of each, and the
 * growth from trial 100 to the last (heap after a full GC at both points, so garbage not yet
 * collected does not count as growth; `external` is memory V8 objects hold outside the heap).
 * Run: npx tsx bench/study-memory.ts   (prints one JSON object)
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import type { Launcher, TrainerProcess } from '../src/main/engine/runs/launcher'
import type { EngineToTrainer, TrainerToEngine } from '../src/main/engine/trainers/protocol'
import { openStudyBench, quantile } from './study-bench-setup'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

const MB = 1024 * 1024
const STEPS = 5

/** A trainer that lives in the engine's process: started, STEPS metric points, finished, exited. */
function standInLauncher(): Launcher {
  return {
    launch(): TrainerProcess {
      const messages: ((m: TrainerToEngine) => void)[] = []
      const exits: ((code: number | null, signal: string | null) => void)[] = []
      let ended = false
      const say = (m: TrainerToEngine) => messages.forEach((l) => l(m))
      const exit = (code: number | null, signal: string | null) => {
        if (ended) return
        ended = true
        setImmediate(() => exits.forEach((l) => l(code, signal)))
      }
      return {
        pid: undefined,
        send(message: EngineToTrainer) {
          if (ended) return
          if (message.type === 'cancel') {
            say({ type: 'done', status: 'cancelled' })
            exit(0, null)
            return
          }
          const lr = Number(message.job.config['optimizer.lr'] ?? 0.01)
          setImmediate(() => {
            if (ended) return
            say({ type: 'started', provider: 'cpu', device: 'stand-in', totalSteps: STEPS, seed: 1 })
            const time = Date.now()
            const points = Array.from({ length: STEPS }, (_, i) => ({ name: 'val/loss', step: i + 1, value: Math.abs(Math.log10(lr) + 2) + 1 / (i + 1), time }))
            say({ type: 'metrics', points })
            say({ type: 'progress', step: STEPS, totalSteps: STEPS })
            say({ type: 'done', status: 'finished' })
            exit(0, null)
          })
        },
        onMessage: (l) => void messages.push(l),
        onOutput: () => undefined,
        onExit: (l) => void exits.push(l),
        kill: () => exit(null, 'SIGKILL')
      }
    }
  }
}

const mb = (bytes: number) => Number((bytes / MB).toFixed(1))
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return { min: mb(sorted[0]), median: mb(quantile(sorted, 0.5)), max: mb(sorted[sorted.length - 1]) }
}

async function main(): Promise<void> {
  const trials = Number(process.env.BENCH_TRIALS ?? 2000)
  const from = Math.min(100, trials)
  const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 4)
  const { engine, call, study, ended, close } = await openStudyBench({ name: 'memory', trials, concurrency, launcher: standInLauncher(), trainerEntry: 'stand-in' })
  try {
    const rss: number[] = []
    const heap: number[] = []
    const at: Record<string, { rssMb: number; heapMb: number; heapTotalMb: number; externalMb: number }> = {}
    const settled = (label: string) => {
      gc()
      const m = process.memoryUsage()
      at[label] = { rssMb: mb(m.rss), heapMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) }
    }
    let runsEnded = 0
    engine.events.subscribe((name, payload) => {
      if (name === 'run.updated' && (payload as { status: string }).status === 'finished') {
        runsEnded += 1
        const m = process.memoryUsage()
        rss.push(m.rss)
        heap.push(m.heapUsed)
        if (runsEnded === from) settled(`trial${from}`)
      }
    })
    const t0 = Date.now()
    await call('studies.resume', { id: study.id })
    await ended
    const wallMs = Date.now() - t0
    settled(`trial${runsEnded}`)
    const first = at[`trial${from}`]
    const last = at[`trial${runsEnded}`]
    const finished = (await call('studies.get', { id: study.id })).counts.finished
    process.stdout.write(
      `${JSON.stringify({
        bench: 'study-memory',
        trials,
        finished,
        concurrency,
        wallMs,
        rssMb: summary(rss),
        heapUsedMb: summary(heap),
        afterGc: { [`trial${from}`]: first, [`trial${runsEnded}`]: last },
        growthFrom100: { rssMb: Number((last.rssMb - first.rssMb).toFixed(1)), heapMb: Number((last.heapMb - first.heapMb).toFixed(1)) },
        heapGrowthPerTrialKb: Number((((last.heapMb - first.heapMb) * 1024) / Math.max(1, runsEnded - from)).toFixed(2))
      })}\n`
    )
  } finally {
    await close()
  }
}

void main()
