import { Rng } from '../../random'
import { initParams } from '../../onnx/init'
import { mlpDropoutMasks, mlpModel, type MlpSpec } from '../../onnx/mlp-graph'
import type { TrainingMeta } from '../common/checkpoints'
import type { Preprocessing } from '../common/preprocess'
import type { FineTunedModel } from '../common/finetune'
import { setUpFineTuning } from '../common/finetune-setup'
import { streamSeed } from '../common/seeds'
import type { TrainerJob } from '../protocol'
import type { PreparedData } from './data'
import type { MlpSettings } from './settings'
import type { MaskSpec } from './row-stepper'

/** What the mlp stores in its checkpoints so an export can rebuild the model on raw features. */
export interface MlpModelMeta {
  spec: MlpSpec
  featureNames: string[]
  featureMean: number[]
  featureStd: number[]
  classes: string[]
  targetMean: number
  targetStd: number
  /** How raw columns become `featureNames`; absent in checkpoints written before it, whose features were all numeric. */
  preprocessing?: Preprocessing
}

export interface MlpSetup {
  spec: MlpSpec
  tuned: FineTunedModel
  /** Every tensor's starting value: trainable, frozen and adapters. */
  values: ReadonlyMap<string, Float32Array>
  /** Optimizer state when resuming. */
  state?: ReadonlyMap<string, Float32Array>
  /** The checkpoint meta a resume starts from. */
  resumed?: TrainingMeta<MlpModelMeta>
  masks: MaskSpec[]
}

export function modelMeta(spec: MlpSpec, data: PreparedData): MlpModelMeta {
  return {
    spec: { ...spec, dropout: 0 },
    featureNames: data.featureNames,
    featureMean: Array.from(data.featureMean),
    featureStd: Array.from(data.featureStd),
    classes: data.classes,
    targetMean: data.targetMean,
    targetStd: data.targetStd,
    ...(data.preprocessing ? { preprocessing: data.preprocessing } : {})
  }
}

/**
 * The model of a run with its starting values (the shared fine-tuning set-up: seeded init, another
 * run's checkpoint, or this run's latest when resuming) and the masks the RowStepper draws: the
 * hidden layers' dropout [rows, width], then LoRA's [in, 1].
 */
export function setUpModel(s: MlpSettings, spec: MlpSpec, job: TrainerJob, log: (line: string) => void): MlpSetup {
  const setup = setUpFineTuning<MlpModelMeta>({
    trainer: 'mlp',
    def: mlpModel(spec),
    finetune: s.finetune,
    optimizer: s.optimizer,
    job,
    init: (base) => initParams(base, s.activation, new Rng(streamSeed(s.seed, 'init')), 'float32') as Float32Array[],
    loraSeed: streamSeed(s.seed, 'lora'),
    unit: 'epoch',
    log
  })
  const masks: MaskSpec[] = mlpDropoutMasks(spec).map((m) => ({ name: m.name, p: s.dropout, shape: (rows) => [rows, m.width] }))
  for (const m of setup.stepper.masks ?? []) masks.push({ name: m.name, p: m.p, shape: () => m.shape })
  return { spec, tuned: setup.tuned, values: setup.stepper.values, state: setup.stepper.state, resumed: setup.resumed, masks }
}
