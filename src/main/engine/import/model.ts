import { AppError } from '../../../shared/errors'
import { msg, type MessageCode, type MessageValue } from '../../../shared/messages'
import type { Config, ParamValue } from '../../../shared/schemas/params'
import type { MetricPoint, RunStatus, StatusReason } from '../../../shared/schemas/runs'
import type { ParamRange } from '../store/run-repository'

export const importKinds = ['optuna', 'mlflow', 'wandb', 'csv', 'jsonl'] as const
export type ImportKind = (typeof importKinds)[number]

/** One run read from another tool, ready to be written: a finished run in every respect. */
export interface ImportedRun {
  /** Unique address of the run in its source, e.g. `optuna:/abs/study.db#study=s&trial=3`. */
  source: string
  name: string
  /** The tool that made it ('optuna', 'mlflow', 'wandb', 'imported'). */
  trainer: string
  /** The study or experiment it belonged to in the source: the experiment it goes to by default. */
  group: string
  status: RunStatus
  statusReason: StatusReason | null
  createdAt: number
  startedAt: number | null
  endedAt: number | null
  params: Config
  /** Final values as one point each, series as many. */
  metrics: MetricPoint[]
  tags: string[]
  notes: string
  /** The ranges its params were sampled from, where the source keeps them (Optuna's distributions). */
  space?: Record<string, ParamRange>
}

export interface ImportedBatch {
  kind: ImportKind
  file: string
  runs: ImportedRun[]
}

/** A refusal of the input file that names the file and, where it can, the line and field. */
export function importError(code: MessageCode, values: Record<string, MessageValue>): AppError {
  return AppError.coded('INVALID_INPUT', msg(code, values), { file: values.file as string })
}

/** A parameter as text (MLflow, CSV) in its natural type: numbers and booleans as such. */
export function paramValue(text: string): ParamValue {
  const t = text.trim()
  if (t !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t)
  if (/^(true|false)$/i.test(t)) return t.toLowerCase() === 'true'
  return text
}

/** A JSON value flattened into dotted config keys (`{"optimizer": {"lr": 1}}` → `optimizer.lr`). */
export function flattenParams(value: unknown, prefix = '', out: Config = {}): Config {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenParams(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') out[prefix] = value
  else if (value !== null && value !== undefined) out[prefix] = JSON.stringify(value)
  return out
}

/** Final metric values as points at step 0 (or the given step), stamped at `time`. */
export function finalPoints(values: Record<string, number>, time: number, step = 0): MetricPoint[] {
  return Object.entries(values).map(([name, value]) => ({ name, step, value, time }))
}

export function prunedReason(tool: string, step: number | null): StatusReason {
  return { rule: 'imports.reasons.pruned', values: { tool, step: step ?? 0 } }
}

export function wasRunningReason(tool: string, state: string): StatusReason {
  return { rule: 'imports.reasons.wasRunning', values: { tool, state } }
}
