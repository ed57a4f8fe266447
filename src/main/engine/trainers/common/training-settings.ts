import type { Config } from '../../../../shared/api'
import { mlpParamSpecs } from '../mlp/params'
import { readSettings, type MlpSettings } from '../mlp/settings'

/**
 * The settings every built-in trainer shares with `mlp` (optimizer, schedule, early stopping,
 * diagnostics, runtime, batch size, split, dropout, seed), read by the mlp's own reader so the
 * trainers cannot drift apart in how a value is understood. The trainers declare these keys with
 * the mlp's parameter specs, so a config valid for them is valid for the mlp reader too.
 */
export type TrainingSettings = Pick<
  MlpSettings,
  'valFraction' | 'batchSize' | 'dropout' | 'optimizer' | 'lr' | 'layerDecay' | 'clipNorm' | 'accumulation' | 'schedule' | 'seed' | 'earlyStopping' | 'diagnostics' | 'device' | 'threads'
>

const SHARED_GROUPS = /^(optimizer|schedule|early_stopping|diagnostics|runtime)\./
const SHARED_KEYS = new Set(['data.batch_size', 'data.val_fraction', 'regularization.dropout', 'training.seed'])

/** Reads the shared settings of a config its trainer has already checked; keys of the trainer's own in shared groups (optimizer.sparse_embedding) stay with it. */
export function readTrainingSettings(config: Config, providers: string[]): TrainingSettings {
  const mlpKeys = new Set(mlpParamSpecs(providers).map((p) => p.key))
  const shared = Object.fromEntries(Object.entries(config).filter(([key]) => mlpKeys.has(key) && (SHARED_GROUPS.test(key) || SHARED_KEYS.has(key))))
  return readSettings(shared, providers)
}
