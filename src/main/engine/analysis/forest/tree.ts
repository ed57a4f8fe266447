import type { Rng } from '../../random'
import type { Binned } from './bins'

/**
 * One CART regression tree over binned features, stored in flat typed arrays. A numeric split
 * sends bins <= `split` left; a categorical split sends the levels in `catLeft` left. Categorical
 * levels are ordered by their mean target in the node and cut like an ordered feature, which finds
 * the best of all 2^(L-1) subset splits for squared error (Breiman et al. 1984, §9.4) in L log L.
 */
export interface Tree {
  nodes: number
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array
  split: Int32Array
  catLeft: (Uint8Array | null)[]
  left: Int32Array
  right: Int32Array
  value: Float64Array
}

export interface TreeOptions {
  /** Features tried per split (at least this many that vary in the node). */
  mtry: number
  /** Least in-bag weight (bootstrap count) in a leaf. */
  minLeaf: number
  maxDepth: number
}

/** Grows a tree on the rows with positive weight (bootstrap counts). */
export function growTree(data: Binned, weight: Float64Array, opt: TreeOptions, rng: Rng): Tree {
  const { features, y } = data
  const p = features.length
  let m = 0
  for (let i = 0; i < weight.length; i++) if (weight[i] > 0) m++
  const idx = new Uint32Array(m)
  for (let i = 0, k = 0; i < weight.length; i++) if (weight[i] > 0) idx[k++] = i

  const cap = 2 * m + 1
  const t: Tree = {
    nodes: 0,
    feature: new Int32Array(cap).fill(-1),
    split: new Int32Array(cap),
    catLeft: [],
    left: new Int32Array(cap),
    right: new Int32Array(cap),
    value: new Float64Array(cap)
  }
  let maxBins = 0
  for (const f of features) maxBins = Math.max(maxBins, f.nBins)
  const hw = new Float64Array(maxBins)
  const hs = new Float64Array(maxBins)
  const mark = new Int32Array(maxBins)
  const touched = new Int32Array(maxBins)
  const order = Int32Array.from({ length: p }, (_, j) => j)
  let stamp = 0

  const stack: [number, number, number, number][] = [[t.nodes++, 0, m, 0]]
  while (stack.length > 0) {
    const [node, start, end, depth] = stack.pop() as [number, number, number, number]
    let W = 0
    let S = 0
    for (let i = start; i < end; i++) {
      W += weight[idx[i]]
      S += weight[idx[i]] * y[idx[i]]
    }
    t.value[node] = S / W
    t.catLeft[node] = null
    if (depth >= opt.maxDepth || W < 2 * opt.minLeaf) continue

    const parent = (S * S) / W
    let bestGain = parent + 1e-12 * Math.abs(parent) + 1e-300
    let bestF = -1
    let bestSplit = -1
    let bestSet: Uint8Array | null = null
    let tried = 0
    for (let k = 0; k < p && tried < opt.mtry; k++) {
      // Partial Fisher–Yates: the k-th candidate is a fresh random feature.
      const r = k + rng.int(p - k)
      const f = order[r]
      order[r] = order[k]
      order[k] = f
      const codes = features[f].codes
      stamp++
      let nt = 0
      for (let i = start; i < end; i++) {
        const row = idx[i]
        const b = codes[row]
        if (mark[b] !== stamp) {
          mark[b] = stamp
          hw[b] = 0
          hs[b] = 0
          touched[nt++] = b
        }
        hw[b] += weight[row]
        hs[b] += weight[row] * y[row]
      }
      if (nt < 2) continue
      tried++
      // Numeric bins in their order (native typed-array sort); levels by mean target.
      const bins: ArrayLike<number> =
        features[f].kind === 'numeric' ? touched.subarray(0, nt).sort() : Array.from(touched.subarray(0, nt)).sort((a, b) => hs[a] / hw[a] - hs[b] / hw[b])
      let wl = 0
      let sl = 0
      for (let q = 0; q < nt - 1; q++) {
        wl += hw[bins[q]]
        sl += hs[bins[q]]
        const wr = W - wl
        if (wl < opt.minLeaf || wr < opt.minLeaf) continue
        const gain = (sl * sl) / wl + ((S - sl) * (S - sl)) / wr
        if (gain > bestGain) {
          bestGain = gain
          bestF = f
          if (features[f].kind === 'numeric') {
            bestSplit = bins[q]
            bestSet = null
          } else {
            bestSplit = -1
            bestSet = new Uint8Array(features[f].nBins)
            for (let u = 0; u <= q; u++) bestSet[bins[u]] = 1
          }
        }
      }
    }
    if (bestF < 0) continue

    const codes = features[bestF].codes
    const goesLeft = (row: number): boolean => (bestSet ? bestSet[codes[row]] === 1 : codes[row] <= bestSplit)
    let lo = start
    let hi = end - 1
    while (lo <= hi) {
      if (goesLeft(idx[lo])) lo++
      else {
        const tmp = idx[lo]
        idx[lo] = idx[hi]
        idx[hi--] = tmp
      }
    }
    t.feature[node] = bestF
    t.split[node] = bestSplit
    t.catLeft[node] = bestSet
    t.left[node] = t.nodes++
    t.right[node] = t.nodes++
    stack.push([t.left[node], start, lo, depth + 1], [t.right[node], lo, end, depth + 1])
  }
  return t
}

/** Prediction for one point given as bin codes, read through `code(j)`. */
export function predictCodes(t: Tree, code: (feature: number) => number): number {
  let node = 0
  while (t.feature[node] >= 0) {
    const f = t.feature[node]
    const c = code(f)
    const set = t.catLeft[node]
    node = (set ? set[c] === 1 : c <= t.split[node]) ? t.left[node] : t.right[node]
  }
  return t.value[node]
}
