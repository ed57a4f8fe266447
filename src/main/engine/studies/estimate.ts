import type { EngineApi } from '../../../shared/api'
import type { Store } from '../store'

/** The newest runs looked at, and the most finished runs of the trainer measured among them. */
const RUNS_LOOKED_AT = 5000
const RUNS_MEASURED = 200

export function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * `studies.estimate`: the median duration of the trainer's recent finished runs, and the wall
 * time of `trials` more run in waves of as many as may run at once (the study's concurrency,
 * capped by the engine's).
 */
export function createStudyEstimate(store: Store, maxConcurrentRuns: number): EngineApi['studies.estimate'] {
  return async ({ trainer, trials, concurrency }) => {
    const seconds = store.runs
      .list({ limit: RUNS_LOOKED_AT })
      .filter((r) => r.trainer === trainer && r.status === 'finished' && r.startedAt !== null && r.endedAt !== null && r.endedAt >= r.startedAt)
      .slice(0, RUNS_MEASURED)
      .map((r) => (r.endedAt! - r.startedAt!) / 1000)
    const medianRunSeconds = median(seconds)
    const atOnce = Math.max(1, Math.min(concurrency ?? maxConcurrentRuns, maxConcurrentRuns))
    return {
      medianRunSeconds,
      runsMeasured: seconds.length,
      estimatedSeconds: medianRunSeconds === null ? null : Math.ceil(trials / atOnce) * medianRunSeconds
    }
  }
}
