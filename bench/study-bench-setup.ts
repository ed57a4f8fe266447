/**
 * What bench/study-memory.ts and bench/study-overhead.ts share: a real engine and store in a fresh
 * temp folder, a 200-row blobs CSV, and a random-design study of a tiny mlp over optimizer.lr,
 * recorded (not started) in its own experiment.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../src/shared/api'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { createEngine } from '../src/main/engine/engine'
import type { Launcher } from '../src/main/engine/runs/launcher'

export const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]

export interface StudyBenchOptions {
  /** Names the temp folder (paramscope-study-<name>-), the experiment and the study. */
  name: string
  trials: number
  concurrency: number
  launcher: Launcher
  trainerEntry: string
}

/** Opens the engine and records the study; `ended` resolves once the study stops running, `close` closes the engine and removes the folder. */
export async function openStudyBench(o: StudyBenchOptions) {
  const dir = mkdtempSync(join(tmpdir(), `paramscope-study-${o.name}-`))
  const engine = await createEngine({ dataDir: join(dir, 'home'), launcher: o.launcher, trainerEntry: o.trainerEntry, maxConcurrentRuns: o.concurrency })
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  const close = async () => {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 200, features: 4, classes: 3, separation: 3, seed: 2 })
    const experimentId = (await call('experiments.create', { name: o.name })).id
    const study = await call('studies.create', {
      experimentId,
      definition: {
        name: o.name,
        trainer: 'mlp',
        dataset: csv,
        config: { 'training.epochs': 1, 'data.batch_size': 64, 'model.hidden_size': 8, 'diagnostics.every': 0 },
        space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
        design: { method: 'random', n: o.trials },
        seed: 1,
        concurrency: o.concurrency
      }
    })
    const ended = new Promise<void>((resolve) =>
      engine.events.subscribe((name, payload) => {
        if (name === 'studies.changed' && (payload as { id: number }).id === study.id)
          void call('studies.get', { id: study.id }).then((s) => s.status !== 'running' && resolve())
      })
    )
    return { engine, call, study, ended, close }
  } catch (err) {
    await close()
    throw err
  }
}
