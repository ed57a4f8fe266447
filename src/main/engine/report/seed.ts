import type { MetricPoint } from '../../../shared/schemas/runs'
import { Rng } from '../random'
import type { Store } from '../store'
import { checkStudy, parseStudyDefinition } from '../studies/definition'
import { planTrials } from '../studies/plan'
import { trainerDefinitions } from '../trainers/registry'

export interface SeedOptions {
  experiment: string
  description?: string
  runs: number
  /** Logged steps per run. */
  steps?: number
  /** A run's name by its index; default `trial-<i>`. */
  name?: (index: number) => string
  seed?: number
}

/**
 * A finished study written straight into a real store, as its runner would leave it, without
 * training: an mlp swept over optimizer.lr (log) and model.hidden_size, val/loss falling toward a
 * floor that depends on lr mostly, a little on the hidden size. For report tests and the bench.
 */
export function seedStudy(store: Store, o: SeedOptions): { studyId: number; experimentId: number; runIds: number[] } {
  const rng = new Rng(o.seed ?? 7)
  const steps = o.steps ?? 50
  const checked = checkStudy(
    parseStudyDefinition({
      name: 'lr × hidden size sweep',
      trainer: 'mlp',
      dataset: '/data/blobs.csv',
      config: { 'training.epochs': 5 },
      space: {
        params: {
          'optimizer.lr': { type: 'float', low: 0.0001, high: 0.1, log: true },
          'model.hidden_size': { type: 'int', low: 8, high: 128 }
        }
      },
      design: { method: 'random', n: o.runs },
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      seed: o.seed ?? 7
    }),
    { mlp: trainerDefinitions.mlp!.info(['cpu']) }
  )
  const experimentId = store.experiments.create({ name: o.experiment, description: o.description ?? '' }).id
  const study = store.studies.create({ experimentId, name: checked.definition.name, trainer: 'mlp', definition: checked.definition })
  store.studies.enqueue(study.id, planTrials(checked))
  const runIds: number[] = []
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0)
  store.transaction(() => {
    store.studies.trials(study.id).forEach((trial, i) => {
      const config = { ...checked.base, ...trial.params }
      const run = store.runs.insert({
        experimentId,
        name: o.name?.(i) ?? `trial-${i}`,
        trainer: 'mlp',
        trainerVersion: trainerDefinitions.mlp!.info(['cpu']).version,
        engineVersion: '0.1.0',
        config,
        datasetPath: '/data/blobs.csv',
        datasetHash: 'c0ffee'.repeat(10) + 'abcd',
        seed: trial.seed
      })
      const lr = Number(trial.params['optimizer.lr'])
      const hidden = Number(trial.params['model.hidden_size'])
      const floor = 0.05 + 0.12 * (Math.log10(lr) + 2) ** 2 + 0.02 * (1 - hidden / 128) + 0.005 * rng.next()
      const points: MetricPoint[] = []
      let last = 0
      for (let s = 1; s <= steps; s++) {
        const val = floor + 1.5 * Math.exp((-s * 6 * Math.min(1, lr * 50 + 0.1)) / steps) + 0.01 * rng.next()
        last = val
        const time = t0 + i * 60_000 + s * 100
        points.push({ name: 'val/loss', step: s, value: val, time }, { name: 'loss', step: s, value: val * 0.9, time }, { name: 'val/accuracy', step: s, value: Math.max(0, 1 - val / 2), time })
      }
      store.metrics.append(run.id, points)
      store.runs.update(run.id, { status: 'finished', startedAt: t0 + i * 60_000, endedAt: t0 + i * 60_000 + steps * 100, provider: 'cpu', device: 'cpu', step: steps, totalSteps: steps })
      store.studies.updateTrial(trial.id, { status: 'finished', runId: run.id, objective: last, startedAt: t0 + i * 60_000, endedAt: t0 + i * 60_000 + steps * 100, device: 'cpu' })
      runIds.push(run.id)
    })
    store.studies.update(study.id, { status: 'finished', startedAt: t0, endedAt: t0 + o.runs * 60_000 })
  })
  return { studyId: study.id, experimentId, runIds }
}
