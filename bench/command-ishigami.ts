/**
 * The whole pipeline on a known answer: the example Ishigami command trainer
 * (resources/trainers/ishigami) registered in a real engine, a Saltelli study of N base rows over
 * x1–x3 run as real Node processes (scheduler, ledger, metric ingest), then the study's Sobol
 * analysis against the analytic indices (a = 7, b = 0.1). Prints JSON: the indices, their largest
 * error, wall time, and the engine's time per trial (process start to metrics in the store).
 *
 *   npx tsx bench/command-ishigami.ts            N = 1024 (5,120 trials)
 *   ISHIGAMI_N=256 npx tsx bench/command-ishigami.ts
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../src/shared/api'
import { readCommandTrainerFile } from '../src/main/engine/command/definition'
import { createEngine } from '../src/main/engine/engine'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'
import { trainerDefinitions } from '../src/main/engine/trainers/registry'

const N = Number(process.env.ISHIGAMI_N ?? 1024)
const truth = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] }

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-ishigami-'))
  const concurrency = Math.max(1, availableParallelism())
  const engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(import.meta.dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts'),
    maxConcurrentRuns: concurrency,
    gpus: []
  })
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  try {
    const definition = readCommandTrainerFile(join(import.meta.dirname, '..', 'resources', 'trainers', 'ishigami', 'trainer.yaml'), Object.keys(trainerDefinitions))
    await call('trainers.add', { definition, replace: false })
    const experimentId = (await call('experiments.create', { name: 'ishigami' })).id
    const range = { type: 'float', low: -Math.PI, high: Math.PI, log: false }
    const started = performance.now()
    const study = await call('studies.create', {
      experimentId,
      start: true,
      definition: {
        name: `ishigami N=${N}`,
        trainer: 'ishigami',
        space: { params: { 'ishigami.x1': range, 'ishigami.x2': range, 'ishigami.x3': range } },
        design: { method: 'saltelli', n: N, secondOrder: false },
        objective: { metric: 'y', direction: 'min' },
        seed: 1,
        concurrency
      }
    })
    for (;;) {
      const s = await call('studies.get', { id: study.id })
      if (s.status !== 'running' && s.status !== 'pending') break
      await new Promise((r) => setTimeout(r, 500))
    }
    const wallMs = performance.now() - started
    const done = await call('studies.get', { id: study.id })
    const result = await call('analysis.run', { requestId: 'ishigami', source: { kind: 'study', studyId: study.id }, target: 'objective', method: 'sobol' })
    const names = ['ishigami.x1', 'ishigami.x2', 'ishigami.x3']
    const get = (key: 'S1' | 'ST') => names.map((n) => Number(result.params.find((p) => p.name === n)?.[key]))
    const S1 = get('S1')
    const ST = get('ST')
    const maxError = Math.max(...S1.map((v, i) => Math.abs(v - truth.S1[i])), ...ST.map((v, i) => Math.abs(v - truth.ST[i])))
    const trials = done.counts.finished
    const rounded = (v: number) => Number(v.toFixed(4))
    console.log(
      JSON.stringify(
        {
          bench: 'command-ishigami',
          N,
          trials,
          failed: done.counts.failed,
          concurrency,
          wall_s: rounded(wallMs / 1000),
          trials_per_s: rounded(trials / (wallMs / 1000)),
          ms_per_trial_per_slot: rounded((wallMs * concurrency) / trials),
          S1: S1.map(rounded),
          ST: ST.map(rounded),
          truth,
          max_abs_error: rounded(maxError),
          design: result.facts?.design ?? null
        },
        null,
        2
      )
    )
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
