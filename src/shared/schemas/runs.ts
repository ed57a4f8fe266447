import { z } from 'zod'
import { MessageValue } from './messages'
import { Config } from './params'

export const Id = z.number().int().positive()

export const Experiment = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  createdAt: z.number(),
  runCount: z.number().int(),
  /** Runs queued or running now. */
  activeRunCount: z.number().int()
})
export type Experiment = z.infer<typeof Experiment>

export const runStatuses = [
  'queued',
  'running',
  'finished',
  'failed',
  'crashed',
  'diverged',
  'cancelled',
  'interrupted'
] as const
export const RunStatus = z.enum(runStatuses)
export type RunStatus = z.infer<typeof RunStatus>
export const activeStatuses: readonly RunStatus[] = ['queued', 'running']
export const isActiveStatus = (s: RunStatus): boolean => activeStatuses.includes(s)

/**
 * Why a run ended, as data: `rule` names the reason and `values` fill its words, so a window says
 * it in its own language; `statusMessage` says the same in English.
 */
/** Why a run ended, as data: a rule of the catalog's `reasons` (or a whole message code) and its values. */
export const StatusReason = z.object({ rule: z.string(), values: z.record(z.string(), MessageValue) })
export type StatusReason = z.infer<typeof StatusReason>

export const Run = z.object({
  id: Id,
  experimentId: Id,
  name: z.string(),
  trainer: z.string(),
  trainerVersion: z.string(),
  engineVersion: z.string(),
  config: Config,
  /** Path of the dataset file the run reads, and the SHA-256 of its content at start. */
  datasetPath: z.string().nullable(),
  datasetHash: z.string().nullable(),
  /** The dataset version (roles and split) the run reads through, when started from one. */
  datasetVersionId: Id.nullable().optional(),
  status: RunStatus,
  /** Why the run ended the way it did (error text, cancel reason, divergence step). */
  statusMessage: z.string().nullable(),
  statusReason: StatusReason.nullable().optional(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable(),
  exitCode: z.number().int().nullable(),
  exitSignal: z.string().nullable(),
  /** Execution provider and device the trainer actually used. */
  provider: z.string().nullable(),
  device: z.string().nullable(),
  seed: z.number().int().nullable(),
  step: z.number().int(),
  totalSteps: z.number().int().nullable(),
  notes: z.string(),
  tags: z.array(z.string()),
  /** Where an imported run came from ('mlflow:/abs/mlflow.db#run=ab12'); null for a run trained here. */
  source: z.string().nullable().optional()
})
export type Run = z.infer<typeof Run>

/**
 * Where a command trainer's metric came from: a line on stdout or stderr (JSON after the prefix,
 * or name=value), a Hugging Face log dict, the JSON-lines metrics file, trainer_state.json or
 * TensorBoard events. A series keeps the first channel that fed it.
 */
export const metricChannels = ['stdout', 'stderr', 'hf-log', 'jsonl', 'trainer_state', 'tensorboard'] as const
export const MetricChannel = z.enum(metricChannels)
export type MetricChannel = z.infer<typeof MetricChannel>

export const MetricSummary = z.object({
  first: z.number(),
  last: z.number(),
  min: z.number(),
  max: z.number(),
  count: z.number().int(),
  /** Which reader of a command trainer's output fed the series; absent for a built-in trainer's. */
  channel: MetricChannel.optional()
})
export type MetricSummary = z.infer<typeof MetricSummary>

export const RunDetail = Run.extend({
  metrics: z.record(z.string(), MetricSummary),
  /** True when the run's data file is gone or no longer has the content the run read. */
  datasetChanged: z.boolean().optional()
})
export type RunDetail = z.infer<typeof RunDetail>

/** A metric series in columns: compact on the wire and ready for charts. */
export const Series = z.object({
  steps: z.array(z.number()),
  values: z.array(z.number()),
  times: z.array(z.number()),
  /** The channel that fed a command trainer's series; absent for a built-in trainer's. */
  channel: MetricChannel.optional()
})
export type Series = z.infer<typeof Series>

/** One point as trainers send it. `time` is epoch milliseconds; `channel` only from a command trainer. */
export const MetricPoint = z.object({ name: z.string(), step: z.number().int(), value: z.number(), time: z.number(), channel: MetricChannel.optional() })
export type MetricPoint = z.infer<typeof MetricPoint>
