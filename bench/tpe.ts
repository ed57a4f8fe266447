/**
 * Time of one TPE suggestion at 100, 1,000 and 10,000 finished trials, over a six-parameter space
 * (log float, float, log integer, integer, stepped float, categorical), with Optuna's TPESampler
 * on the same histories as the peer (bench/tpe_peer.py, multivariate, Optuna's defaults), in
 * interleaved rounds so both see the same machine load. Ours is timed on fresh trial objects each
 * round (a runner that rebuilds its history from the store), on the same objects (a runner that
 * appends to it), and with no limit on the rest (`maxAboveKernels: Infinity`: the joint model
 * over every trial, as Optuna's, instead of one merged model per parameter past 1,024). The peer's column is left out with a note when no python with optuna is found
 * (PYTHON, then python3, then /tmp/optuna-venv/bin/python). Beside the times, how good the
 * suggestions are: the mean best value after 50 trials over 10 seeds on Branin (minimum 0.398)
 * and a 4-d quadratic (minimum 0), for ours, Optuna's and random search.
 * Run: npx tsx bench/tpe.ts   (prints one JSON object; times in milliseconds; TPE_BENCH_ROUNDS=20)
 */
import { spawn, spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { Rng } from '../src/main/engine/random'
import type { ParamValue } from '../src/shared/schemas/params'
import type { SearchSpace } from '../src/main/engine/studies/space'
import { createTpeSampler, type TpeTrial } from '../src/main/engine/studies/tpe/sampler'

const SIZES = [100, 1000, 10_000]
const ROUNDS = Number(process.env.TPE_BENCH_ROUNDS ?? 20)
const CHOICES = ['sgd', 'adam', 'rmsprop']

const space: SearchSpace = {
  params: [
    { name: 'lr', type: 'float', low: 1e-5, high: 1, log: true },
    { name: 'x', type: 'float', low: -5, high: 5, log: false },
    { name: 'units', type: 'int', low: 1, high: 1024, log: true, step: 1 },
    { name: 'layers', type: 'int', low: 1, high: 8, log: false, step: 1 },
    { name: 'dropout', type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
    { name: 'optimizer', type: 'categorical', choices: CHOICES }
  ]
}

/** A seeded history: random points and a noisy bowl around lr = 1e-3, x = 0, 64 units, 4 layers. */
function history(n: number): TpeTrial[] {
  const rng = new Rng(7)
  return Array.from({ length: n }, () => {
    const params = {
      lr: Math.exp(Math.log(1e-5) + rng.next() * Math.log(1e5)),
      x: rng.uniform(-5, 5),
      units: Math.min(1024, Math.max(1, Math.round(Math.exp(rng.uniform(Math.log(0.5), Math.log(1024.5)))))),
      layers: 1 + rng.int(8),
      dropout: Number((rng.int(11) * 0.05).toPrecision(12)),
      optimizer: CHOICES[rng.int(3)]
    }
    const value =
      (Math.log10(params.lr) + 3) ** 2 + params.x ** 2 / 4 + (Math.log2(params.units) - 6) ** 2 / 8 + Math.abs(params.layers - 4) / 2 + (params.optimizer === 'adam' ? 0 : 0.5) + 0.1 * rng.normal()
    return { params, value }
  })
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const r = (v: number) => +v.toFixed(3)
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) }
}

interface Peer {
  version: string
  send(cmd: object): Promise<Record<string, unknown>>
  close(): void
}

function findPython(): string | { note: string } {
  const candidates = [process.env.PYTHON, 'python3', '/tmp/optuna-venv/bin/python'].filter((c): c is string => !!c)
  for (const python of candidates) if (spawnSync(python, ['-c', 'import optuna'], { stdio: 'ignore' }).status === 0) return python
  return { note: `Optuna column left out: none of ${candidates.join(', ')} imports optuna (pip install optuna into a venv and set PYTHON)` }
}

async function startPeer(python: string): Promise<Peer> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'tpe_peer.py')
  const child = spawn(python, [script], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const next = async () => {
    const line = await lines.next()
    if (line.done) throw new Error('the Optuna peer stopped')
    return JSON.parse(line.value) as Record<string, unknown>
  }
  const ready = await next()
  return {
    version: String(ready.optuna),
    send: (cmd) => {
      child.stdin.write(JSON.stringify(cmd) + '\n')
      return next()
    },
    close: () => child.stdin.end()
  }
}

const QUALITY_SEEDS = 10
const QUALITY_TRIALS = 50
const functions = {
  branin: {
    space: {
      params: [
        { name: 'x1', type: 'float', low: -5, high: 10, log: false },
        { name: 'x2', type: 'float', low: 0, high: 15, log: false }
      ]
    } satisfies SearchSpace,
    f: (p: Record<string, ParamValue>) => {
      const x = p.x1 as number
      const y = p.x2 as number
      return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10
    }
  },
  quadratic: {
    space: { params: ['a', 'b', 'c', 'd'].map((name) => ({ name, type: 'float' as const, low: -5, high: 5, log: false })) } satisfies SearchSpace,
    f: (p: Record<string, ParamValue>) => ((p.a as number) - 1) ** 2 + ((p.b as number) + 2) ** 2 + ((p.c as number) - 0.5) ** 2 + ((p.d as number) - 3) ** 2
  }
}

/** The mean best value over the seeds, random search being the sampler kept in its start-up phase. */
function meanBest(name: keyof typeof functions, startup: number): number {
  const { space: s, f } = functions[name]
  let sum = 0
  for (let seed = 1; seed <= QUALITY_SEEDS; seed++) {
    const sampler = createTpeSampler({ space: s, seed, direction: 'min', options: { nStartupTrials: startup } })
    const trials: TpeTrial[] = []
    for (let i = 0; i < QUALITY_TRIALS; i++) {
      const params = sampler.suggest(trials)
      trials.push({ params, value: f(params) })
    }
    sum += Math.min(...trials.map((t) => t.value))
  }
  return +(sum / QUALITY_SEEDS).toFixed(3)
}

async function quality(peer: Peer | null) {
  const out: Record<string, Record<string, number>> = {}
  for (const name of Object.keys(functions) as (keyof typeof functions)[]) {
    const optuna = peer ? ((await peer.send({ cmd: 'optimize', function: name, seeds: QUALITY_SEEDS, trials: QUALITY_TRIALS })).best as number[]) : null
    out[name] = {
      ours_mean_best: meanBest(name, 10),
      ...(optuna ? { optuna_mean_best: +(optuna.reduce((a, b) => a + b, 0) / optuna.length).toFixed(3) } : {}),
      random_mean_best: meanBest(name, QUALITY_TRIALS)
    }
  }
  return out
}

async function main() {
  const python = findPython()
  const peer = typeof python === 'string' ? await startPeer(python) : null
  const histories = new Map(SIZES.map((n) => [n, history(n)]))
  const times = new Map(SIZES.map((n) => [n, { fresh: [] as number[], kept: [] as number[], exact: [] as number[], optuna: [] as number[] }]))
  for (const n of SIZES) await peer?.send({ cmd: 'load', size: n, trials: histories.get(n) })
  const sampler = createTpeSampler({ space, seed: 1, direction: 'min' })
  // The joint model over every trial, as Optuna's: the price of keeping it past 1,024.
  const exact = createTpeSampler({ space, seed: 1, direction: 'min', options: { maxAboveKernels: Infinity } })
  // Warm the JIT on every size before timing.
  for (const n of SIZES) for (let r = 0; r < 3; r++) [sampler, exact].forEach((s) => s.suggest(histories.get(n)!, { trial: n }))
  for (let round = 0; round < ROUNDS; round++) {
    for (const n of SIZES) {
      const t = times.get(n)!
      const h = histories.get(n)!
      const fresh = h.map((trial) => ({ params: { ...trial.params }, value: trial.value }))
      let start = performance.now()
      sampler.suggest(fresh, { trial: n + round })
      t.fresh.push(performance.now() - start)
      start = performance.now()
      sampler.suggest(h, { trial: n + round })
      t.kept.push(performance.now() - start)
      start = performance.now()
      exact.suggest(h, { trial: n + round })
      t.exact.push(performance.now() - start)
      if (peer) t.optuna.push(Number((await peer.send({ cmd: 'suggest', size: n })).ms))
    }
  }
  const best = await quality(peer)
  peer?.close()
  const result: Record<string, unknown> = {
    benchmark: 'tpe',
    params: space.params.length,
    rounds: ROUNDS,
    target_ms: 10,
    node: process.version,
    optuna: peer ? peer.version : null,
    load_average_1m: +loadavg()[0].toFixed(2),
    ...(typeof python === 'string' ? {} : { note: python.note })
  }
  for (const n of SIZES) {
    const t = times.get(n)!
    const ours = stats(t.fresh)
    const optuna = peer ? stats(t.optuna) : null
    result[`trials_${n}`] = {
      ours_ms: ours,
      ours_same_objects_ms: stats(t.kept),
      ours_joint_unlimited_ms: stats(t.exact),
      ...(optuna ? { optuna_ms: optuna, optuna_over_ours_median: +(optuna.median / ours.median).toFixed(1) } : {})
    }
  }
  result[`best_after_${QUALITY_TRIALS}_trials_mean_of_${QUALITY_SEEDS}_seeds`] = best
  console.log(JSON.stringify(result))
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
