/**
 * `trainer_state.json`, which a Hugging Face `Trainer` writes in each checkpoint folder and in the
 * output folder: every entry of its `log_history` has HF's global `step`; every other number in
 * the entry is a point of the series of that name (`loss`, `eval_loss`, `learning_rate`, `epoch`…).
 */
import { msg, type CodedMessage } from '../../../../shared/messages'
import { isMetricNumber, type MetricPoint } from './types'

/** The points of a trainer_state.json's text; throws a coded message when it is not one. */
export function parseTrainerState(text: string): MetricPoint[] {
  let state: unknown
  try {
    state = JSON.parse(text.replace(/\bNaN\b|-?\bInfinity\b/g, (t) => `"${t}"`))
  } catch (err) {
    throw msg('metrics.trainerStateBad', { reason: (err as Error).message })
  }
  const history = (state as { log_history?: unknown })?.log_history
  if (!Array.isArray(history)) throw msg('metrics.trainerStateBad', { reason: 'log_history' })
  const points: MetricPoint[] = []
  for (const entry of history) {
    if (typeof entry !== 'object' || entry === null || typeof entry.step !== 'number') continue
    for (const [name, raw] of Object.entries(entry as Record<string, unknown>)) {
      if (name === 'step') continue
      const value = raw === 'NaN' ? NaN : raw === 'Infinity' ? Infinity : raw === '-Infinity' ? -Infinity : raw
      if (isMetricNumber(value)) points.push({ name, value, step: entry.step, channel: 'trainer_state' })
    }
  }
  return points
}

/**
 * Re-reads one trainer_state.json when it changes and returns only the points not seen before,
 * de-duplicated by (name, step). A file caught half-written is read again at the next change.
 */
export class TrainerStateReader {
  private readonly seen = new Set<string>()

  /** The new points of the file's current text (warnings only when `final`: a half-written file is normal mid-run). */
  read(text: string, final = false): { points: MetricPoint[]; warnings: CodedMessage[] } {
    let all: MetricPoint[]
    try {
      all = parseTrainerState(text)
    } catch (err) {
      return { points: [], warnings: final ? [err as CodedMessage] : [] }
    }
    const points = all.filter((p) => {
      const key = `${p.step}\u0000${p.name}`
      if (this.seen.has(key)) return false
      this.seen.add(key)
      return true
    })
    return { points, warnings: [] }
  }
}
