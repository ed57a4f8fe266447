import type { DatasetVersion, Split } from '../../../../shared/schemas/datasets'
import { permutation, Rng } from '../../random'
import { holdOutSplit, splitSizes } from './split'

/** Class labels as indices into `classes` (sorted), the form stratification works on. */
export interface Labels {
  classes: string[]
  index: Uint32Array
}

export function toLabels(values: readonly string[]): Labels {
  const classes = [...new Set(values)].sort()
  const of = new Map(classes.map((c, i) => [c, i]))
  return { classes, index: Uint32Array.from(values, (v) => of.get(v)!) }
}

/** Row indices of each class, ascending. */
function rowsByClass(labels: Labels): Uint32Array[] {
  const counts = new Uint32Array(labels.classes.length)
  for (const c of labels.index) counts[c]++
  const out = Array.from(counts, (n) => new Uint32Array(n))
  const fill = new Uint32Array(labels.classes.length)
  labels.index.forEach((c, row) => (out[c][fill[c]++] = row))
  return out
}

/**
 * Validation rows per class for a stratified hold-out: each class gets ⌊n·f⌋ and the rows left
 * to reach round(N·f) in total go to the largest remainders (largest-remainder apportionment),
 * so every class is within one row of its exact share and the total matches the plain split.
 */
export function stratifiedQuotas(classSizes: readonly number[], valFraction: number): number[] {
  const total = splitSizes(classSizes.reduce((a, b) => a + b, 0), valFraction).val
  const exact = classSizes.map((n) => n * valFraction)
  const quotas = exact.map(Math.floor)
  let left = total - quotas.reduce((a, b) => a + b, 0)
  const byRemainder = exact.map((e, c) => ({ c, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.c - b.c)
  for (const { c } of byRemainder) {
    if (left <= 0) break
    quotas[c]++
    left--
  }
  return quotas
}

/**
 * The part of every row: hold-out gives 0 (train) or 1 (validation); k-fold gives the fold.
 * Deterministic in the seed. The unstratified hold-out is the same split a run on a plain file
 * makes with that seed.
 */
export function assignParts(rows: number, split: Split, labels?: Labels): Uint8Array {
  const part = new Uint8Array(rows)
  if (split.stratify && !labels) throw new Error('a stratified split needs class labels')
  if (split.kind === 'holdout') {
    if (!split.stratify) {
      for (const r of holdOutSplit(rows, split.valFraction, split.seed).val) part[r] = 1
      return part
    }
    const rng = new Rng(split.seed)
    const groups = rowsByClass(labels!)
    const quotas = stratifiedQuotas(groups.map((g) => g.length), split.valFraction)
    groups.forEach((g, c) => {
      rng.shuffle(g)
      for (let i = 0; i < quotas[c]; i++) part[g[i]] = 1
    })
    return part
  }
  const rng = new Rng(split.seed)
  // Dealing one shuffled sequence round-robin keeps folds within one row of each other; with
  // the classes laid end to end, every class is also within one row of n/k in every fold.
  const order = split.stratify ? concat(rowsByClass(labels!).map((g) => rng.shuffle(g))) : permutation(rows, rng)
  order.forEach((row, i) => (part[row] = i % split.k))
  return part
}

function concat(parts: Uint32Array[]): Uint32Array {
  const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** Rows per part, and per class when labels are known, in the stored form of a version. */
export function summarizeParts(part: Uint8Array, split: Split, labels?: Labels): DatasetVersion['parts'] {
  const names = split.kind === 'holdout' ? ['train', 'val'] : Array.from({ length: split.k }, (_, i) => `fold ${i + 1}`)
  const rows = new Array<number>(names.length).fill(0)
  const perClass = labels ? names.map(() => new Array<number>(labels.classes.length).fill(0)) : undefined
  part.forEach((p, r) => {
    rows[p]++
    if (perClass) perClass[p][labels!.index[r]]++
  })
  return names.map((name, p) => ({
    name,
    rows: rows[p],
    ...(perClass && { classes: Object.fromEntries(labels!.classes.map((c, i) => [c, perClass[p][i]])) })
  }))
}
