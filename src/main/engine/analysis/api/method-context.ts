import type { Progress } from './job'
import type { Prepared } from './prepare-table'
import type { Recognised } from './recognise'

/** What every analysis method reads: the prepared table, how it was recognised, and the request's choices. */
export interface MethodContext {
  prepared: Prepared
  recognised: Recognised
  /** Unit-cube coordinates per parameter, and which of them are continuous. */
  unit: Float64Array[]
  continuous: boolean[]
  goal: 'min' | 'max'
  seed: number
  progress: Progress
}
