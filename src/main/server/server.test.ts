import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { methodNames } from '../../shared/api'
import { pageUrl, createServer, type RunningServer } from './server'
import { createFakeEngine, type FakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'test-token-0123456789abcdef'

let engine: FakeEngine
let server: RunningServer
let subscribed = 0

beforeEach(async () => {
  engine = createFakeEngine()
  const bus = engine.events
  subscribed = 0
  // Count live subscriptions so a test can see a closed socket let go of the bus.
  engine.events = {
    emit: bus.emit,
    subscribe(listener) {
      subscribed++
      const off = bus.subscribe(listener)
      return () => {
        subscribed--
        off()
      }
    }
  }
  server = await createServer({ engine, token, maxBodyBytes: 1024 })
})
afterEach(async () => {
  await server.close()
})

const call = (method: string, body: unknown, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
  rawRequest(server.port, { method: 'POST', path: `/api/${method}`, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) })

describe('authentication', () => {
  it('refuses every method without a valid token and never reaches the engine', async () => {
    for (const method of methodNames) {
      for (const headers of [{}, { Authorization: 'Bearer wrong-token-wrong-token' }, { Authorization: `Basic ${token}` }] as Record<string, string>[]) {
        const res = await call(method, {}, headers)
        expect(res.status, `${method} ${JSON.stringify(headers)}`).toBe(401)
        expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
      }
    }
    expect((await rawRequest(server.port, { method: 'POST', path: `/api/app.info?token=${token}x` })).status).toBe(401)
    expect(engine.calls).toEqual([])
  })

  it('accepts the token as a Bearer header or a query parameter', async () => {
    expect((await call('app.info', {})).json()).toMatchObject({ result: { version: '0.0.0-test', providers: ['cpu'] } })
    const viaQuery = await rawRequest(server.port, { method: 'POST', path: `/api/app.info?token=${token}` })
    expect(viaQuery.status).toBe(200)
  })

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await call('app.info', {}, { Authorization: `Bearer ${token}`, Host: `evil.example:${server.port}` })
    expect(res.status).toBe(403)
    expect((await rawRequest(server.port, { path: '/', headers: { Host: 'evil.example' } })).status).toBe(403)
    expect((await call('app.info', {}, { Authorization: `Bearer ${token}`, Host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('refuses a short token at start', async () => {
    await expect(createServer({ engine, token: 'short' })).rejects.toThrow(/at least 12 characters \(got 5\)/)
  })
})

describe('API errors', () => {
  it('maps error codes to HTTP statuses with the error payload', async () => {
    expect((await call('experiments.create', { name: 'lr' })).status).toBe(200)
    const conflict = await call('experiments.create', { name: 'lr' })
    expect(conflict.status).toBe(409)
    expect(conflict.json()).toEqual({ error: { code: 'CONFLICT', message: 'An experiment named "lr" already exists' } })
    expect((await call('experiments.get', { id: 99 })).status).toBe(404)
    expect((await call('runs.list', {})).status).toBe(501)
    expect((await call('runs.delete', { id: 1 })).json()).toEqual({ error: { code: 'INTERNAL', message: 'disk on fire' } })
    expect((await call('runs.delete', { id: 1 })).status).toBe(500)
    expect((await call('no.such.method', {})).status).toBe(404)
  })

  it('names the offending field of invalid input', async () => {
    const res = await call('experiments.get', { id: 'seven' })
    expect(res.status).toBe(400)
    expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', details: { issues: [{ field: 'id' }] } } })
  })

  it('refuses malformed JSON, oversized bodies and other verbs', async () => {
    const auth = { Authorization: `Bearer ${token}` }
    const bad = await rawRequest(server.port, { method: 'POST', path: '/api/app.info', headers: { 'Content-Type': 'application/json', ...auth }, body: '{"name": ' })
    expect(bad.status).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('body is not valid JSON'), details: { issues: [{ field: '(body)' }] } } })
    const big = await call('experiments.create', { name: 'x', description: 'y'.repeat(2000) })
    expect(big.status).toBe(413)
    const get = await rawRequest(server.port, { path: '/api/app.info', headers: auth })
    expect(get.status).toBe(405)
    expect(get.headers.allow).toBe('POST')
  })

  it('treats an empty body as empty input', async () => {
    const res = await rawRequest(server.port, { method: 'POST', path: '/api/experiments.list', headers: { Authorization: `Bearer ${token}` } })
    expect(res.json()).toEqual({ result: [] })
  })
})

function connect(path: string): Promise<{ ws: WebSocket; status?: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}${path}`)
    ws.once('open', () => resolve({ ws }))
    ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode }))
    ws.once('error', reject)
  })
}

describe('events over WebSocket', () => {
  it('refuses a connection without a valid token', async () => {
    expect((await connect('/events')).status).toBe(401)
    expect((await connect('/events?token=nope-nope-nope-nope')).status).toBe(401)
    expect((await connect(`/elsewhere?token=${token}`)).status).toBe(404)
    expect(subscribed).toBe(0)
  })

  it('forwards engine events and unsubscribes when the socket closes', async () => {
    const { ws } = await connect(`/events?token=${token}`)
    const message = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))))
    expect((await call('experiments.create', { name: 'ws' })).status).toBe(200)
    expect(await message).toEqual({ event: 'experiments.changed', payload: {} })
    expect(subscribed).toBe(1)
    await new Promise((resolve) => {
      ws.once('close', resolve)
      ws.close()
    })
    await expect.poll(() => subscribed).toBe(0)
  })

  it('drops open sockets on close and lets go of the engine\'s events', async () => {
    const { ws } = await connect(`/events?token=${token}`)
    await expect.poll(() => subscribed).toBe(1)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    await server.close()
    // Terminated, not closed with a handshake: the client sees the abnormal-closure code.
    expect(await closed).toBe(1006)
    expect(ws.readyState).toBe(WebSocket.CLOSED)
    await expect.poll(() => subscribed).toBe(0)
    server = await createServer({ engine, token })
  })
})

describe('addresses', () => {
  it('reports its URL and the page URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`)
    expect(pageUrl(server.url, 'a b')).toBe(`http://127.0.0.1:${server.port}/?token=a%20b`)
  })
})
