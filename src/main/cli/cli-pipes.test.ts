/**
 * The built `paramscope` writing more than a pipe holds (64 KiB) into a reader that is late: every
 * byte arrives before the command exits.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli, runCliThroughPipe, runCliToFile } from './testing'
import { openStore, STORE_FILE } from '../engine/store'
import { newRun } from '../engine/store/testing'

let dir: string
let data: string
/** Runs seeded in the store: more than `runs list` shows. */
const RUNS = 1205
const SHOWN = 1000
let lastRunId: number
const POINTS = 20000

const withData = (args: string[]) => ['--data', data, ...args]
const throughPipe = (...args: string[]) => runCliThroughPipe(withData(args))
const lines = (text: string) => text.trimEnd().split('\n')

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-cli-pipes-'))
  data = join(dir, 'home')
  // The CLI opens the store first, so the seeded rows meet the schema it migrates to.
  expect(runCli(withData(['runs', 'list', '--json'])).code).toBe(0)
  const store = openStore(join(data, STORE_FILE))
  try {
    store.transaction(() => {
      const experimentId = store.experiments.create({ name: 'many' }).id
      for (let i = 0; i < RUNS; i++) {
        const { id } = store.runs.insert(newRun(experimentId, { name: `run ${i + 1} ${'x'.repeat(80)}` }))
        store.runs.update(id, { status: 'finished', startedAt: 1, endedAt: 2 })
        lastRunId = id
      }
      const points = Array.from({ length: POINTS }, (_, step) => ({ name: 'train/loss', step, value: 1 / (step + 1), time: 1_700_000_000_000 + step }))
      store.metrics.append(lastRunId, points)
    })
  } finally {
    store.close()
  }
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(process.platform === 'win32')('paramscope output through a pipe', { timeout: 90000 }, () => {
  it('prints trainers --json whole into a late pipe, byte for byte as into a file', async () => {
    const piped = await throughPipe('trainers', '--json')
    const filed = runCliToFile(withData(['trainers', '--json']))
    expect(piped.code, piped.stderr).toBe(0)
    expect(filed.stdout.length).toBeGreaterThan(65536)
    expect(piped.stdout.length).toBe(filed.stdout.length)
    expect(piped.stdout.equals(filed.stdout)).toBe(true)
    expect(JSON.parse(piped.stdout.toString()).map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['mlp', 'text-classifier', 'char-lm']))
  })

  it('prints runs list and runs metrics whole, as JSON and as text', async () => {
    const list = await throughPipe('runs', 'list', '--json')
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout.length).toBeGreaterThan(65536)
    expect(JSON.parse(list.stdout.toString())).toHaveLength(SHOWN)
    const table = await throughPipe('runs', 'list')
    expect(lines(table.stdout.toString())).toHaveLength(SHOWN + 1)

    const metrics = await throughPipe('runs', 'metrics', String(lastRunId), '--metric', 'train/loss', '--json')
    expect(metrics.code, metrics.stderr).toBe(0)
    const series = JSON.parse(metrics.stdout.toString())
    expect(series.steps).toHaveLength(POINTS)
    expect(series.steps.at(-1)).toBe(POINTS - 1)
    const text = await throughPipe('runs', 'metrics', String(lastRunId), '--metric', 'train/loss')
    expect(lines(text.stdout.toString())).toHaveLength(POINTS + 1)
  })

  it('prints datasets show and design whole', async () => {
    const columns = Array.from({ length: 600 }, (_, j) => `column_${j}`)
    const csv = join(dir, 'wide.csv')
    const rows = Array.from({ length: 20 }, (_, i) => columns.map((_, j) => (i * j) % 7).join(','))
    writeFileSync(csv, `${columns.join(',')}\n${rows.join('\n')}\n`)
    const imported = runCli(withData(['datasets', 'import', csv, '--json']))
    expect(imported.code, imported.stderr).toBe(0)
    const [{ id }] = JSON.parse(imported.stdout)
    const shown = await throughPipe('datasets', 'show', String(id), '--json')
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout.length).toBeGreaterThan(65536)
    expect(JSON.parse(shown.stdout.toString()).profile.columns).toHaveLength(600)

    const space = join(dir, 'space.yaml')
    writeFileSync(space, 'params:\n  optimizer.lr: {type: float, low: 1.0e-5, high: 0.1, log: true}\n  model.layers: {type: int, low: 1, high: 4}\n')
    const design = await runCliThroughPipe(['design', '--method', 'random', '--n', '5000', '--space', space, '--seed', '1'])
    expect(design.code, design.stderr).toBe(0)
    expect(design.stdout.length).toBeGreaterThan(65536)
    expect(lines(design.stdout.toString())).toHaveLength(5001)
  })
})
