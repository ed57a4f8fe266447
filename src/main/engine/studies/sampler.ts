import type { ParamValue } from '../../../shared/schemas/params'
import type { SpaceCondition, TrialStatus } from '../../../shared/schemas/studies'
import type { SearchSpace } from './space'

/** A trial as a sampler sees it: its active parameters and, once finished, its objective. */
export interface SamplerTrial {
  params: Record<string, ParamValue>
  repeat: number
  status: TrialStatus
  objective: number | null
  /** The step a pruned trial stopped at. */
  prunedStep: number | null
}

export interface SampleRequest {
  space: SearchSpace
  /** Parameters searched only while another has a given value; a proposal may set them anyway. */
  conditions: Record<string, SpaceCondition>
  direction: 'min' | 'max'
  /** Every trial of the study so far, in plan order: running and queued ones have no objective yet. */
  trials: readonly SamplerTrial[]
  /** The study's seed and the number of the point asked for: the same pair and trials propose alike. */
  seed: number
  index: number
}

/**
 * What an adaptive design plugs into the runner: given the space and the trials so far, the next
 * point, with a value for every parameter of the space (the runner leaves out the inactive ones).
 */
export interface Sampler {
  propose(request: SampleRequest): Record<string, ParamValue>
}
