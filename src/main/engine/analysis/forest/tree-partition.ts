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
  // Cumulative atom weights, so a numeric box's measure is one subtraction.
  const cum = feats.map((f) => {
    const c = new Float64Array(f.nBins + 1)
    for (let b = 0; b < f.nBins; b++) c[b + 1] = c[b] + f.weight[b]
    return c
  })
  // Depth-first walk carrying each node's box: a bin range per numeric feature, an atom mask
  // per categorical one.
  type Box = { lo: Int32Array; hi: Int32Array; mask: (Uint8Array | null)[] }
  const rootBox: Box = {
    lo: new Int32Array(p),
    hi: Int32Array.from(feats, (f) => f.nBins - 1),
    mask: feats.map((f) => (f.kind === 'categorical' ? new Uint8Array(f.nBins).fill(1) : null))
  }
  const stack: [number, Box][] = [[0, rootBox]]
  while (stack.length > 0) {
    const [node, box] = stack.pop() as [number, Box]
    const f = t.feature[node]
    if (f >= 0) {
      const set = t.catLeft[node]
      const l: Box = { lo: box.lo.slice(), hi: box.hi.slice(), mask: box.mask }
      const r: Box = { lo: box.lo.slice(), hi: box.hi.slice(), mask: box.mask }
      if (set) {
        const ml = (box.mask[f] as Uint8Array).slice()
        const mr = (box.mask[f] as Uint8Array).slice()
        for (let b = 0; b < ml.length; b++) {
          if (set[b] === 1) mr[b] = 0
          else ml[b] = 0
        }
        l.mask = box.mask.slice()
        r.mask = box.mask.slice()
        l.mask[f] = ml
        r.mask[f] = mr
      } else {
        l.hi[f] = Math.min(box.hi[f], t.split[node])
        r.lo[f] = Math.max(box.lo[f], t.split[node] + 1)
      }
      stack.push([t.left[node], l], [t.right[node], r])
      continue
    }
    let w = 1
    for (let j = 0; j < p; j++) {
      const mask = box.mask[j]
      let fj = 0
      if (!mask) {
        fj = cum[j][box.hi[j] + 1] - cum[j][box.lo[j]]
        frac.push(fj)
        segs.push(Int32Array.of(cellOf[j][box.lo[j]], cellOf[j][box.hi[j]]))
        w *= fj
        continue
      }
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
