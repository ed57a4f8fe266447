import { join } from 'node:path'
import type { Config, FieldIssue, Run } from '../../../../shared/api'
import { compilePattern, PatternError } from '../../onnx/freeze'
import { bestOrLatest } from './checkpoints'

/**
 * Engine-side checks of the fine-tuning parameters, before any process starts: the patterns
 * compile, and `finetune.from_run` names a finished run of the same trainer that left a
 * checkpoint. Shapes are checked by the trainer, which knows the model the data gives.
 */

export const runWorkDir = (dataDir: string, runId: number): string => join(dataDir, 'runs', String(runId))

export function finetuneIssues(config: Config, trainer: string, dataDir: string, getRun: (id: number) => Run | undefined): FieldIssue[] {
  const issues: FieldIssue[] = []
  for (const field of ['finetune.freeze', 'lora.targets']) {
    if (typeof config[field] !== 'string') continue
    try {
      compilePattern(config[field])
    } catch (err) {
      if (!(err instanceof PatternError)) throw err
      issues.push({ field, message: err.message })
    }
  }
  const from = config['finetune.from_run']
  if (typeof from !== 'number' || from === 0) return issues
  const field = 'finetune.from_run'
  const run = getRun(from)
  if (!run) issues.push({ field, message: `no run ${from}` })
  else if (run.trainer !== trainer) issues.push({ field, message: `run ${from} was trained by ${run.trainer}; a ${trainer} run can only start from a ${trainer} run` })
  else if (run.status !== 'finished') issues.push({ field, message: `run ${from} is ${run.status}; start from a finished run` })
  else if (!bestOrLatest(runWorkDir(dataDir, from))) issues.push({ field, message: `run ${from} left no checkpoint to start from` })
  return issues
}
