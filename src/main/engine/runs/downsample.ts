/**
 * Downsampling of one metric series to about a chart's pixel width: Largest-Triangle-Three-Buckets
 * (Steinarsson 2013) picks the point of each bucket that keeps the curve's shape, and beside it the
 * bucket's min and max (an envelope), so a one-step spike that LTTB passes over still shows as a
 * band. First and last points are always kept, and so are the series' global minimum and maximum.
 * Non-finite values (a diverged step, NaN or ±Inf) are never dropped silently: each bucket that
 * holds one yields a gap point (y = null) at the x of its first non-finite value.
 */

export interface Downsampled {
  x: number[]
  /** The picked value; null marks a gap (a non-finite value in the bucket). */
  y: Array<number | null>
  /** The finite extremes of the bucket the point stands for; null for a gap. */
  min: Array<number | null>
  max: Array<number | null>
}

interface Bucket {
  start: number
  end: number
}

/** Downsamples `x`/`y` (x ascending, same length) to about `width` points (at least 3). */
export function downsample(x: ArrayLike<number>, y: ArrayLike<number>, width: number): Downsampled {
  const n = x.length
  const out: Downsampled = { x: [], y: [], min: [], max: [] }
  const target = Math.max(3, Math.floor(width))
  if (n <= target) {
    for (let i = 0; i < n; i++) push(out, x[i], y[i], y[i], y[i])
    return out
  }
  const buckets = makeBuckets(n, target)
  const [globalMin, globalMax] = extremeIndexes(y)
  let previous = 0
  for (let b = 0; b < buckets.length; b++) {
    const { start, end } = buckets[b]
    let pick: number[]
    if (b === 0 || b === buckets.length - 1) pick = [start]
    else {
      pick = [lttbPick(x, y, start, end, previous, buckets[b + 1])]
      // The series' own extremes stay as points (the envelope alone would keep only their band).
      for (const g of [globalMin, globalMax]) if (g >= start && g < end && !pick.includes(g)) pick.push(g)
      pick.sort((a, c) => a - c)
    }
    emitBucket(out, x, y, start, end, pick)
    if (Number.isFinite(y[pick[pick.length - 1]])) previous = pick[pick.length - 1]
  }
  return out
}

/** The first and last points alone; the n - 2 points between them in target - 2 buckets of near-equal size. */
function makeBuckets(n: number, target: number): Bucket[] {
  const inner = target - 2
  const size = (n - 2) / inner
  const buckets: Bucket[] = [{ start: 0, end: 1 }]
  for (let b = 0; b < inner; b++) buckets.push({ start: 1 + Math.floor(b * size), end: 1 + Math.floor((b + 1) * size) })
  buckets.push({ start: n - 1, end: n })
  return buckets
}

/** The point of [start, end) that makes the largest triangle with the previous pick and the next bucket's mean. */
function lttbPick(x: ArrayLike<number>, y: ArrayLike<number>, start: number, end: number, previous: number, next: Bucket): number {
  let sx = 0
  let sy = 0
  let count = 0
  for (let i = next.start; i < next.end; i++) {
    if (!Number.isFinite(y[i])) continue
    sx += x[i]
    sy += y[i]
    count++
  }
  const ax = x[previous]
  const ay = Number.isFinite(y[previous]) ? y[previous] : 0
  // A next bucket of gaps only: its mid x at the previous height, so the pick follows x alone.
  const cx = count > 0 ? sx / count : (x[next.start] + x[next.end - 1]) / 2
  const cy = count > 0 ? sy / count : ay
  let best = -1
  let bestArea = -1
  for (let i = start; i < end; i++) {
    if (!Number.isFinite(y[i])) continue
    const area = Math.abs((ax - cx) * (y[i] - ay) - (ax - x[i]) * (cy - ay))
    if (area > bestArea) {
      bestArea = area
      best = i
    }
  }
  return best === -1 ? start : best
}

function extremeIndexes(y: ArrayLike<number>): [number, number] {
  let lo = -1
  let hi = -1
  for (let i = 0; i < y.length; i++) {
    const v = y[i]
    if (!Number.isFinite(v)) continue
    if (lo === -1 || v < y[lo]) lo = i
    if (hi === -1 || v > y[hi]) hi = i
  }
  return [lo, hi]
}

/** The picked points of one bucket with its envelope, and a gap point where the bucket holds a non-finite value. */
function emitBucket(out: Downsampled, x: ArrayLike<number>, y: ArrayLike<number>, start: number, end: number, pick: number[]): void {
  let lo = Infinity
  let hi = -Infinity
  let gap = -1
  for (let i = start; i < end; i++) {
    const v = y[i]
    if (Number.isFinite(v)) {
      if (v < lo) lo = v
      if (v > hi) hi = v
    } else if (gap === -1) gap = i
  }
  const finitePicks = pick.filter((i) => Number.isFinite(y[i]))
  let emittedGap = gap === -1
  for (const i of finitePicks) {
    if (!emittedGap && gap < i) {
      push(out, x[gap], Number.NaN, Number.NaN, Number.NaN)
      emittedGap = true
    }
    push(out, x[i], y[i], lo, hi)
  }
  if (!emittedGap) push(out, x[gap], Number.NaN, Number.NaN, Number.NaN)
}

function push(out: Downsampled, x: number, y: number, min: number, max: number): void {
  out.x.push(x)
  out.y.push(Number.isFinite(y) ? y : null)
  out.min.push(Number.isFinite(min) ? min : null)
  out.max.push(Number.isFinite(max) ? max : null)
}

/**
 * Each step's epoch from a run's `epoch` series (HF's Trainer logs one): linear between its points,
 * in proportion to the step outside them. `steps` ascending; `epochSteps` ascending.
 */
export function stepsToEpochs(steps: ArrayLike<number>, epochSteps: ArrayLike<number>, epochs: ArrayLike<number>): number[] {
  const out: number[] = new Array<number>(steps.length)
  const m = epochSteps.length
  let k = 0
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]
    while (k < m - 1 && epochSteps[k + 1] <= s) k++
    if (s <= epochSteps[0]) out[i] = epochSteps[0] > 0 ? (epochs[0] * s) / epochSteps[0] : epochs[0]
    else if (k >= m - 1) out[i] = epochSteps[m - 1] > 0 ? (epochs[m - 1] * s) / epochSteps[m - 1] : epochs[m - 1]
    else {
      const t = (s - epochSteps[k]) / (epochSteps[k + 1] - epochSteps[k])
      out[i] = epochs[k] + t * (epochs[k + 1] - epochs[k])
    }
  }
  return out
}
