import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readNumericTable } from './readers/numeric'
import { generateBlobs, writeBlobsCsv } from './samples'
import { featureStats, holdOutSplit, splitSizes } from './versions/split'

describe('splits and sample data', () => {
  it('splits deterministically by seed and standardises with training rows', () => {
    expect(splitSizes(10, 0.25)).toEqual({ train: 7, val: 3 })
    const a = holdOutSplit(100, 0.2, 42)
    expect(a.val.length).toBe(20)
    expect(new Set([...a.train, ...a.val]).size).toBe(100)
    expect(Array.from(holdOutSplit(100, 0.2, 42).val)).toEqual(Array.from(a.val))
    expect(Array.from(holdOutSplit(100, 0.2, 43).val)).not.toEqual(Array.from(a.val))
    const stats = featureStats(Float64Array.from([1, 5, 3, 5]), 2, Uint32Array.from([0, 1]))
    expect(Array.from(stats.mean)).toEqual([2, 5])
    expect(Array.from(stats.std)).toEqual([1, 1])
  })

  it('writes a learnable blobs CSV that reads back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'paramscope-blobs-'))
    const blobs = await writeBlobsCsv(join(dir, 'b.csv'), { rows: 300, features: 4, classes: 3, separation: 6, seed: 9 })
    expect(blobs.nearestCentreAccuracy).toBeGreaterThan(0.9)
    const table = await readNumericTable(join(dir, 'b.csv'))
    expect(table.rows).toBe(300)
    expect(table.featureNames).toEqual(['f1', 'f2', 'f3', 'f4'])
    expect(table.y).toEqual(Array.from(blobs.y, String))
    expect(generateBlobs({ rows: 300, features: 4, classes: 3, separation: 0.5, seed: 9 }).nearestCentreAccuracy).toBeLessThan(0.7)
  })
})
