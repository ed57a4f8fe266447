/** The runs table over the headless server: a real engine, its store file and HTTP. */
import { mkdtempSync, rmSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BINARY_CONTENT_TYPE, decodeBinaryBody } from '../../shared/binary-body'
import { decodeRunsTable } from '../../shared/compare/table-columns'
import type { RunsTableColumns } from '../../shared/schemas/compare'
import { createClient } from '../../renderer/src/api/client'
import { createHttpTransport } from '../../renderer/src/api/http-client'
import { createEngine } from '../engine/engine'
import { createNodeLauncher } from '../engine/runs/node-launcher'
import { openStore, STORE_FILE } from '../engine/store'
import { newRun } from '../engine/store/testing'
import type { Engine } from '../engine/types'
import { COMPRESS_FROM_BYTES, fromLoopback, pickEncoding } from './http-api'
import { createServer } from './server'

let dir: string
let engine: Engine
let close: () => Promise<void>
let call: (method: string, input: unknown) => Promise<{ status: number; body: { result?: unknown; error?: { code: string; message: string } } }>
let runId: number
let experimentId: number
let bigId: number
let port: number

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-table-http-'))
  engine = await createEngine({ dataDir: dir, launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'engine', 'trainers', 'entry.ts') })
  experimentId = (await engine.api['experiments.create']({ name: 'table', description: '' })).id
  // A second connection writes what a finished training would have: the engine reads the same file.
  const store = openStore(join(dir, STORE_FILE))
  runId = store.runs.insert(newRun(experimentId)).id
  store.metrics.append(runId, [0, 1, 2].map((step) => ({ name: 'val/loss', step, value: 1 / (step + 1), time: step })))
  // A table past the size answers travel compressed from: 3,000 runs.
  bigId = store.experiments.create({ name: 'big' }).id
  store.transaction(() => {
    for (let i = 0; i < 3000; i++) {
      const id = store.runs.insert(newRun(bigId, { name: `a run with a long name ${i}`, config: { 'optimizer.lr': Math.PI / (i + 1), 'model.width': i } })).id
      store.metrics.append(id, [{ name: 'val/loss', step: 1, value: Math.E / (i + 1), time: 1 }])
    }
  })
  store.close()
  // Compressed for a client on this machine too, as for one on another.
  const server = await createServer({ engine, token: 'table-token-table-token', host: '127.0.0.1', port: 0, staticDir: join(dir, 'no-renderer'), compressLoopback: true })
  close = server.close
  port = server.port
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

/** A raw POST: the body as sent (not decompressed) and the encoding it says. */
type Raw = { type: string | undefined; encoding: string | undefined; vary: string | undefined; body: Buffer }
function rawPost(method: string, input: unknown, acceptEncoding?: string, accept?: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: 'Bearer table-token-table-token' }
    if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding
    if (accept !== undefined) headers.accept = accept
    const req = request({ host: '127.0.0.1', port, path: `/api/${method}`, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ type: res.headers['content-type'], encoding: res.headers['content-encoding'], vary: res.headers.vary, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end(JSON.stringify(input))
  })
}

describe('a large answer over HTTP', () => {
  it('travels brotli- or gzip-compressed as the client accepts, the same JSON as plain', async () => {
    const input = { experimentIds: [bigId] }
    const plain = await rawPost('runs.table', input)
    expect(plain.encoding).toBeUndefined()
    expect(plain.body.length).toBeGreaterThan(COMPRESS_FROM_BYTES)
    const br = await rawPost('runs.table', input, 'gzip, deflate, br, zstd')
    const gz = await rawPost('runs.table', input, 'gzip;q=1, br;q=0')
    expect([br.encoding, br.vary, gz.encoding]).toEqual(['br', 'Accept-Encoding', 'gzip'])
    expect(br.body.length).toBeLessThan(plain.body.length / 2)
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
    expect(decodeRunsTable((JSON.parse(plain.body.toString('utf8')) as { result: RunsTableColumns }).result).rows).toHaveLength(3000)
    // A small answer stays plain.
    expect((await rawPost('runs.table', { experimentIds: [experimentId] }, 'br')).encoding).toBeUndefined()
  })

  it('travels as a binary body to a client that takes it, compressed the same way, the same table as its JSON', async () => {
    const input = { experimentIds: [bigId] }
    const json = decodeRunsTable((JSON.parse((await rawPost('runs.table', input)).body.toString('utf8')) as { result: RunsTableColumns }).result)
    const binary = await rawPost('runs.table', input, 'br', `${BINARY_CONTENT_TYPE}, application/json`)
    expect([binary.type, binary.encoding]).toEqual([BINARY_CONTENT_TYPE, 'br'])
    const fromBinary = decodeRunsTable(decodeBinaryBody(new Uint8Array(brotliDecompressSync(binary.body)).buffer) as RunsTableColumns)
    expect(fromBinary.rows).toHaveLength(3000)
    expect(JSON.stringify(fromBinary.rows)).toBe(JSON.stringify(json.rows))
    expect(fromBinary.rows[2999]!.params['optimizer.lr']).toBe(Math.PI / 3000)
    // Without taking it, a client of another method still gets JSON.
    expect((await rawPost('experiments.list', {}, undefined, BINARY_CONTENT_TYPE)).type).toBe('application/json; charset=utf-8')
  })

  it("reaches the page's HTTP transport as float64 columns", async () => {
    const transport = createHttpTransport({ baseUrl: `http://127.0.0.1:${port}`, token: 'table-token-table-token', connect: () => ({ close() {} }) as never })
    try {
      const wire = await createClient(transport)['runs.table']({ experimentIds: [bigId] })
      expect(wire.params['optimizer.lr']).toMatchObject({ f64: expect.any(Float64Array) })
      expect(wire.metrics['val/loss']!.values).toBeInstanceOf(Float64Array)
      const rows = decodeRunsTable(wire).rows
      expect([rows[0]!.params['model.width'], rows[0]!.metrics['val/loss']!.last]).toEqual([0, Math.E])
    } finally {
      transport.close()
    }
  })

  it('stays plain to a client on this machine unless told otherwise', async () => {
    const local = await createServer({ engine, token: 'table-token-table-token', host: '127.0.0.1', port: 0, staticDir: join(dir, 'no-renderer') })
    try {
      const res = await fetch(`http://127.0.0.1:${local.port}/api/runs.table`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer table-token-table-token', 'accept-encoding': 'br, gzip' },
        body: JSON.stringify({ experimentIds: [bigId] })
      })
      expect(res.headers.get('content-encoding')).toBeNull()
      expect(decodeRunsTable(((await res.json()) as { result: RunsTableColumns }).result).rows).toHaveLength(3000)
    } finally {
      await local.close()
    }
  })

  it('tells a loopback peer from another machine', () => {
    const peer = (remoteAddress: string) => fromLoopback({ socket: { remoteAddress } } as never)
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].map(peer)).toEqual([true, true, true, true])
    expect(['192.168.1.4', '10.0.0.1', '::ffff:10.0.0.1', 'fe80::1', '', '1127.0.0.1'].map(peer)).toEqual([false, false, false, false, false, false])
  })

  it('reads Accept-Encoding as browsers and tools write it', () => {
    expect(pickEncoding('gzip, deflate, br, zstd')).toBe('br')
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip')
    expect(pickEncoding('identity')).toBeNull()
    expect(pickEncoding(undefined)).toBeNull()
    expect(pickEncoding('GZIP;q=0.5')).toBe('gzip')
  })
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
