import { z } from 'zod'
import { CodedMessage } from './messages'

/**
 * The format tester (`trainers.parseLog`): a whole metrics file sent by the window, read by the
 * same readers a run uses, and the series it yields summed up with points enough to draw them.
 */

/** Largest file the format tester reads, decoded; a longer one is refused with a coded message. */
export const PARSE_LOG_MAX_BYTES = 32 * 1024 * 1024

/** Base64 characters of `bytes` bytes, with padding. */
export const base64Length = (bytes: number): number => Math.ceil(bytes / 3) * 4

/** Points per series the tester sends back for its chart; the summary counts them all. */
export const PARSE_LOG_CHART_POINTS = 1000

export const MetricFileKind = z.enum(['log', 'jsonl', 'trainer_state', 'tensorboard'])
export type MetricFileKind = z.infer<typeof MetricFileKind>

/** JSON has no NaN or Infinity: a series that ends diverged says so as text. */
export const MetricValue = z.union([z.number(), z.enum(['NaN', 'Infinity', '-Infinity'])])
export type MetricValue = z.infer<typeof MetricValue>

export const ParsedLogSeries = z.object({
  name: z.string(),
  /** stdout, hf-log, jsonl, trainer_state or tensorboard: which reader fed it. */
  channel: z.string(),
  points: z.number().int(),
  firstStep: z.number().nullable(),
  lastStep: z.number().nullable(),
  lastValue: MetricValue.nullable(),
  /** Points refused: repeats of a step, or of the same name from another channel. */
  dropped: z.number().int(),
  /** The finite points, evenly thinned to at most PARSE_LOG_CHART_POINTS (the last one kept). */
  chart: z.object({ steps: z.array(z.number()), values: z.array(z.number()) })
})
export type ParsedLogSeries = z.infer<typeof ParsedLogSeries>

export const ParsedLog = z.object({
  name: z.string(),
  kind: MetricFileKind,
  bytes: z.number().int(),
  series: z.array(ParsedLogSeries),
  /** What the readers skipped and why (a corrupt TensorBoard record, a line that is not JSON). */
  warnings: z.array(CodedMessage)
})
export type ParsedLog = z.infer<typeof ParsedLog>
