/**
 * A study whose engine process is killed with SIGKILL at random moments, restarted each time,
 * then left to finish: the ledger must end with exactly the planned trials finished, none running,
 * none twice, and the file intact. Ten kills by default (BENCH_KILLS), seed BENCH_SEED; an LHS of
 * 4 points with 2 repeats of a small mlp, 2 trials at once (studies/crash.test.ts runs the same).
 * Run: npx tsx bench/study-crash.ts   (prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { crashLoop, crashStudy } from '../src/main/engine/studies/testing'

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-study-crash-'))
  try {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, separation: 3, seed: 2 })
    const kills = Number(process.env.BENCH_KILLS ?? 10)
    const seed = Number(process.env.BENCH_SEED ?? Date.now() % 100000)
    const result = await crashLoop({ dir, kills, minMs: 200, maxMs: 1500, seed, definition: crashStudy(csv) })
    const ok =
      result.statuses.finished === result.planned &&
      result.distinctHashes === result.planned &&
      result.badLinks === 0 &&
      result.integrity === 'ok'
    process.stdout.write(`${JSON.stringify({ bench: 'study-crash', seed, askedKills: kills, ...result, ok })}\n`)
    if (!ok) process.exitCode = 1
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
