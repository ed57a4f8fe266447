/** The runs table over the headless server: a real engine, its store file and HTTP. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeRunsTable } from '../../shared/compare/table-columns'
import type { RunsTableColumns } from '../../shared/schemas/compare'
import { createEngine } from '../engine/engine'
import { createNodeLauncher } from '../engine/runs/node-launcher'
import { openStore, STORE_FILE } from '../engine/store'
import { newRun } from '../engine/store/testing'
import type { Engine } from '../engine/types'
import { createServer } from './server'

let dir: string
let engine: Engine
let close: () => Promise<void>
let call: (method: string, input: unknown) => Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }>
let runId: number
let experimentId: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-table-http-'))
  engine = await createEngine({ dataDir: dir, launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'engine', 'trainers', 'entry.ts') })
  experimentId = (await engine.api['experiments.create']({ name: 'table', description: '' })).id
  // A second connection writes what a finished training would have: the engine reads the same file.
  const store = openStore(join(dir, STORE_FILE))
  runId = store.runs.insert(newRun(experimentId)).id
  store.metrics.append(runId, [0, 1, 2].map((step) => ({ name: 'val/loss', step, value: 1 / (step + 1), time: step })))
  store.close()
  const server = await createServer({ engine, token: 'table-token-table-token', host: '127.0.0.1', port: 0, staticDir: join(dir, 'no-renderer') })
  close = server.close
  call = async (method, input) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer table-token-table-token' },
      body: JSON.stringify(input)
    })
    return { status: res.status, body: (await res.json()) as never }
  }
})

afterAll(async () => {
  await close?.()
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('runs.table and runs.metricAt over HTTP', () => {
  it('serves the rows with params and summaries, and the goal the trainer declares', async () => {
    const { status, body } = await call('runs.table', { experimentIds: [experimentId] })
    expect(status).toBe(200)
    const table = decodeRunsTable(body.result as RunsTableColumns)
    expect(JSON.parse(JSON.stringify(table))).toMatchObject({
      rows: [{ id: runId, params: { 'optimizer.lr': 0.001 }, metrics: { 'val/loss': { last: 1 / 3, lastStep: 2, min: 1 / 3, max: 1, count: 3 } } }],
      metricNames: ['val/loss'],
      goals: { 'val/loss': 'min' }
    })
  })

  it('names the fields when nothing is selected', async () => {
    const { status, body } = await call('runs.table', {})
    expect(status).toBe(400)
    expect(body.error).toMatchObject({ code: 'INVALID_INPUT' })
    expect(body.error!.message).toContain('experimentIds')
  })

  it('gives the value at or before a step', async () => {
    const { body } = await call('runs.metricAt', { runIds: [runId], metric: 'val/loss', step: 1 })
    expect(body.result).toEqual({ values: { [runId]: 0.5 } })
  })
})
