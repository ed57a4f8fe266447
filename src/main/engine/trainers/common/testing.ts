import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Config } from '../../../../shared/api'
import { logText } from '../../../../shared/messages/log-lines'
import { readCheckpoint } from '../../onnx/checkpoint'
import type { TrainContext, TrainerJob, TrainFunction, TrainOutcome } from '../protocol'
import { checkpointPath } from './checkpoints'

/** What a trainer reported through a hand-built context, for the trainers' tests. */
export interface Recorded {
  outcome: TrainOutcome
  metrics: { name: string; step: number; value: number }[]
  /** The log lines as an English reader sees them (coded lines worded). */
  logs: string[]
  /** The same lines as the trainer wrote them, coded ones with their code. */
  rawLogs: string[]
  workDir: string
}

/** Runs `train` in a fresh workDir (or the given one), cancelling once `cancelAfter` steps are reported. */
export async function recordTraining(train: TrainFunction, trainer: string, datasetPath: string, config: Config, extra: Partial<TrainerJob> = {}, cancelAfter = Infinity): Promise<Recorded> {
  const workDir = extra.workDir ?? mkdtempSync(join(tmpdir(), `paramscope-${trainer}-run-`))
  const rec: Omit<Recorded, 'outcome'> = { metrics: [], logs: [], rawLogs: [], workDir }
  let steps = 0
  const ctx: TrainContext = {
    job: { runId: 1, trainer, config, datasetPath, providers: ['cpu'], ...extra, workDir },
    started: () => undefined,
    metric: (name, step, value) => rec.metrics.push({ name, step, value }),
    progress: (step) => (steps = step),
    isCancelled: () => steps >= cancelAfter,
    log: (line) => {
      rec.rawLogs.push(line)
      rec.logs.push(logText(line, 'en'))
    }
  }
  return { ...rec, outcome: await train(ctx) }
}

export const seriesOf = (r: Recorded, name: string) => r.metrics.filter((m) => m.name === name)
export const lastOf = (r: Recorded, name: string): number => seriesOf(r, name).at(-1)!.value
export const tensorsOf = (workDir: string, kind: 'latest' | 'best') => new Map(readCheckpoint(checkpointPath(workDir, kind)).tensors.map((t) => [t.name, t.data]))
/** The job fields of a run that starts from `r`'s best checkpoint, as run 1. */
export const startingFrom = (r: Recorded): Partial<TrainerJob> => ({ startFrom: { runId: 1, checkpoint: checkpointPath(r.workDir, 'best') } })
/** The job fields that resume `r` from its latest checkpoint in its own workDir. */
export const resuming = (r: Recorded): Partial<TrainerJob> => ({ workDir: r.workDir, resume: checkpointPath(r.workDir, 'latest') })
