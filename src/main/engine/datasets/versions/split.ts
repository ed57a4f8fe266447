import { permutation, Rng } from '../../random'

/** Row counts of a hold-out split; validation gets round(rows × fraction). */
export function splitSizes(rows: number, valFraction: number): { train: number; val: number } {
  const val = Math.round(rows * valFraction)
  return { train: rows - val, val }
}

/** A seeded hold-out split: row indices of the training and validation parts. */
export function holdOutSplit(rows: number, valFraction: number, seed: number): { train: Uint32Array; val: Uint32Array } {
  const order = permutation(rows, new Rng(seed))
  const { val } = splitSizes(rows, valFraction)
  return { val: order.slice(0, val), train: order.slice(val) }
}

/** Per-feature mean and standard deviation over the given rows (std 1 for constant columns). */
export function featureStats(x: Float64Array, features: number, rows: Uint32Array): { mean: Float64Array; std: Float64Array } {
  const mean = new Float64Array(features)
  const std = new Float64Array(features)
  for (const r of rows) for (let j = 0; j < features; j++) mean[j] += x[r * features + j]
  for (let j = 0; j < features; j++) mean[j] /= Math.max(1, rows.length)
  for (const r of rows) {
    for (let j = 0; j < features; j++) {
      const d = x[r * features + j] - mean[j]
      std[j] += d * d
    }
  }
  for (let j = 0; j < features; j++) {
    const s = Math.sqrt(std[j] / Math.max(1, rows.length))
    // A constant column would divide by zero; leaving it centred (all zeros) is harmless.
    std[j] = s > 1e-12 ? s : 1
  }
  return { mean, std }
}
