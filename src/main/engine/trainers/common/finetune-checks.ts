import { join } from 'node:path'
import type { Config, FieldIssue, Run } from '../../../../shared/api'
import { codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
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
  if (!run) issues.push(codedIssue(field, msg('trainer.fromRunMissing', { id: from })))
  else if (run.trainer !== trainer) issues.push(codedIssue(field, msg('trainer.fromRunOtherTrainer', { id: from, other: run.trainer, trainer })))
  else if (run.status !== 'finished') issues.push(codedIssue(field, msg('trainer.fromRunNotFinished', { id: from, status: run.status })))
  else if (!bestOrLatest(runWorkDir(dataDir, from))) issues.push(codedIssue(field, msg('trainer.fromRunNoCheckpoint', { id: from })))
  return issues
}
