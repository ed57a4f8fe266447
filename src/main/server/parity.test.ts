/**
 * The same cases through the engine in-process (as IPC and the CLI call it) and over HTTP must
 * give the same results and the same errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ErrorPayload } from '../../shared/errors'
import { dispatch, type Envelope } from '../../shared/rpc'
import { createEngine } from '../engine/engine'
import { createNodeLauncher } from '../engine/runs/node-launcher'
import type { Engine } from '../engine/types'
import { createServer } from './server'

type Caller = (method: string, input: unknown) => Promise<Envelope>

const dirs: string[] = []
const engines: Engine[] = []
let direct: Caller
let http: Caller
/** Over HTTP with a body written by hand (JSON.stringify itself overflows on 20,000 levels). */
let httpText: (method: string, text: string) => Promise<Envelope>
let closeServer: () => Promise<void>
let dataset: string

async function engine(): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-parity-'))
  dirs.push(dir)
  const e = await createEngine({
    dataDir: dir,
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'engine', 'trainers', 'entry.ts'),
    cancelGraceMs: 2000
  })
  engines.push(e)
  return e
}

beforeAll(async () => {
  const work = mkdtempSync(join(tmpdir(), 'paramscope-parity-data-'))
  dirs.push(work)
  dataset = join(work, 'two-blobs.csv')
  const rows = ['x1,x2,label']
  for (let i = 0; i < 80; i++) rows.push(`${(i % 2 ? 1 : -1) + ((i * 37) % 11) / 20},${((i * 17) % 7) / 10},${i % 2 ? 'b' : 'a'}`)
  writeFileSync(dataset, `${rows.join('\n')}\n`)

  const a = await engine()
  direct = (method, input) => dispatch(a.api, method, input)

  const b = await engine()
  const token = 'parity-token'
  const server = await createServer({ engine: b, token, host: '127.0.0.1', port: 0, staticDir: join(work, 'no-renderer') })
  closeServer = server.close
  httpText = async (method, text) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: text
    })
    const body = (await res.json()) as { result?: unknown; error?: ErrorPayload }
    return res.ok ? { ok: true, result: body.result } : { ok: false, error: body.error! }
  }
  http = (method, input) => httpText(method, JSON.stringify(input))
})

afterAll(async () => {
  await closeServer?.()
  for (const e of engines) await e.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Drops what legitimately differs between two engines: times, data folders, pids. */
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !['createdAt', 'startedAt', 'endedAt', 'dataDir', 'times'].includes(k))
        .map(([k, v]) => [k, normalize(v)])
    )
  }
  return value
}

async function both(method: string, input: unknown): Promise<Envelope> {
  const [a, b] = await Promise.all([direct(method, input), http(method, input)])
  expect(normalize(b)).toEqual(normalize(a))
  return a
}

describe('engine and HTTP parity', () => {
  it('lists trainers with the same schema', async () => {
    const reply = await both('trainers.list', {})
    expect(reply.ok && (reply.result as { id: string }[]).map((t) => t.id)).toContain('mlp')
  })

  it('creates experiments and refuses a duplicate name the same way', async () => {
    expect((await both('experiments.create', { name: 'parity' })).ok).toBe(true)
    const dup = await both('experiments.create', { name: 'parity' })
    expect(dup.ok === false && dup.error.code).toBe('CONFLICT')
    expect((await both('experiments.list', {})).ok).toBe(true)
  })

  it('names the bad field of an invalid input', async () => {
    const reply = await both('experiments.create', { name: '' })
    expect(reply.ok === false && reply.error.code).toBe('INVALID_INPUT')
    expect(JSON.stringify(reply)).toContain('"field":"name"')
  })

  it('refuses unknown methods and missing things alike', async () => {
    expect((await both('runs.nope', {})).ok).toBe(false)
    const missing = await both('runs.get', { id: 999 })
    expect(missing.ok === false && missing.error.code).toBe('NOT_FOUND')
  })

  it('rejects an invalid config before any process starts, naming each field', async () => {
    const input = { experimentId: 1, trainer: 'mlp', dataset, config: { 'optimizer.lr': -0.1, 'data.batch_size': 0 } }
    const reply = await both('runs.start', input)
    expect(reply.ok === false && reply.error.code).toBe('INVALID_CONFIG')
    const fields = reply.ok ? [] : ((reply.error.details as { issues: { field: string }[] }).issues.map((i) => i.field))
    expect(fields.sort()).toEqual(['data.batch_size', 'optimizer.lr'])
    expect(await both('runs.list', {})).toEqual({ ok: true, result: [] })
  })

  it('names a missing target column and a missing file', async () => {
    const target = await both('runs.validate', { trainer: 'mlp', dataset, config: { 'data.target': 'nope' } })
    expect(JSON.stringify(target)).toContain('"field":"data.target"')
    const file = await both('runs.start', { experimentId: 1, trainer: 'mlp', dataset: join(dataset, '..', 'missing.csv'), config: {} })
    expect(file.ok === false && file.error.code).toBe('DATASET_INVALID')
  })

  it('refuses a 20,000-deep config alike, naming the field, where it used to overflow the stack', async () => {
    const depth = 20_000
    const text = `{"trainer":"mlp","config":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
    const [a, b] = await Promise.all([direct('runs.validate', JSON.parse(text)), httpText('runs.validate', text)])
    expect(b).toEqual(a)
    expect(a).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ field: 'config' }] } } })
  })

  it('quotes a 3 MB value back cut short alike', async () => {
    const huge = 'x'.repeat(3_000_000)
    const reply = await both('runs.start', { experimentId: 1, trainer: 'mlp', dataset, config: { 'optimizer.name': huge } })
    expect(reply.ok === false && reply.error.code).toBe('INVALID_CONFIG')
    expect(JSON.stringify(reply).length).toBeLessThan(5000)
    expect(JSON.stringify(reply)).toContain(`${'x'.repeat(200)}\\"… (3000000 characters)`)
  })

  it('reads a search space and designs over it alike, naming a bad field the same way', async () => {
    const space = join(dataset, '..', 'space.json')
    writeFileSync(space, JSON.stringify({ params: { lr: { type: 'float', low: 1e-4, high: 0.1, log: true }, opt: { type: 'categorical', choices: ['adamw', 'sgd'] } } }))
    const read = await both('spaces.read', { path: space })
    expect(read.ok && Object.keys((read.result as { params: object }).params)).toEqual(['lr', 'opt'])
    const spec = read.ok ? read.result : null
    const design = await both('designs.generate', { space: spec, method: 'lhs', n: 5, seed: 3 })
    expect(design.ok && (design.result as { rows: unknown[] }).rows).toHaveLength(5)
    const ccd = await both('designs.generate', { space: spec, method: 'ccd', n: 1 })
    expect(JSON.stringify(ccd)).toContain('"field":"params.opt"')
  })
})
