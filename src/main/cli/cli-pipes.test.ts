/**
 * The built `paramscope` writing more than a pipe holds (64 KiB) into a reader that is late: every
 * byte arrives before the command exits. And `runs list` over more runs than it shows says so.
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
/** Runs seeded in the store: more than `runs list` shows by default. */
const RUNS = 1205
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
    const list = await throughPipe('runs', 'list', '--all', '--json')
    expect(list.code, list.stderr).toBe(0)
    expect(list.stdout.length).toBeGreaterThan(65536)
    expect(JSON.parse(list.stdout.toString())).toHaveLength(RUNS)
    const table = await throughPipe('runs', 'list', '--all')
    expect(lines(table.stdout.toString())).toHaveLength(RUNS + 1)

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

describe('paramscope runs list --limit and --all', { timeout: 90000 }, () => {
  it('shows the newest 1000 runs and says on stderr that older ones exist', async () => {
    const r = await throughPipe('runs', 'list', '--json')
    expect(r.code, r.stderr).toBe(0)
    const runs = JSON.parse(r.stdout.toString())
    expect(runs).toHaveLength(1000)
    expect(runs[0].id).toBe(lastRunId)
    expect(r.stderr).toMatch(/showing the newest 1000 runs; older ones exist \(--limit N shows more, --all shows every run\)/)
  })

  it('shows as many as --limit asks, across pages, and every run with --all without a note', () => {
    const limited = runCli(withData(['runs', 'list', '--limit', '1100', '--json']))
    expect(limited.code, limited.stderr).toBe(0)
    const runs = JSON.parse(limited.stdout) as { id: number }[]
    expect(runs).toHaveLength(1100)
    expect(new Set(runs.map((x) => x.id)).size).toBe(1100)
    expect(runs.every((x, i) => i === 0 || x.id < runs[i - 1].id)).toBe(true)
    expect(limited.stderr).toMatch(/showing the newest 1100 runs; older ones exist/)

    const few = runCli(withData(['runs', 'list', '--limit', '3', '--experiment', 'many']))
    expect(lines(few.stdout)).toHaveLength(4)
    expect(few.stderr).toMatch(/showing the newest 3 runs/)

    const all = runCli(withData(['runs', 'list', '--all', '--json']))
    expect(JSON.parse(all.stdout)).toHaveLength(RUNS)
    expect(all.stderr).toBe('')
    const exact = runCli(withData(['runs', 'list', '--limit', String(RUNS), '--json']))
    expect(JSON.parse(exact.stdout)).toHaveLength(RUNS)
    expect(exact.stderr).toBe('')
  })

  it('refuses a --limit that is no whole number of at least 1, or given with --all', () => {
    for (const bad of ['0', '-3', '2.5', 'ten', '']) {
      const r = runCli(withData(['runs', 'list', `--limit=${bad}`]))
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`--limit ${bad}: expected a whole number of at least 1`)
    }
    const both = runCli(withData(['runs', 'list', '--limit', '5', '--all']))
    expect(both.code).toBe(2)
    expect(both.stderr).toContain('--limit 5 and --all: give one of them')
  })
})
