/**
 * Learning-rate schedules: the one implementation the trainers step through and the run form
 * previews before a run starts. Pure functions and small state holders, no Node or DOM imports.
 * Steps are 1-based optimizer steps; every schedule may start with a linear warmup.
 */

export type ScheduleSpec =
  | { name: 'constant'; warmupSteps?: number }
  /** × gamma every stepSize steps after warmup (PyTorch StepLR). */
  | { name: 'step'; stepSize: number; gamma: number; warmupSteps?: number }
  /** × gamma every step after warmup (ExponentialLR). */
  | { name: 'exponential'; gamma: number; warmupSteps?: number }
  /** Half cosine from the peak to minLr on the last step (CosineAnnealingLR, after warmup). */
  | { name: 'warmup_cosine'; warmupSteps: number; minLr: number }
  /** Straight line from the peak to minLr on the last step. */
  | { name: 'warmup_linear'; warmupSteps: number; minLr: number }
  /** × factor when the monitored metric stalls for more than `patience` evaluations, not below minLr. */
  | { name: 'plateau'; factor: number; patience: number; threshold: number; minLr: number; warmupSteps?: number }

export type ScheduleName = ScheduleSpec['name']
export const scheduleNames: ScheduleName[] = ['constant', 'step', 'exponential', 'warmup_cosine', 'warmup_linear', 'plateau']

/**
 * The learning rate at a 1-based optimizer step. `reductions` is how many times a plateau
 * schedule has cut the rate so far (see PlateauTracker); other schedules ignore it.
 */
export function learningRate(schedule: ScheduleSpec, peak: number, step: number, totalSteps: number, reductions = 0): number {
  const warmup = schedule.warmupSteps ?? 0
  if (step <= warmup) return (peak * step) / warmup
  const after = step - warmup
  const span = Math.max(1, totalSteps - warmup)
  const progress = Math.min(1, after / span)
  switch (schedule.name) {
    case 'constant':
      return peak
    case 'step':
      return peak * schedule.gamma ** Math.floor((after - 1) / schedule.stepSize)
    case 'exponential':
      return peak * schedule.gamma ** (after - 1)
    case 'warmup_cosine':
      return schedule.minLr + (peak - schedule.minLr) * 0.5 * (1 + Math.cos(Math.PI * progress))
    case 'warmup_linear':
      return peak + (schedule.minLr - peak) * progress
    case 'plateau':
      return Math.max(schedule.minLr, peak * schedule.factor ** reductions)
  }
}

export interface ImprovementRule {
  /** Whether smaller values of the metric are better (losses) or larger ones (accuracy). */
  mode: 'min' | 'max'
  /** How much better than the best so far a value must be to count as an improvement. */
  minDelta: number
  /** Read minDelta as a fraction of the best value (PyTorch's threshold_mode 'rel'). */
  relative?: boolean
}

/** Tracks the best value of a metric and how many observations in a row failed to beat it. */
export class ImprovementTracker {
  best = Number.NaN
  stalled = 0

  constructor(private readonly rule: ImprovementRule) {}

  /** Records a value; true when it improves on the best by more than minDelta. */
  observe(value: number): boolean {
    const { mode, minDelta, relative } = this.rule
    const margin = relative ? Math.abs(this.best) * minDelta : minDelta
    const better = Number.isNaN(this.best) || (mode === 'min' ? value < this.best - margin : value > this.best + margin)
    if (better) {
      this.best = value
      this.stalled = 0
    } else this.stalled++
    return better
  }
}

/**
 * The state of reduce-on-plateau, fed each validation value: after more than `patience`
 * evaluations without improvement it counts one more reduction and starts waiting again.
 */
export class PlateauTracker {
  reductions = 0
  private readonly tracker: ImprovementTracker

  constructor(
    private readonly schedule: Extract<ScheduleSpec, { name: 'plateau' }>,
    mode: 'min' | 'max' = 'min'
  ) {
    this.tracker = new ImprovementTracker({ mode, minDelta: schedule.threshold, relative: true })
  }

  /** Returns true when this value triggered a reduction. */
  observe(value: number): boolean {
    this.tracker.observe(value)
    if (this.tracker.stalled <= this.schedule.patience) return false
    this.reductions++
    this.tracker.stalled = 0
    return true
  }
}

/** Reads a schedule and its peak lr from a trainer config's `optimizer.lr` and `schedule.*` keys. */
export function scheduleFromConfig(config: Record<string, unknown>): { spec: ScheduleSpec; peak: number } {
  const num = (key: string, fallback: number): number => (typeof config[key] === 'number' ? (config[key] as number) : fallback)
  const warmupSteps = num('schedule.warmup_steps', 0)
  const minLr = num('schedule.min_lr', 0)
  const peak = num('optimizer.lr', 1e-3)
  const name = config['schedule.name']
  switch (name) {
    case 'step':
      return { peak, spec: { name, stepSize: Math.max(1, num('schedule.step_size', 1000)), gamma: num('schedule.step_gamma', 0.1), warmupSteps } }
    case 'exponential':
      return { peak, spec: { name, gamma: num('schedule.exp_gamma', 0.999), warmupSteps } }
    case 'warmup_cosine':
    case 'warmup_linear':
      return { peak, spec: { name, warmupSteps, minLr } }
    case 'plateau': {
      const spec = { name, factor: num('schedule.plateau_factor', 0.5), patience: num('schedule.plateau_patience', 3), threshold: 1e-4, minLr, warmupSteps }
      return { peak, spec }
    }
    default:
      return { peak, spec: { name: 'constant', warmupSteps } }
  }
}

export interface SchedulePreview {
  points: { step: number; lr: number }[]
  /** True for reduce-on-plateau, whose later values depend on validation results not known yet. */
  dependsOnValidation: boolean
}

/**
 * The schedule a config will follow over `totalSteps`, for a chart drawn before the run starts:
 * at most about `maxPoints` steps, always including the first, the last, the end of warmup and
 * both sides of every step-decay drop, so the drawn line keeps its corners.
 */
export function previewSchedule(config: Record<string, unknown>, totalSteps: number, maxPoints = 200): SchedulePreview {
  const { spec, peak } = scheduleFromConfig(config)
  const total = Math.max(1, Math.floor(totalSteps))
  const steps = new Set<number>([1, total])
  const stride = Math.max(1, Math.ceil(total / maxPoints))
  for (let s = 1; s <= total; s += stride) steps.add(s)
  const warmup = spec.warmupSteps ?? 0
  if (warmup > 0 && warmup < total) steps.add(warmup).add(warmup + 1)
  if (spec.name === 'step') {
    for (let s = warmup + spec.stepSize; s < total && steps.size < 2 * maxPoints; s += spec.stepSize) steps.add(s).add(s + 1)
  }
  const points = [...steps].sort((a, b) => a - b).map((step) => ({ step, lr: learningRate(spec, peak, step, total) }))
  return { points, dependsOnValidation: spec.name === 'plateau' }
}
