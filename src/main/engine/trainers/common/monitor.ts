import { msg, type CodedMessage } from '../../../../shared/messages'
import { ImprovementTracker, type PlateauTracker } from '../../../../shared/schedules'
import type { EvalMetrics } from './evaluator'
import type { EarlyStoppingSettings } from './training-settings'
import type { TrainContext } from '../protocol'

/**
 * Watches a run from the outside of the graph: gradient statistics over a sliding window,
 * early stopping on a smoothed validation metric, and the first non-finite tensor of a step.
 */

/** Turns each `diagnostics` output into metrics and adds the variance of every gradient norm over a window. */
export class GradientWindow {
  private readonly history: number[][]
  private next = 0
  private filled = 0

  constructor(
    private readonly names: string[],
    private readonly window: number
  ) {
    this.history = names.map(() => new Array<number>(window).fill(0))
  }

  /** Metrics for one sample, or the name of the first entry that is NaN or infinite. */
  record(values: ArrayLike<number>): { metrics: [string, number][]; nonFinite?: string } {
    const bad = this.names.findIndex((_, i) => !Number.isFinite(values[i]))
    if (bad >= 0) return { metrics: [], nonFinite: `${this.names[bad]} is ${values[bad]}` }
    const metrics: [string, number][] = this.names.map((n, i) => [n, values[i]])
    this.names.forEach((_, i) => (this.history[i][this.next] = values[i]))
    this.next = (this.next + 1) % this.window
    this.filled = Math.min(this.window, this.filled + 1)
    if (this.filled < 2) return { metrics }
    this.names.forEach((name, i) => {
      if (!name.startsWith('grad_norm/')) return
      const h = this.history[i].slice(0, this.filled)
      const mean = h.reduce((a, b) => a + b, 0) / h.length
      metrics.push([name.replace('grad_norm/', 'grad_norm_var/'), h.reduce((a, v) => a + (v - mean) ** 2, 0) / h.length])
    })
    return { metrics }
  }
}

const modes: Record<EarlyStoppingSettings['metric'], 'min' | 'max'> = { 'val/loss': 'min', 'val/rmse': 'min', 'val/accuracy': 'max' }

/** Early stopping with patience, minimum delta and optional EMA smoothing; says why it stopped. */
export class EarlyStopper {
  private readonly tracker: ImprovementTracker
  private smoothed = Number.NaN

  constructor(private readonly s: EarlyStoppingSettings) {
    this.tracker = new ImprovementTracker({ mode: modes[s.metric], minDelta: s.minDelta })
  }

  /** Feeds one evaluation, made at `at` (`epoch 3`, `step 400 (evaluation 2)`); returns the reason to stop, or null to go on. */
  observe(metrics: EvalMetrics, at: CodedMessage): CodedMessage | null {
    const value = metrics[this.s.metric]
    if (this.s.patience === 0 || value === undefined) return null
    this.smoothed = Number.isNaN(this.smoothed) || this.s.ema === 0 ? value : this.s.ema * this.smoothed + (1 - this.s.ema) * value
    this.tracker.observe(this.smoothed)
    if (this.tracker.stalled < this.s.patience) return null
    const values = { at, metric: this.s.metric, delta: this.s.minDelta, patience: this.s.patience }
    return this.s.ema > 0 ? msg('log.earlyStopEma', { ...values, ema: this.s.ema }) : msg('log.earlyStop', values)
  }
}

/** The first tensor holding NaN or ±Infinity, with that value, in the order given. */
export function firstNonFinite(tensors: [string, ArrayLike<number>][]): { name: string; value: number } | null {
  for (const [name, data] of tensors) {
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return { name, value: data[i] }
  }
  return null
}

/**
 * Reports one optimizer step: its loss, the scheduled lr (comparable with the config; the graph
 * computes with its float32 rounding) and its diagnostics through the window. Returns why the run
 * diverged, naming the step and the tensor, or null to go on.
 */
export function reportStep(ctx: Pick<TrainContext, 'metric'>, window: GradientWindow, step: number, lr: number, r: { loss: number; diagnostics?: ArrayLike<number>; diverged?: string }): string | null {
  if (r.diverged) return r.diverged
  ctx.metric('train/loss', step, r.loss)
  ctx.metric('lr', step, lr)
  if (!r.diagnostics) return null
  const d = window.record(r.diagnostics)
  if (d.nonFinite) return `${d.nonFinite} at step ${step}`
  for (const [name, value] of d.metrics) ctx.metric(name, step, value)
  return null
}

/** Replays a resumed run's evaluations into plateau tracking and early stopping, so both stand where they stood. */
export function replayEvaluations(history: EvalMetrics[], plateau: PlateauTracker | null, stopper: EarlyStopper): void {
  for (const [i, v] of history.entries()) {
    plateau?.observe(v['val/loss'])
    stopper.observe(v, msg('log.atEvaluation', { evaluation: i + 1 }))
  }
}
