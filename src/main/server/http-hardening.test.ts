/**
 * What the server does with hostile or careless requests: oversized and non-JSON bodies, other
 * sites' pages, input nested 20,000 deep or megabytes long. A real server on a real port, real
 * requests.
 */
import { request as httpRequest } from 'node:http'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { createServer, type RunningServer } from './server'
import { createFakeEngine, type FakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'hardening-token-0123456789'
const auth = { Authorization: `Bearer ${token}` }
const json = { 'Content-Type': 'application/json', ...auth }

let dir: string
let engine: FakeEngine
let server: RunningServer

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-hardening-'))
  engine = createFakeEngine()
  server = await createServer({ engine, token, maxBodyBytes: 1024, upload: { dir: join(dir, 'uploads') }, allowedHosts: ['gpu.example'] })
})
afterEach(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Outcome {
  status?: number
  body?: string
  /** A failure of the connection itself (EPIPE, ECONNRESET): the client never got its answer. */
  error?: string
}

/**
 * Sends a body the way a careless client does: all of it, whatever the server says meanwhile,
 * and reports the answer or the connection error. `declared: false` sends it chunked.
 */
function send(path: string, headers: Record<string, string>, body: Buffer, declared = true): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = {}
    let pending = 2
    const done = () => --pending === 0 && resolve(outcome)
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path, headers: declared ? { ...headers, 'Content-Length': String(body.length) } : headers }, (res) => {
      outcome.status = res.statusCode
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        outcome.body = Buffer.concat(chunks).toString('utf8')
        done()
      })
      res.on('error', (err) => {
        outcome.error ??= (err as NodeJS.ErrnoException).code ?? err.message
        done()
      })
    })
    req.on('error', (err) => {
      outcome.error = (err as NodeJS.ErrnoException).code ?? err.message
      resolve(outcome)
    })
    req.on('finish', done)
    req.end(body)
  })
}

const tenMegabytes = Buffer.alloc(10 * 1024 * 1024, 'x')

describe('oversized bodies', () => {
  it('answers a 10 MB body with the 413 error once it is read, not with a reset connection', async () => {
    for (const declared of [true, false]) {
      const outcome = await send('/api/experiments.create', json, tenMegabytes, declared)
      expect(outcome.error, `declared ${declared}`).toBeUndefined()
      expect(outcome.status).toBe(413)
      expect(JSON.parse(outcome.body!)).toEqual({
        error: { code: 'INVALID_INPUT', message: 'Request body exceeds the limit of 1024 bytes', details: { issues: [{ field: '(body)', message: 'exceeds the limit of 1024 bytes' }] } }
      })
    }
    expect(engine.calls).toEqual([])
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: json, body: '{}' })).status).toBe(200)
  })

  it('reads refused bodies to their end too: no token, wrong verb, wrong type', async () => {
    const refused = [
      await send('/api/app.info', { 'Content-Type': 'application/json' }, tenMegabytes),
      await send('/api/app.info', { 'Content-Type': 'text/plain', ...auth }, tenMegabytes),
      await send('/api/app.info', { ...json, Origin: 'http://evil.example' }, tenMegabytes)
    ]
    expect(refused.map((o) => [o.status, o.error])).toEqual([[401, undefined], [415, undefined], [403, undefined]])
  })

  it('answers at once, without waiting for it, a body declared larger than it will ever read', async () => {
    const outcome = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/app.info', headers: { ...json, 'Content-Length': String(2 ** 40) } }, (res) => {
        res.resume()
        resolve(res.statusCode)
        req.destroy()
      })
      req.on('error', reject)
      req.flushHeaders()
    })
    expect(outcome).toBe(413)
  })
})

describe('content types', () => {
  it('refuses a body not sent as JSON with 415, naming Content-Type, before the engine sees it', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx']) {
      const res = await rawRequest(server.port, { method: 'POST', path: '/api/experiments.create', headers: { ...auth, 'Content-Type': type }, body: '{"name":"csrf"}' })
      expect(res.status, type).toBe(415)
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('Content-Type: application/json'), details: { issues: [{ field: 'Content-Type' }] } } })
    }
    // No type at all, with a body: refused too.
    const untyped = await send('/api/experiments.create', auth, Buffer.from('{"name":"csrf"}'))
    expect(untyped.status).toBe(415)
    expect(engine.calls).toEqual([])
  })

  it('accepts JSON with parameters or in capitals, and a request with no body at all', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON']) {
      const res = await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: { ...auth, 'Content-Type': type }, body: '{}' })
      expect(res.status, type).toBe(200)
    }
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: auth })).status).toBe(200)
  })
})

describe('origins', () => {
  const foreign = (port: number) => ['http://evil.example', 'null', `http://127.0.0.1.evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `http://localhost:${port}/path`, `ftp://127.0.0.1:${port}`]

  it("refuses another site's page with 403 on every API call and upload, even with the token", async () => {
    for (const origin of foreign(server.port)) {
      const res = await rawRequest(server.port, { method: 'POST', path: '/api/experiments.create', headers: { ...json, Origin: origin }, body: '{"name":"csrf"}' })
      expect(res.status, origin).toBe(403)
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.stringContaining('only pages served by this server'), details: { issues: [{ field: 'Origin' }] } } })
      const upload = await rawRequest(server.port, { method: 'POST', path: '/upload?name=a.csv', headers: { ...auth, Origin: origin }, body: 'x,y\n' })
      expect(upload.status, origin).toBe(403)
    }
    expect(engine.calls).toEqual([])
    expect(() => readdirSync(join(dir, 'uploads'))).toThrow()
  })

  it('accepts tools that send no Origin and pages served from its own address', async () => {
    const own = [`http://127.0.0.1:${server.port}`, `http://localhost:${server.port}`, `http://[::1]:${server.port}`]
    for (const origin of [undefined, ...own]) {
      const headers: Record<string, string> = origin ? { ...json, Origin: origin } : json
      expect((await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers, body: '{}' })).status, origin).toBe(200)
    }
    // Behind a reverse proxy named in allowedHosts, its public origin is the page's own.
    const proxied = { ...json, Host: 'gpu.example', Origin: 'https://gpu.example' }
    expect((await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: proxied, body: '{}' })).status).toBe(200)
  })

  function connect(origin?: string): Promise<number> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${token}`, origin ? { origin } : {})
      ws.once('open', () => {
        ws.close()
        resolve(101)
      })
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
      ws.once('error', reject)
    })
  }

  it("refuses the event socket to another site's page, and opens it to its own", async () => {
    for (const origin of foreign(server.port)) expect(await connect(origin), origin).toBe(403)
    expect(await connect(`http://127.0.0.1:${server.port}`)).toBe(101)
    expect(await connect()).toBe(101)
  })
})

describe('hostile input', () => {
  it('answers a 20,000-deep JSON body with 400 naming the field, and keeps serving', async () => {
    const depth = 20_000
    const body = `{"trainer":"mlp","config":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
    const big = await createServer({ engine, token, port: 0 })
    try {
      const res = await rawRequest(big.port, { method: 'POST', path: '/api/runs.validate', headers: json, body })
      expect(res.status).toBe(400)
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('deeper than 32 levels'), details: { issues: [{ field: 'config' }] } } })
      expect((await rawRequest(big.port, { method: 'POST', path: '/api/app.info', headers: json, body: '{}' })).status).toBe(200)
    } finally {
      await big.close()
    }
    expect(engine.calls).toEqual(['app.info'])
  })

  it('quotes a 3 MB key back by its start and length, not whole', async () => {
    const big = await createServer({ engine, token, port: 0 })
    try {
      const huge = 'k'.repeat(3_000_000)
      const res = await rawRequest(big.port, { method: 'POST', path: '/api/experiments.create', headers: json, body: JSON.stringify({ name: 'a', [huge]: 1 }) })
      expect(res.status).toBe(400)
      expect(res.text.length).toBeLessThan(2000)
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining(`"${'k'.repeat(200)}"… (3000000 characters)`) } })
    } finally {
      await big.close()
    }
  })
})
