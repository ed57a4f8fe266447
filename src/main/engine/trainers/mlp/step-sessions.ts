import * as ort from 'onnxruntime-node'
import { buildMultiStep } from '../../onnx/multi-step'
import { openSession } from '../../onnx/session'
import { buildAccumulateStep, buildTrainStep, type ModelDefinition, type TrainStepModel, type TrainStepOptions } from '../../onnx/train-step'
import type { StepperSessions } from './row-stepper'

export interface StepSessions {
  model: TrainStepModel
  sessions: StepperSessions
  provider: string
  device: string
  /** Names of the diagnostics entries, empty when they are off. */
  diagnostics: string[]
  /** Opens another session on the provider the step session got. */
  open(bytes: Uint8Array): Promise<ort.InferenceSession>
}

/**
 * Opens the training sessions of a model on the resolved provider (falling back to cpu with a
 * logged reason): the step, and as needed the accumulate graph, the diagnostics step and the
 * chain of `stepsPerRun` steps. Every session opened is pushed to `opened` for release.
 */
export async function openStepSessions(
  def: ModelDefinition,
  options: TrainStepOptions,
  want: { k: number; stepsPerRun: number; diagnostics: boolean },
  provider: string,
  threads: number,
  opened: ort.InferenceSession[],
  log: (line: string) => void
): Promise<StepSessions> {
  const model = buildTrainStep(def, { ...options, accumulate: want.k > 1 })
  const first = await openSession(model.bytes, { provider, threads, log })
  opened.push(first.session)
  const open = async (bytes: Uint8Array): Promise<ort.InferenceSession> => {
    const session = (await openSession(bytes, { provider: first.provider, threads })).session
    opened.push(session)
    return session
  }
  const accumulate = want.k > 1 ? await open(buildAccumulateStep(def).bytes) : null
  const diagnosed = want.diagnostics ? buildTrainStep(def, { ...options, accumulate: want.k > 1, diagnostics: true }) : null
  const diagnostic = diagnosed ? await open(diagnosed.bytes) : null
  let chain: StepperSessions['chain'] = null
  if (want.stepsPerRun > 1) {
    const multi = buildMultiStep(def, { ...options, steps: want.stepsPerRun, micro: want.k })
    chain = { session: await open(multi.bytes), model: multi }
  }
  return {
    model,
    sessions: { step: first.session, diagnostic, accumulate, chain },
    provider: first.provider,
    device: first.device,
    diagnostics: diagnosed?.diagnostics ?? [],
    open
  }
}
