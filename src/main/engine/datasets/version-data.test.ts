import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assignParts, summarizeParts, toLabels } from './part-split'
import { readVersionTable, type VersionSource } from './version-data'

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
