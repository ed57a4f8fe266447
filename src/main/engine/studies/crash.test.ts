/**
 * The engine process killed with SIGKILL at random moments of a study, restarted each time: the
 * ledger ends with exactly the planned trials finished, none running, none twice, the file intact.
 * Ten kills, most while trials run, some while the engine starts and recovers (about 20 s on an
 * idle machine); bench/study-crash.ts does the same with a chosen seed and count and prints JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBlobsCsv } from '../datasets/samples'
import { crashLoop, crashStudy } from './testing'

let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-study-crash-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a study whose engine is killed', () => {
  it('ends, after ten SIGKILLs and restarts, with every planned trial finished once and nothing running', async () => {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, separation: 3, seed: 2 })
    const seed = Date.now() % 100000
    const result = await crashLoop({ dir, kills: 10, minMs: 200, maxMs: 1500, seed, definition: crashStudy(csv) })
    const context = `seed ${seed}: ${JSON.stringify(result)}`
    // The study may end before the tenth kill on a fast machine; most kills must have landed.
    expect(result.kills, context).toBeGreaterThanOrEqual(6)
    expect(result.planned, context).toBe(8)
    expect(result.statuses, context).toEqual({ finished: 8 })
    expect(result.distinctHashes, context).toBe(8)
    expect(result.badLinks, context).toBe(0)
    expect(result.integrity, context).toBe('ok')
  }, 240_000)
})
