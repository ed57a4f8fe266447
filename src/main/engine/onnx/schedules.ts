/** Learning-rate schedules, evaluated in JS once per step and fed to the graph's `lr` input. */
export type ScheduleSpec = { name: 'constant' } | { name: 'warmup_cosine'; warmupSteps: number; minLr: number }

/**
 * The learning rate at a 1-based optimizer step. warmup_cosine rises linearly to the peak over
 * the warmup steps, then follows a half cosine that reaches minLr on the last step.
 */
export function learningRate(schedule: ScheduleSpec, peak: number, step: number, totalSteps: number): number {
  if (schedule.name === 'constant') return peak
  const { warmupSteps, minLr } = schedule
  if (step <= warmupSteps) return (peak * step) / warmupSteps
  const span = Math.max(1, totalSteps - warmupSteps)
  const progress = Math.min(1, (step - warmupSteps) / span)
  return minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress))
}
