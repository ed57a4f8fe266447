import type { CodedMessage } from '../../../../shared/messages'

/** Where a metric came from; a series remembers the channel that fed it. */
export type MetricChannel = 'stdout' | 'stderr' | 'hf-log' | 'jsonl' | 'trainer_state' | 'tensorboard'

export const metricChannels: readonly MetricChannel[] = ['stdout', 'stderr', 'hf-log', 'jsonl', 'trainer_state', 'tensorboard']

/** One value of one series at one step. NaN and ±Infinity are kept: a diverging loss is a fact. */
export interface MetricPoint {
  name: string
  step: number
  value: number
  channel: MetricChannel
}

/** What a reader got from one read: the points, and what it skipped and why (coded, for the log). */
export interface ReadResult {
  points: MetricPoint[]
  warnings: CodedMessage[]
}

/** A number a metric can hold: finite numbers, NaN and ±Infinity; booleans and text are not metrics. */
export const isMetricNumber = (v: unknown): v is number => typeof v === 'number'

/**
 * Steps for points that carry none: each series counts its own points (0, 1, 2, …), so a script
 * that prints `loss=0.5` every iteration without a step still draws a curve.
 */
export class StepCounter {
  private readonly counts = new Map<string, number>()
  next(name: string): number {
    const n = this.counts.get(name) ?? 0
    this.counts.set(name, n + 1)
    return n
  }
}
