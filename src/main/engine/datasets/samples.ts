import { writeFile } from 'node:fs/promises'
import { Rng } from '../random'

/**
 * Seeded Gaussian blobs: k class centres in f dimensions, unit-variance noise around each. The
 * separation is the typical distance between two centres in noise standard deviations, so 4–6
 * gives an easy task and 1–2 a hard one; the nearest-centre accuracy measured on the drawn rows
 * tells how learnable the sample is.
 */
export interface BlobsOptions {
  rows: number
  features: number
  classes: number
  separation?: number
  seed?: number
}

export interface Blobs {
  x: Float64Array
  y: Int32Array
  centres: Float64Array
  /** Share of rows closer to their own centre than to any other: near the best possible accuracy. */
  nearestCentreAccuracy: number
}

export function generateBlobs({ rows, features, classes, separation = 5, seed = 1 }: BlobsOptions): Blobs {
  if (rows < 1 || features < 1 || classes < 2) throw new Error('blobs need rows ≥ 1, features ≥ 1 and classes ≥ 2')
  const rng = new Rng(seed)
  // Two centres with per-axis spread s lie s·√(2f) apart on average.
  const spread = separation / Math.sqrt(2 * features)
  const centres = Float64Array.from({ length: classes * features }, () => rng.normal() * spread)
  const x = new Float64Array(rows * features)
  const y = new Int32Array(rows)
  let nearest = 0
  for (let r = 0; r < rows; r++) {
    const k = rng.int(classes)
    y[r] = k
    for (let j = 0; j < features; j++) x[r * features + j] = centres[k * features + j] + rng.normal()
    let best = -1
    let bestDist = Infinity
    for (let c = 0; c < classes; c++) {
      let d = 0
      for (let j = 0; j < features; j++) d += (x[r * features + j] - centres[c * features + j]) ** 2
      if (d < bestDist) [best, bestDist] = [c, d]
    }
    if (best === k) nearest++
  }
  return { x, y, centres, nearestCentreAccuracy: nearest / rows }
}

/** Writes blobs as CSV: columns f1..fN then `label` (0..k-1), values to 6 significant digits. */
export async function writeBlobsCsv(path: string, options: BlobsOptions): Promise<Blobs> {
  const blobs = generateBlobs(options)
  const { features } = options
  const lines = [[...Array.from({ length: features }, (_, j) => `f${j + 1}`), 'label'].join(',')]
  for (let r = 0; r < options.rows; r++) {
    const row = Array.from(blobs.x.subarray(r * features, (r + 1) * features), (v) => Number(v.toPrecision(6)))
    lines.push(`${row.join(',')},${blobs.y[r]}`)
  }
  await writeFile(path, `${lines.join('\n')}\n`)
  return blobs
}
