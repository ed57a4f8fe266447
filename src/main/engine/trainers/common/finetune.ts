import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import type { Rng } from '../../random'
import { freezeModel, matchParams, parameterCounts, PatternError } from '../../onnx/freeze'
import { initLora, withLora, type LoraAdapter, type LoraSpec } from '../../onnx/lora'
import type { ModelDefinition, ParamInfo } from '../../onnx/train-step'

/**
 * Applies the fine-tuning parameters to any trainer's model definition: LoRA adapters on the
 * chosen weights (base frozen), then the freeze pattern, and counts what is left to train.
 */

export interface FinetuneSettings {
  /** Run whose checkpoint gives the starting weights; 0 for none. */
  fromRun: number
  freeze: string
  /** Null when lora.rank is 0. */
  lora: LoraSpec | null
}

export function readFinetuneSettings(c: Config): FinetuneSettings {
  const rank = Number(c['lora.rank'] ?? 0)
  return {
    fromRun: Number(c['finetune.from_run'] ?? 0),
    freeze: String(c['finetune.freeze'] ?? ''),
    lora: rank > 0 ? { rank, alpha: Number(c['lora.alpha'] ?? 16), dropout: Number(c['lora.dropout'] ?? 0), targets: String(c['lora.targets'] ?? '*') } : null
  }
}

export interface FineTunedModel {
  /** What the training graphs are built from: trainable parameters only. */
  def: ModelDefinition
  /** The base model's parameters, as checkpoints of the base and exports hold them. */
  base: ParamInfo[]
  /** Every tensor training holds: base then adapters. */
  all: ParamInfo[]
  adapters: LoraAdapter[]
  /** α/r, or 0 without LoRA. */
  scale: number
  frozen: Set<string>
  counts: { trainable: number; total: number; ratio: number }
}

function refuse(field: string, err: unknown): never {
  if (!(err instanceof PatternError)) throw err
  const message = err.message
  throw new AppError('INVALID_CONFIG', `${field}: ${message}`, { issues: [{ field, message }] })
}

export function fineTuneModel(def: ModelDefinition, s: FinetuneSettings): FineTunedModel {
  let adapters: LoraAdapter[] = []
  let scale = 0
  let model = def
  if (s.lora) {
    try {
      const lora = withLora(def, s.lora)
      ;({ adapters, scale } = lora)
      model = lora.def
    } catch (err) {
      refuse('lora.targets', err)
    }
  }
  let frozen: Set<string>
  try {
    frozen = matchParams(model.params, s.freeze)
  } catch (err) {
    refuse('finetune.freeze', err)
  }
  // LoRA trains the adapters alone: the whole base model is frozen.
  if (s.lora) for (const p of def.params) frozen.add(p.name)
  let trainable: ModelDefinition
  try {
    trainable = freezeModel(model, frozen)
  } catch (err) {
    refuse('finetune.freeze', err)
  }
  return { def: trainable, base: def.params, all: model.params, adapters, scale, frozen, counts: parameterCounts(trainable.params, model.params) }
}

/** Starting values of every tensor: the base ones given, adapters initialised as LoRA starts. */
export function startValues(m: FineTunedModel, base: ReadonlyMap<string, Float32Array>, rng: Rng): Map<string, Float32Array> {
  const values = new Map<string, Float32Array>()
  for (const p of m.base) values.set(p.name, base.get(p.name)!)
  for (const [name, v] of initLora(m.adapters, rng)) values.set(name, v)
  return values
}
