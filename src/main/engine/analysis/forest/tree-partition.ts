import type { Binned } from './bins'
import type { Tree } from './tree'

/**
 * A tree's partition of the parameter space, ready for functional ANOVA: per feature the cells its
 * splits cut the atoms into, and per leaf its box as runs of cells with the box's measure.
 */
export interface Partition {
  /** Per feature: cell index of each atom, and each cell's measure. One cell = not split on. */
  cellOf: Int32Array[]
  cellWeight: Float64Array[]
  leaves: number
  value: Float64Array
  /** Measure of each leaf's box: product over features of `frac`. */
  leafWeight: Float64Array
  /** frac[l * p + j]: measure of leaf l's box along feature j. */
  frac: Float64Array
  /** segs[l * p + j]: runs [from, to] (inclusive, in cells) covering leaf l's box along feature j. */
  segs: Int32Array[]
}

export function partitionTree(t: Tree, data: Binned): Partition {
  const feats = data.features
  const p = feats.length
  // Cuts: for a numeric split at bin s, a new cell starts at s + 1; a categorical split used at
  // all makes every level its own cell.
  const cuts = feats.map(() => new Set<number>())
  const catUsed = new Uint8Array(p)
  for (let node = 0; node < t.nodes; node++) {
    const f = t.feature[node]
    if (f < 0) continue
    if (t.catLeft[node]) catUsed[f] = 1
    else cuts[f].add(t.split[node] + 1)
  }
  const cellOf: Int32Array[] = []
  const cellWeight: Float64Array[] = []
  for (let j = 0; j < p; j++) {
    const nb = feats[j].nBins
    const map = new Int32Array(nb)
    let cell = 0
    for (let b = 0; b < nb; b++) {
      if (b > 0 && (catUsed[j] === 1 || cuts[j].has(b))) cell++
      map[b] = cell
    }
    const w = new Float64Array(cell + 1)
    for (let b = 0; b < nb; b++) w[map[b]] += feats[j].weight[b]
    cellOf.push(map)
    cellWeight.push(w)
  }

  const value: number[] = []
  const leafWeight: number[] = []
  const frac: number[] = []
  const segs: Int32Array[] = []
  // Depth-first walk carrying each node's box: an atom mask per feature.
  const rootBox = feats.map((f) => new Uint8Array(f.nBins).fill(1))
  const stack: [number, Uint8Array[]][] = [[0, rootBox]]
  while (stack.length > 0) {
    const [node, box] = stack.pop() as [number, Uint8Array[]]
    const f = t.feature[node]
    if (f >= 0) {
      const leftBox = box.slice()
      const rightBox = box.slice()
      const l = box[f].slice()
      const r = box[f].slice()
      const set = t.catLeft[node]
      for (let b = 0; b < l.length; b++) {
        const goesLeft = set ? set[b] === 1 : b <= t.split[node]
        if (goesLeft) r[b] = 0
        else l[b] = 0
      }
      leftBox[f] = l
      rightBox[f] = r
      stack.push([t.left[node], leftBox], [t.right[node], rightBox])
      continue
    }
    let w = 1
    for (let j = 0; j < p; j++) {
      const mask = box[j]
      let fj = 0
      const runs: number[] = []
      let prev = -2
      for (let b = 0; b < mask.length; b++) {
        if (mask[b] === 0) continue
        fj += feats[j].weight[b]
        const c = cellOf[j][b]
        if (c === prev) continue
        if (c === prev + 1 && runs.length > 0) runs[runs.length - 1] = c
        else runs.push(c, c)
        prev = c
      }
      frac.push(fj)
      segs.push(Int32Array.from(runs))
      w *= fj
    }
    value.push(t.value[node])
    leafWeight.push(w)
  }
  return {
    cellOf,
    cellWeight,
    leaves: value.length,
    value: Float64Array.from(value),
    leafWeight: Float64Array.from(leafWeight),
    frac: Float64Array.from(frac),
    segs
  }
}
