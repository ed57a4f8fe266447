import type * as ort from 'onnxruntime-node'
import { paramGroups } from '../../onnx/optimizers'
import { openSession, resolveProvider } from '../../onnx/session'
import { buildAccumulateStep, buildTrainStep, type ModelDefinition } from '../../onnx/train-step'
import type { TrainingSettings } from './training-settings'
import { msg } from '../../../../shared/messages'
import { codedLogLine } from '../../../../shared/messages/log-lines'

/** The log line of a run that asked for a device this machine lacks, or for the best one and has none. */
export function providerFallbackLine(requested: string): string {
  return codedLogLine(requested === 'auto' ? msg('log.noAccelerator') : msg('log.providerUnavailable', { requested }))
}

type Settings = Pick<TrainingSettings, 'optimizer' | 'layerDecay' | 'clipNorm' | 'accumulation' | 'diagnostics' | 'device' | 'threads'>

/**
 * The train-step, accumulate and diagnostic sessions of a model, on the provider chosen for the
 * run (with the fallback reason logged), plus `open` for the trainer's own eval graphs. Every
 * session opened here or through `open` is freed by `release`, also when opening one fails.
 */
export async function openTrainSessions(def: ModelDefinition, s: Settings, providers: string[], log: (line: string) => void) {
  const stepOptions = {
    optimizer: s.optimizer,
    groups: paramGroups(def.params, { weightDecay: s.optimizer.weightDecay, layerDecay: s.layerDecay }),
    clipNorm: s.clipNorm,
    accumulate: s.accumulation > 1
  }
  const model = buildTrainStep(def, stepOptions)
  const choice = resolveProvider(s.device, providers)
  if (choice.reason) log(providerFallbackLine(s.device))
  const opened = await openSession(model.bytes, { provider: choice.provider, threads: s.threads, log })
  const sessions: ort.InferenceSession[] = [opened.session]
  const release = async () => {
    for (const session of sessions) await session.release()
  }
  const open = async (bytes: Uint8Array): Promise<ort.InferenceSession> => {
    const session = (await openSession(bytes, { provider: opened.provider, threads: s.threads })).session
    sessions.push(session)
    return session
  }
  try {
    const accumulate = s.accumulation > 1 ? await open(buildAccumulateStep(def).bytes) : null
    const diagnosed = s.diagnostics.every > 0 ? buildTrainStep(def, { ...stepOptions, diagnostics: true }) : null
    const diagnostic = diagnosed ? await open(diagnosed.bytes) : null
    return { model, opened, open, accumulate, diagnosed, diagnostic, release }
  } catch (err) {
    await release()
    throw err
  }
}
