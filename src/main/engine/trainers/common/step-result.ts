import { firstNonFinite } from './monitor'

/** What one optimizer step reports, whichever stepper ran it. */
export interface StepResult {
  /** Mean loss over the micro-batches of the update. */
  loss: number
  /** Sum of the model's `correct` output over the micro-batches, when it has one. */
  correct: number
  diagnostics?: ArrayLike<number>
  /** Set when a loss was NaN or infinite: what went wrong, with the step and the tensor. */
  diverged?: string
}

/** Names the tensor behind a non-finite loss: a parameter the previous update broke, or the forward pass. */
export function explainDivergence(loss: number, step: number, params: [string, ArrayLike<number>][]): string {
  const bad = firstNonFinite(params)
  const head = `train/loss is ${loss} at step ${step}`
  if (bad) return `${head}: ${bad.name} became ${bad.value} in the update of step ${step - 1}`
  return `${head}: the forward pass overflowed with finite parameters`
}
