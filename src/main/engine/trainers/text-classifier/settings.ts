import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { codedIssue, type FieldIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { validateConfig } from '../../../../shared/params'
import type { Activation } from '../../onnx/mlp-graph'
import { readFinetuneSettings, type FinetuneSettings } from '../common/finetune'
import { readTrainingSettings, type TrainingSettings } from '../common/training-settings'
import type { NgramOptions } from './features'
import { textClassifierParamSpecs } from './params'

/** The `text-classifier` config as typed values, read once at the start of a run. */
export interface TextClassifierSettings extends TrainingSettings {
  text: string
  target: string
  ngrams: NgramOptions
  embeddingSize: number
  hidden: number
  layers: number
  activation: Activation
  /** Row-sparse (lazy) updates of the embedding, where they apply. */
  sparseEmbedding: boolean
  epochs: number
  finetune: FinetuneSettings
}

/** What single-value checks cannot see: the n-gram ranges must be ranges, and some feature must remain. */
export function crossFieldIssues(c: Config): FieldIssue[] {
  const issues: FieldIssue[] = []
  const num = (key: string): number => Number(c[key])
  for (const kind of ['word', 'char']) {
    const [lo, hi] = [num(`features.${kind}_ngram_min`), num(`features.${kind}_ngram_max`)]
    if (hi > 0 && lo > hi) issues.push(codedIssue(`features.${kind}_ngram_min`, msg('trainer.ngramOrder', { max: `features.${kind}_ngram_max`, hi, lo })))
  }
  if (num('features.word_ngram_max') === 0 && num('features.char_ngram_max') === 0)
    issues.push(codedIssue('features.word_ngram_max', msg('trainer.ngramsOff')))
  if (String(c['data.text']).trim() === String(c['data.target']).trim())
    issues.push(codedIssue('data.target', msg('trainer.mustDiffer', { column: String(c['data.text']) })))
  return issues
}

/** The config with every parameter present and checked; throws INVALID_CONFIG otherwise. */
export function completeTextClassifierConfig(config: Config, providers: string[] = []): Config {
  const { config: full, issues } = validateConfig({ params: textClassifierParamSpecs(providers) }, config)
  if (issues.length === 0) issues.push(...crossFieldIssues(full))
  if (issues.length) throw AppError.fromIssues('INVALID_CONFIG', issues, msg('trainer.invalidConfig', { trainer: 'text-classifier' }))
  return full
}

export function readTextClassifierSettings(config: Config, providers: string[]): TextClassifierSettings {
  const c = completeTextClassifierConfig(config, providers)
  const num = (key: string): number => c[key] as number
  return {
    ...readTrainingSettings(c),
    text: String(c['data.text']).trim(),
    target: String(c['data.target']).trim(),
    ngrams: {
      buckets: num('features.buckets'),
      wordMin: num('features.word_ngram_min'),
      wordMax: num('features.word_ngram_max'),
      charMin: num('features.char_ngram_min'),
      charMax: num('features.char_ngram_max'),
      maxNgrams: num('features.max_ngrams'),
      seed: num('features.hash_seed'),
      lowercase: c['features.lowercase'] === true
    },
    embeddingSize: num('model.embedding_size'),
    hidden: num('model.hidden_size'),
    layers: num('model.layers'),
    activation: c['model.activation'] as Activation,
    sparseEmbedding: c['optimizer.sparse_embedding'] === true,
    epochs: num('training.epochs'),
    finetune: readFinetuneSettings(c)
  }
}
