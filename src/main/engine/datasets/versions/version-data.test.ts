import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assignParts, summarizeParts, toLabels } from './part-split'
import { foldIssues, readVersionTable, trainValRows, type VersionSource } from './version-data'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-version-data-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const source = (path: string, over: Partial<VersionSource> = {}): VersionSource => ({
  versionId: 1,
  path,
  format: 'csv',
  columns: ['id', 'x', 'flag', 'label'],
  task: 'classification',
  target: 'label',
  features: ['x', 'flag'],
  split: { kind: 'holdout', valFraction: 0.25, stratify: true, seed: 8 },
  ...over
})

describe('readVersionTable', () => {
  it('reads the feature and target columns by name and splits as the version did', async () => {
    const path = join(dir, 't.csv')
    const rows = Array.from({ length: 20 }, (_, i) => `r${i},${i / 2},${i % 2 === 0 ? 'true' : 'false'},${i < 12 ? 'a' : 'b'}`)
    writeFileSync(path, `id,x,flag,label\n${rows.join('\n')}\n`)
    const t = await readVersionTable(source(path))
    expect(t.rows).toBe(20)
    expect([...t.x.subarray(0, 6)]).toEqual([0, 1, 0.5, 0, 1, 1])
    expect(t.y.slice(10, 14)).toEqual(['a', 'a', 'b', 'b'])
    // The same parts the version summary counts: 3 of 12 a and 2 of 8 b held out.
    const labels = toLabels(t.y)
    expect(t.part).toEqual(assignParts(20, source(path).split, labels))
    expect(summarizeParts(t.part, source(path).split, labels)[1]).toEqual({ name: 'val', rows: 5, classes: { a: 3, b: 2 } })
  })

  it('reads JSON Lines by the profiled column order', async () => {
    const path = join(dir, 't.jsonl')
    writeFileSync(path, '{"label":"a","x":1,"id":"p"}\n{"x":2,"label":"b","id":"q"}\n{"id":"r","x":3,"label":"a"}\n{"id":"s","x":4,"label":"b"}\n')
    const t = await readVersionTable(source(path, { format: 'jsonl', columns: ['label', 'x', 'id'], features: ['x'], split: { kind: 'holdout', valFraction: 0.5, stratify: false, seed: 1 } }))
    expect([...t.x]).toEqual([1, 2, 3, 4])
    expect(t.y).toEqual(['a', 'b', 'a', 'b'])
  })

  it('names the row and column of a cell that is not a number', async () => {
    const path = join(dir, 'bad.csv')
    writeFileSync(path, 'id,x,flag,label\nr0,1,true,a\nr1,oops,false,b\n')
    await expect(readVersionTable(source(path))).rejects.toThrow(/bad\.csv: row 2, column "x": "oops" is not a number/)
  })
})

describe('trainValRows', () => {
  it('validates on one fold of a stratified k-fold version and trains on the others, classes in proportion', () => {
    // 103 rows of three classes (60, 30, 13) in 5 folds.
    const y = Array.from({ length: 103 }, (_, i) => (i < 60 ? 'a' : i < 90 ? 'b' : 'c'))
    const split = { kind: 'kfold', k: 5, stratify: true, seed: 3 } as const
    const labels = toLabels(y)
    const part = assignParts(y.length, split, labels)
    const seen = new Set<number>()
    for (let fold = 0; fold < 5; fold++) {
      const { train, val } = trainValRows(part, split, fold)
      expect(train.length + val.length).toBe(103)
      for (const r of val) {
        expect(seen.has(r), `row ${r} validates twice`).toBe(false)
        seen.add(r)
      }
      expect([...train].some((r) => part[r] === fold)).toBe(false)
      for (const [c, n] of Object.entries({ a: 60, b: 30, c: 13 })) {
        const inVal = [...val].filter((r) => y[r] === c).length
        const inTrain = [...train].filter((r) => y[r] === c).length
        // Within one row of the exact share in the validation fold, and the rest in training.
        expect(Math.abs(inVal - n / 5), `fold ${fold}, class ${c}`).toBeLessThan(1)
        expect(inTrain).toBe(n - inVal)
      }
    }
    // Every row validates exactly once over the k runs.
    expect(seen.size).toBe(103)
  })

  it('keeps the hold-out parts, and names a fold that does not exist', () => {
    const part = Uint8Array.from([0, 1, 0, 0, 1])
    expect(trainValRows(part, { kind: 'holdout', valFraction: 0.4, stratify: false, seed: 1 })).toEqual({ train: Uint32Array.from([0, 2, 3]), val: Uint32Array.from([1, 4]) })
    const kfold = { kind: 'kfold', k: 3, stratify: false, seed: 1 } as const
    expect(foldIssues(kfold, 3)).toMatchObject([{ field: 'data.fold', message: 'the version has 3 folds, numbered 0 to 2 (got 3)' }])
    expect(foldIssues({ kind: 'holdout', valFraction: 0.2, stratify: false, seed: 1 }, 1)[0].field).toBe('data.fold')
    expect(() => trainValRows(part, kfold, 5)).toThrow(/data\.fold/)
  })
})
