import { msg, type CodedMessage } from '../../../../shared/messages'
import { AppError, codedIssue } from '../../../../shared/errors'
import { readMixedTable } from '../../datasets/readers/mixed'
import { classIndices, type NumericTable } from '../../datasets/readers/numeric'
import { featureStats, holdOutSplit } from '../../datasets/versions/split'
import { trainValRows, type VersionSource } from '../../datasets/versions/version-data'
import type { Part, Task } from '../common/part'
import { encodedNames, encodeRows, fitPreprocessing, type PreprocessOptions, type Preprocessing } from '../common/preprocess'
import { handleMissing, readVersionRows, type RawRows } from './raw-table'

export type TaskSetting = 'auto' | Task

export interface PreparedData {
  task: Task
  features: number
  /** Class names (classification); empty for regression. */
  classes: string[]
  /** Output width of the model: the class count, or 1 target. */
  outputs: number
  /** Training-part mean and standard deviation of a regression target (0 and 1 for classification). */
  targetMean: number
  targetStd: number
  /** Feature names and their training-part mean and standard deviation, which an exported model applies itself. */
  featureNames: string[]
  featureMean: Float64Array
  featureStd: Float64Array
  train: Part
  val: Part
  /** How the raw columns became the features (absent for a dataset version, whose features are numeric). */
  preprocessing?: Preprocessing
  /** What the preprocessing did, for the run log. */
  preprocessLog?: CodedMessage[]
}

/** The encoding of the run a fine-tuning starts from, which its weights expect. */
export interface Inherited {
  runId: number
  plan: Preprocessing
}

function reuse({ runId, plan }: Inherited, raw: RawRows): { plan: Preprocessing; log: CodedMessage[] } {
  const theirs = plan.columns.map((c) => c.name).join(', ')
  const ours = raw.columns.map((c) => c.name).join(', ')
  if (theirs !== ours) {
    throw invalid('INVALID_CONFIG', 'finetune.from_run', msg('trainer.fromRunColumns', { id: runId, theirs, ours }))
  }
  return { plan, log: [msg('log.encodedAsRun', { id: runId })] }
}

/** Defaults for a caller that does not say: one-hot, median filling. */
export const DEFAULT_PREPROCESS: PreprocessOptions = { categorical: 'one_hot', maxLevels: 20, missing: 'median', indicator: false }

/** More distinct whole-number values than this make an automatic task regression. */
const MAX_AUTO_CLASSES = 20
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * The task for a target column: as asked, or for `auto` regression when every value is a number
 * and some are fractions or there are more than 20 distinct values; classification otherwise.
 */
export function inferTask(y: string[], setting: TaskSetting): Task {
  if (setting !== 'auto') return setting
  if (!y.every((v) => NUMBER.test(v))) return 'classification'
  const values = y.map(Number)
  if (values.some((v) => !Number.isInteger(v))) return 'regression'
  return new Set(values).size > MAX_AUTO_CLASSES ? 'regression' : 'classification'
}

function gather(x: Float64Array, f: number, rows: Uint32Array, mean: Float64Array, std: Float64Array): Float32Array {
  const out = new Float32Array(rows.length * f)
  rows.forEach((r, i) => {
    for (let j = 0; j < f; j++) out[i * f + j] = (x[r * f + j] - mean[j]) / std[j]
  })
  return out
}

function invalid(code: 'DATASET_INVALID' | 'INVALID_CONFIG', field: string, message: CodedMessage): AppError {
  return AppError.coded(code, message, { issues: [codedIssue(field, message)] })
}

/**
 * Reads the table (CSV, TSV, JSON Lines or Parquet, through the dataset readers), handles missing
 * numeric cells as `data.missing` says (refusing or dropping rows before the split), splits it by
 * seed, and prepares it (see `preparePreprocessed`).
 */
export async function prepareData(
  path: string,
  target: string,
  valFraction: number,
  seed: number,
  taskSetting: TaskSetting = 'auto',
  options: PreprocessOptions = DEFAULT_PREPROCESS,
  inherited?: Inherited
): Promise<PreparedData> {
  const file = await readMixedTable(path, { target })
  const log: CodedMessage[] = []
  const raw = handleMissing(file, options, log)
  const split = holdOutSplit(raw.rows, valFraction, seed)
  if (split.train.length < 1 || split.val.length < 1) {
    throw invalid('INVALID_CONFIG', 'data.val_fraction', msg('trainer.splitLeavesEmpty', { rows: raw.rows, fraction: valFraction }))
  }
  return preparePreprocessed(raw, file.targetName, split, taskSetting, options, log, inherited)
}

/**
 * Learns the one-hot levels and fill values from the training part, encodes every row with them,
 * then standardises and types the table (`prepareTable`), so nothing of the validation part leaks
 * into training.
 */
function preparePreprocessed(
  raw: RawRows,
  targetName: string,
  split: { train: Uint32Array; val: Uint32Array },
  taskSetting: TaskSetting,
  options: PreprocessOptions,
  log: CodedMessage[],
  inherited?: Inherited
): PreparedData {
  const fitted = inherited ? reuse(inherited, raw) : fitPreprocessing(raw.columns, split.train, options)
  const table = { featureNames: encodedNames(fitted.plan), targetName, rows: raw.rows, x: encodeRows(fitted.plan, raw.columns, raw.rows), y: raw.y }
  if (table.featureNames.length === 0) throw invalid('DATASET_INVALID', 'data.categorical', msg('trainer.noFeatureLeft'))
  return { ...prepareTable(table, split, taskSetting), preprocessing: fitted.plan, preprocessLog: [...log, ...fitted.log] }
}

/** Standardises and types a table already split (a file by `data.val_fraction`, or a dataset version). */
export function prepareTable(table: Omit<NumericTable, 'file'>, split: { train: Uint32Array; val: Uint32Array }, taskSetting: TaskSetting): PreparedData {
  const task = inferTask(table.y, taskSetting)
  const f = table.featureNames.length
  const { mean, std } = featureStats(table.x, f, split.train)
  const part = (rows: Uint32Array, y: Part['y']): Part => ({ rows: rows.length, x: gather(table.x, f, rows, mean, std), y })
  const features = { featureNames: table.featureNames, featureMean: mean, featureStd: std }
  if (task === 'regression') {
    const bad = table.y.findIndex((v) => !NUMBER.test(v))
    if (bad >= 0) throw invalid('DATASET_INVALID', 'data.task', msg('trainer.regressionNotNumeric', { column: table.targetName, value: JSON.stringify(table.y[bad]) }))
    const values = Float64Array.from(table.y, Number)
    const stats = featureStats(values, 1, split.train)
    const [m, s] = [stats.mean[0], stats.std[0]]
    const targets = (rows: Uint32Array): Float32Array => Float32Array.from(rows, (r) => (values[r] - m) / s)
    return { task, features: f, classes: [], outputs: 1, targetMean: m, targetStd: s, ...features, train: part(split.train, targets(split.train)), val: part(split.val, targets(split.val)) }
  }
  const { classes, labels } = classIndices(table.y)
  if (classes.length < 2) {
    throw invalid('DATASET_INVALID', 'data.target', msg('trainer.singleClass', { column: table.targetName }))
  }
  const picked = (rows: Uint32Array): BigInt64Array => BigInt64Array.from(rows, (r) => labels[r])
  return {
    task,
    features: f,
    classes,
    outputs: classes.length,
    targetMean: 0,
    targetStd: 1,
    ...features,
    train: part(split.train, picked(split.train)),
    val: part(split.val, picked(split.val))
  }
}

/** A run on a dataset version: its columns, its task and its recorded split (hold-out, or k-fold validating on `fold`). */
export async function prepareVersionData(source: VersionSource, fold = 0, options: PreprocessOptions = DEFAULT_PREPROCESS, inherited?: Inherited): Promise<PreparedData> {
  const log: CodedMessage[] = []
  const raw = handleMissing(await readVersionRows(source), options, log)
  const split = trainValRows(raw.part!, source.split, fold)
  return preparePreprocessed(raw, source.target ?? '', split, source.task === 'regression' ? 'regression' : 'classification', options, log, inherited)
}
