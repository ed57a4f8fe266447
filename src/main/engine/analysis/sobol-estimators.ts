/**
 * The Sobol index estimators on a Saltelli table, without allocation per row: first order after
 * Saltelli et al. (2010), total order after Jansen (1999), second order as SALib computes it. The
 * output `y` must already be centred; `rows` picks base rows (a bootstrap resample) or, when null,
 * takes `count` consecutive base rows from `first`.
 */
export interface EstimatorLayout {
  dims: number
  step: number
  secondOrder: boolean
}

/** Number of estimates one call writes: S1 (d), ST (d), then S2 for each pair j < k. */
export function estimateCount(layout: EstimatorLayout): number {
  const d = layout.dims
  return 2 * d + (layout.secondOrder ? (d * (d - 1)) / 2 : 0)
}

export function estimateIndices(
  y: Float64Array,
  layout: EstimatorLayout,
  rows: Uint32Array | null,
  first: number,
  count: number,
  out: Float64Array,
  work: Float64Array
): void {
  const { dims: d, step, secondOrder } = layout
  const pairs = secondOrder ? (d * (d - 1)) / 2 : 0
  // work = [Σ B(AB_j − A) (d) | Σ (A − AB_j)² (d) | Σ (BA_j·AB_k − A·B) (pairs)]
  work.fill(0, 0, 2 * d + pairs)
  let sum = 0
  let sumSq = 0
  for (let i = 0; i < count; i++) {
    const o = (rows ? rows[i] : first + i) * step
    const a = y[o]
    const b = y[o + step - 1]
    sum += a + b
    sumSq += a * a + b * b
    for (let j = 0; j < d; j++) {
      const ab = y[o + 1 + j]
      work[j] += b * (ab - a)
      work[d + j] += (a - ab) * (a - ab)
    }
    if (secondOrder) {
      let p = 2 * d
      for (let j = 0; j < d; j++) {
        const ba = y[o + 1 + d + j]
        for (let k = j + 1; k < d; k++) work[p++] += ba * y[o + 1 + k] - a * b
      }
    }
  }
  const m = sum / (2 * count)
  const v = sumSq / (2 * count) - m * m
  for (let j = 0; j < d; j++) {
    out[j] = work[j] / count / v
    out[d + j] = (0.5 * work[d + j]) / count / v
  }
  let p = 2 * d
  for (let j = 0; j < d; j++)
    for (let k = j + 1; k < d; k++, p++) out[p] = work[p] / count / v - out[j] - out[k]
}
