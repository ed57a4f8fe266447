import type { Binned } from './bins'
import type { Tree } from './tree'
import { partitionTree, type Partition } from './tree-partition'

/**
 * Functional ANOVA of one tree (Hutter, Hoos & Leyton-Brown 2014): the tree is constant on the
 * boxes of its partition, so each marginal E[f | x_U] over the product measure of the parameters
 * is an exact finite sum over leaves. Main effects and pairwise interactions come out as raw
 * fractions of the tree's variance.
 */
export interface TreeDecomposition {
  variance: number
  /** V_j / V per feature. */
  main: Float64Array
  /** V_jk / V for j < k, at index j * p + k. */
  pair: Float64Array
}

/** Marginal of one feature on its cells: f_j(c) = Σ_leaves covering c of v · W / frac_j. */
function marginal1(part: Partition, j: number, p: number): Float64Array {
  const cells = part.cellWeight[j].length
  const diff = new Float64Array(cells + 1)
  for (let l = 0; l < part.leaves; l++) {
    const a = (part.value[l] * part.leafWeight[l]) / part.frac[l * p + j]
    const s = part.segs[l * p + j]
    for (let r = 0; r < s.length; r += 2) {
      diff[s[r]] += a
      diff[s[r + 1] + 1] -= a
    }
  }
  const out = new Float64Array(cells)
  let run = 0
  for (let c = 0; c < cells; c++) out[c] = run += diff[c]
  return out
}

/** Marginal of a pair on its cell grid, by 2-D difference arrays (rectangles added in O(1)). */
function marginal2(part: Partition, j: number, k: number, p: number): Float64Array {
  const cj = part.cellWeight[j].length
  const ck = part.cellWeight[k].length
  const stride = ck + 1
  const diff = new Float64Array((cj + 1) * stride)
  for (let l = 0; l < part.leaves; l++) {
    const b = (part.value[l] * part.leafWeight[l]) / (part.frac[l * p + j] * part.frac[l * p + k])
    const sj = part.segs[l * p + j]
    const sk = part.segs[l * p + k]
    for (let r = 0; r < sj.length; r += 2) {
      const a0 = sj[r]
      const a1 = sj[r + 1] + 1
      for (let q = 0; q < sk.length; q += 2) {
        const b0 = sk[q]
        const b1 = sk[q + 1] + 1
        diff[a0 * stride + b0] += b
        diff[a1 * stride + b0] -= b
        diff[a0 * stride + b1] -= b
        diff[a1 * stride + b1] += b
      }
    }
  }
  for (let a = 0; a <= cj; a++) for (let c = 1; c <= ck; c++) diff[a * stride + c] += diff[a * stride + c - 1]
  for (let a = 1; a <= cj; a++) for (let c = 0; c <= ck; c++) diff[a * stride + c] += diff[(a - 1) * stride + c]
  const out = new Float64Array(cj * ck)
  for (let a = 0; a < cj; a++) for (let c = 0; c < ck; c++) out[a * ck + c] = diff[a * stride + c]
  return out
}

export function decomposeTree(tree: Tree, data: Binned, withPairs: boolean): TreeDecomposition {
  const p = data.features.length
  const part = partitionTree(tree, data)
  let f0 = 0
  let f2 = 0
  for (let l = 0; l < part.leaves; l++) {
    f0 += part.leafWeight[l] * part.value[l]
    f2 += part.leafWeight[l] * part.value[l] * part.value[l]
  }
  const variance = Math.max(0, f2 - f0 * f0)
  const main = new Float64Array(p)
  const pair = new Float64Array(p * p)
  if (!(variance > 1e-300)) return { variance: 0, main, pair }

  const marg: (Float64Array | null)[] = []
  for (let j = 0; j < p; j++) {
    if (part.cellWeight[j].length < 2) {
      marg.push(null)
      continue
    }
    const m = marginal1(part, j, p)
    const w = part.cellWeight[j]
    let v = 0
    for (let c = 0; c < m.length; c++) v += w[c] * (m[c] - f0) ** 2
    main[j] = v / variance
    marg.push(m)
  }
  if (withPairs) {
    for (let j = 0; j < p; j++) {
      const mj = marg[j]
      if (!mj) continue
      for (let k = j + 1; k < p; k++) {
        const mk = marg[k]
        if (!mk) continue
        const g = marginal2(part, j, k, p)
        const wj = part.cellWeight[j]
        const wk = part.cellWeight[k]
        let v = 0
        for (let a = 0; a < mj.length; a++) {
          for (let c = 0; c < mk.length; c++) v += wj[a] * wk[c] * (g[a * mk.length + c] - mj[a] - mk[c] + f0) ** 2
        }
        pair[j * p + k] = v / variance
      }
    }
  }
  return { variance, main, pair }
}
