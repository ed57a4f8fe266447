import { AppError } from '../../../../shared/errors'
import { classIndices, readNumericCsv } from '../../datasets/numeric'
import { featureStats, holdOutSplit } from '../../datasets/split'

/** One part of the split, standardised and typed for the graph: x [rows, features], int64 labels. */
export interface Part {
  rows: number
  x: Float32Array
  y: BigInt64Array
}

export interface PreparedData {
  features: number
  classes: string[]
  train: Part
  val: Part
}

function gather(x: Float64Array, f: number, labels: BigInt64Array, rows: Uint32Array, mean: Float64Array, std: Float64Array): Part {
  const out = new Float32Array(rows.length * f)
  const y = new BigInt64Array(rows.length)
  rows.forEach((r, i) => {
    for (let j = 0; j < f; j++) out[i * f + j] = (x[r * f + j] - mean[j]) / std[j]
    y[i] = labels[r]
  })
  return { rows: rows.length, x: out, y }
}

/**
 * Reads the CSV, splits it by seed, standardises every feature with training-part statistics
 * (so nothing of the validation part leaks into training) and maps targets to class indices.
 */
export async function prepareData(path: string, target: string, valFraction: number, seed: number): Promise<PreparedData> {
  const table = await readNumericCsv(path, { target })
  const { classes, labels } = classIndices(table.y)
  if (classes.length < 2) {
    const message = `column "${table.targetName}" holds a single value; a classifier needs two classes or more`
    throw new AppError('DATASET_INVALID', message, { issues: [{ field: 'data.target', message }] })
  }
  const split = holdOutSplit(table.rows, valFraction, seed)
  if (split.train.length < 1 || split.val.length < 1) {
    const message = `${table.rows} rows split at ${valFraction} leave an empty training or validation part`
    throw new AppError('INVALID_CONFIG', message, { issues: [{ field: 'data.val_fraction', message }] })
  }
  const f = table.featureNames.length
  const { mean, std } = featureStats(table.x, f, split.train)
  return {
    features: f,
    classes,
    train: gather(table.x, f, labels, split.train, mean, std),
    val: gather(table.x, f, labels, split.val, mean, std)
  }
}
