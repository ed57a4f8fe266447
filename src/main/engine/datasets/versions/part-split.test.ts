import { describe, expect, it } from 'vitest'
import type { Split } from '../../../../shared/schemas/datasets'
import { assignParts, stratifiedQuotas, summarizeParts, toLabels } from './part-split'
import { Rng } from '../../random'
import { holdOutSplit } from './split'

/** Unbalanced labels: class sizes 7, 130 and 863 in a seeded order. */
function unbalanced(): string[] {
  const values = [...Array(7).fill('rare'), ...Array(130).fill('mid'), ...Array(863).fill('common')]
  return new Rng(5).shuffle(values)
}

function countsPerPart(part: Uint8Array, labels: string[], parts: number): Map<string, number[]> {
  const out = new Map<string, number[]>()
  part.forEach((p, r) => {
    const row = out.get(labels[r]) ?? new Array<number>(parts).fill(0)
    row[p]++
    out.set(labels[r], row)
  })
  return out
}

describe('assignParts', () => {
  it('keeps every class within one row of its exact share in a stratified hold-out', () => {
    const values = unbalanced()
    for (const valFraction of [0.1, 0.2, 0.25, 0.33, 0.5, 0.9]) {
      const split: Split = { kind: 'holdout', valFraction, stratify: true, seed: 11 }
      const part = assignParts(values.length, split, toLabels(values))
      let val = 0
      for (const [cls, [train, v]] of countsPerPart(part, values, 2)) {
        const n = train + v
        expect(Math.abs(v - n * valFraction), `${cls} at ${valFraction}`).toBeLessThan(1)
        val += v
      }
      // The total is what an unstratified split takes, so switching stratify keeps sizes.
      expect(val).toBe(Math.round(values.length * valFraction))
    }
  })

  it('keeps every class within one row of n/k in each stratified fold, and folds within one row of each other', () => {
    const values = unbalanced()
    for (const k of [2, 3, 5, 10]) {
      const part = assignParts(values.length, { kind: 'kfold', k, stratify: true, seed: 3 }, toLabels(values))
      for (const [cls, folds] of countsPerPart(part, values, k)) {
        const n = folds.reduce((a, b) => a + b, 0)
        for (const c of folds) expect(Math.abs(c - n / k), `${cls} k=${k}`).toBeLessThan(1)
      }
      const sizes = Array.from({ length: k }, (_, f) => part.filter((p) => p === f).length)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    }
  })

  it('gives the same parts for the same seed and different parts for another', () => {
    const labels = toLabels(unbalanced())
    const split: Split = { kind: 'kfold', k: 5, stratify: true, seed: 42 }
    expect(assignParts(1000, split, labels)).toEqual(assignParts(1000, split, labels))
    expect(assignParts(1000, { ...split, seed: 43 }, labels)).not.toEqual(assignParts(1000, split, labels))
    const plain: Split = { kind: 'holdout', valFraction: 0.3, stratify: false, seed: 9 }
    expect(assignParts(500, plain)).toEqual(assignParts(500, plain))
  })

  it('makes the same unstratified hold-out as a run on a plain file with that seed', () => {
    const part = assignParts(97, { kind: 'holdout', valFraction: 0.2, stratify: false, seed: 7 })
    const { val } = holdOutSplit(97, 0.2, 7)
    expect([...part.keys()].filter((r) => part[r] === 1)).toEqual([...val].sort((a, b) => a - b))
  })

  it('splits unstratified k folds into sizes within one row', () => {
    const part = assignParts(23, { kind: 'kfold', k: 4, stratify: false, seed: 1 })
    expect([0, 1, 2, 3].map((f) => part.filter((p) => p === f).length)).toEqual([6, 6, 6, 5])
  })
})

describe('stratifiedQuotas', () => {
  it('apportions by largest remainder to the rounded total', () => {
    // Exact shares 0.75, 0.75, 1.5: total round(3) = 3; floors 0, 0, 1 leave two for the largest remainders.
    expect(stratifiedQuotas([3, 3, 6], 0.25)).toEqual([1, 1, 1])
    expect(stratifiedQuotas([10, 10], 0.5)).toEqual([5, 5])
    expect(stratifiedQuotas([1, 1, 1], 0.5)).toEqual([1, 1, 0])
  })
})

describe('summarizeParts', () => {
  it('counts rows per part and per class', () => {
    const labels = toLabels(['b', 'a', 'b', 'a', 'b'])
    const parts = summarizeParts(Uint8Array.from([0, 0, 1, 1, 0]), { kind: 'holdout', valFraction: 0.4, stratify: true, seed: 0 }, labels)
    expect(parts).toEqual([
      { name: 'train', rows: 3, classes: { a: 1, b: 2 } },
      { name: 'val', rows: 2, classes: { a: 1, b: 1 } }
    ])
    expect(summarizeParts(Uint8Array.from([1, 0, 2]), { kind: 'kfold', k: 3, stratify: false, seed: 0 })).toEqual([
      { name: 'fold 1', rows: 1 },
      { name: 'fold 2', rows: 1 },
      { name: 'fold 3', rows: 1 }
    ])
  })
})
