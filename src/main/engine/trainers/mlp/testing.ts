import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../../../shared/api'
import type { TrainContext, TrainerJob, TrainOutcome } from '../protocol'
import { trainMlp } from './train'

/** What a trainer reported through a hand-built context, for the mlp tests. */
export interface Recorded {
  outcome: TrainOutcome
  metrics: { name: string; step: number; value: number }[]
  logs: string[]
  workDir: string
}

/** Trains in a fresh workDir (or the given one), cancelling once `cancelAfter` steps are reported. */
export async function trainRecorded(datasetPath: string, config: Config, extra: Partial<TrainerJob> = {}, cancelAfter = Infinity): Promise<Recorded> {
  const workDir = extra.workDir ?? mkdtempSync(join(tmpdir(), 'paramscope-run-'))
  const rec: Omit<Recorded, 'outcome'> = { metrics: [], logs: [], workDir }
  let steps = 0
  const ctx: TrainContext = {
    job: { runId: 1, trainer: 'mlp', config, datasetPath, providers: ['cpu'], ...extra, workDir },
    started: () => undefined,
    metric: (name, step, value) => rec.metrics.push({ name, step, value }),
    progress: (step) => (steps = step),
    isCancelled: () => steps >= cancelAfter,
    log: (line) => rec.logs.push(line)
  }
  return { ...rec, outcome: await trainMlp(ctx) }
}

export const seriesOf = (r: Recorded, name: string) => r.metrics.filter((m) => m.name === name)
