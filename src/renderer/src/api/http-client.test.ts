// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { BINARY_CONTENT_TYPE, encodeBinaryBody } from '../../../shared/binary-body'
import { createClient } from './client'
import type { SocketLike } from './event-socket'
import { createHttpTransport, takeToken, tokenStorageKey } from './http-client'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = []
  onopen: SocketLike['onopen'] = null
  onmessage: SocketLike['onmessage'] = null
  onclose: SocketLike['onclose'] = null
  onerror: SocketLike['onerror'] = null
  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  close(): void {
    this.onclose?.({})
  }
}

afterEach(() => {
  FakeSocket.all = []
  vi.useRealTimers()
  sessionStorage.clear()
})

describe('http transport', () => {
  it('posts the input to /api/<method> with the bearer token and returns the result', async () => {
    const fetch = vi.fn(async () => json(200, { result: { version: '0.1.0' } }))
    const client = createClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:7070', token: 's3cret', fetch, connect: (u) => new FakeSocket(u) }))
    await expect(client['app.info']({})).resolves.toEqual({ version: '0.1.0' })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('http://127.0.0.1:7070/api/app.info')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer s3cret')
    // The server refuses any other type (another site's text/plain post needs no preflight).
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json')
    expect(init.body).toBe('{}')
  })

  it('asks for the binary body and reads typed arrays out of it; names what is wrong with a broken one', async () => {
    const binary = (body: BodyInit) => new Response(body, { status: 200, headers: { 'Content-Type': BINARY_CONTENT_TYPE } })
    const chunks = encodeBinaryBody({ total: 2, metrics: { loss: { values: new Float64Array([0.5, Number.NaN]) } } })!
    const fetch = vi.fn(async () => binary(new Blob(chunks as BlobPart[])))
    const client = createClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:7070', token: 't', fetch, connect: (u) => new FakeSocket(u) }))
    const result = (await client['app.info']({})) as unknown as { total: number; metrics: { loss: { values: Float64Array } } }
    expect(result.total).toBe(2)
    expect(Array.from(result.metrics.loss.values)).toEqual([0.5, Number.NaN])
    const [, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect((init.headers as Record<string, string>).Accept).toBe(`${BINARY_CONTENT_TYPE}, application/json`)
    fetch.mockImplementationOnce(async () => binary('PSB1'))
    await expect(client['app.info']({})).rejects.toMatchObject({ code: 'INTERNAL', message: "app.info: the server's answer cannot be read: the answer is not a ParamScope binary body" })
  })

  it('parses the error payload of a non-2xx answer', async () => {
    const error = { code: 'CONFLICT', message: 'An experiment named "a" exists', details: { issues: [{ field: 'name', message: 'taken' }] } }
    const fetch = vi.fn(async () => json(409, { error }))
    const client = createClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:1', token: 't', fetch }))
    await expect(client['experiments.create']({ name: 'a' })).rejects.toMatchObject({ code: 'CONFLICT', issues: error.details.issues })
  })

  it('maps a 401 without a JSON body and a network failure to readable errors', async () => {
    const html = vi.fn(async () => new Response('<html>', { status: 401, statusText: 'Unauthorized' }))
    await expect(createClient(createHttpTransport({ baseUrl: 'http://h:1', token: null, fetch: html }))['app.info']({})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
      message: 'app.info: the server answered 401 Unauthorized'
    })
    const down = vi.fn(async () => Promise.reject(new TypeError('Failed to fetch')))
    await expect(createClient(createHttpTransport({ baseUrl: 'http://h:1', token: 't', fetch: down }))['app.info']({})).rejects.toMatchObject({
      code: 'INTERNAL',
      message: 'Cannot reach the ParamScope server at http://h:1: Failed to fetch'
    })
  })

  it('delivers WebSocket events by name and reconnects with growing delays', async () => {
    vi.useFakeTimers()
    const transport = createHttpTransport({ baseUrl: 'http://127.0.0.1:7070', token: 'a b', fetch: vi.fn(), connect: (u) => new FakeSocket(u), initialDelayMs: 100, maxDelayMs: 250 })
    const got: unknown[] = []
    let reconnects = 0
    transport.on('run.log', (p) => got.push(p))
    transport.onReconnect?.(() => reconnects++)
    expect(FakeSocket.all).toHaveLength(1)
    FakeSocket.all[0].onopen?.({})
    expect(reconnects).toBe(0)
    expect(FakeSocket.all[0].url).toBe('ws://127.0.0.1:7070/events?token=a+b')
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ event: 'run.log', payload: { runId: 1, text: 'hi' } }) })
    FakeSocket.all[0].onmessage?.({ data: JSON.stringify({ event: 'run.updated', payload: {} }) })
    FakeSocket.all[0].onmessage?.({ data: 'not json' })
    expect(got).toEqual([{ runId: 1, text: 'hi' }])

    FakeSocket.all[0].close()
    vi.advanceTimersByTime(99)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(2)
    FakeSocket.all[1].close()
    vi.advanceTimersByTime(199)
    expect(FakeSocket.all).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(3)
    FakeSocket.all[2].onopen?.({})
    expect(reconnects).toBe(1)
    FakeSocket.all[2].onmessage?.({ data: JSON.stringify({ event: 'run.log', payload: { runId: 1, text: 'again' } }) })
    expect(got).toHaveLength(2)
    transport.close()
    vi.advanceTimersByTime(10_000)
    expect(FakeSocket.all).toHaveLength(3)
  })
})

describe('takeToken', () => {
  function fakeWindow(href: string) {
    const replaceState = vi.fn()
    return { win: { location: { href } as Location, history: { state: null, replaceState } as unknown as History, sessionStorage }, replaceState }
  }

  it('keeps the token from the query in sessionStorage and strips it from the address', () => {
    const { win, replaceState } = fakeWindow('http://127.0.0.1:7070/?token=abc&x=1#/runs/3')
    expect(takeToken(win)).toBe('abc')
    expect(sessionStorage.getItem(tokenStorageKey)).toBe('abc')
    expect(replaceState).toHaveBeenCalledWith(null, '', 'http://127.0.0.1:7070/?x=1#/runs/3')
  })

  it('finds a token after the hash and falls back to the stored one on reload', () => {
    const { win, replaceState } = fakeWindow('http://127.0.0.1:7070/#/?token=xyz')
    expect(takeToken(win)).toBe('xyz')
    expect(replaceState).toHaveBeenCalledWith(null, '', 'http://127.0.0.1:7070/#/')
    const reload = fakeWindow('http://127.0.0.1:7070/#/')
    expect(takeToken(reload.win)).toBe('xyz')
    expect(reload.replaceState).not.toHaveBeenCalled()
  })
})
