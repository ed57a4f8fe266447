import { Rng } from '../../random'
import { encodeTable } from '../encode'
import type { ResultTable } from '../table'
import { binFeatures, type Binned } from './bins'
import { growTree, type Tree } from './tree'

export interface ForestOptions {
  trees?: number
  /** Features tried per split; default all of them, as fANOVA's forest does: forcing splits on
   *  irrelevant parameters would put spurious variance on them. */
  mtry?: number
  /** Least bootstrap weight in a leaf; 5 keeps leaves from chasing single noisy trials. */
  minLeaf?: number
  maxDepth?: number
  seed?: number
  /** Most atoms per numeric parameter. */
  maxBins?: number
}

export interface Forest {
  data: Binned
  trees: Tree[]
  /** Out-of-bag R²: the share of the target's variance the forest predicts on trials it did not see. */
  oobR2: number
  /** Trials that were out of bag for at least one tree (the OOB R² is over these). */
  oobN: number
  seed: number
  options: Required<Omit<ForestOptions, 'seed'>>
}

/** Below this out-of-bag R² the forest explains under half the variance, and its decomposition
 *  describes the forest more than the data: we say so next to the result. */
export const LOW_OOB_R2 = 0.5

/** Routes row `row` of the training data down a tree. */
export function predictRow(t: Tree, data: Binned, row: number): number {
  let node = 0
  while (t.feature[node] >= 0) {
    const c = data.features[t.feature[node]].codes[row]
    const set = t.catLeft[node]
    node = (set ? set[c] === 1 : c <= t.split[node]) ? t.left[node] : t.right[node]
  }
  return t.value[node]
}

export function fitForestBinned(data: Binned, options: ForestOptions = {}): Forest {
  const p = data.features.length
  const opt = {
    trees: options.trees ?? 64,
    mtry: Math.min(p, options.mtry ?? p),
    minLeaf: options.minLeaf ?? 5,
    maxDepth: options.maxDepth ?? 40,
    maxBins: options.maxBins ?? 256
  }
  const seed = options.seed ?? 0
  const rng = new Rng(seed)
  const n = data.n
  const oobSum = new Float64Array(n)
  const oobCount = new Uint32Array(n)
  const trees: Tree[] = []
  const weight = new Float64Array(n)
  for (let k = 0; k < opt.trees; k++) {
    weight.fill(0)
    for (let i = 0; i < n; i++) weight[rng.int(n)]++
    const tree = growTree(data, weight, opt, rng)
    trees.push(tree)
    for (let i = 0; i < n; i++) {
      if (weight[i] > 0) continue
      oobSum[i] += predictRow(tree, data, i)
      oobCount[i]++
    }
  }
  let m = 0
  let ybar = 0
  for (let i = 0; i < n; i++) if (oobCount[i] > 0) {
    m++
    ybar += data.y[i]
  }
  ybar /= m
  let sse = 0
  let sst = 0
  for (let i = 0; i < n; i++) {
    if (oobCount[i] === 0) continue
    sse += (data.y[i] - oobSum[i] / oobCount[i]) ** 2
    sst += (data.y[i] - ybar) ** 2
  }
  const oobR2 = m > 1 && sst > 0 ? 1 - sse / sst : NaN
  return { data, trees, oobR2, oobN: m, seed, options: opt }
}

/** Fits a seeded forest on a results table, each parameter in its own measure. */
export function fitForest(table: ResultTable, options: ForestOptions = {}): Forest {
  return fitForestBinned(binFeatures(encodeTable(table), options.maxBins ?? 256), options)
}
