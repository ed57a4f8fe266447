import type { EventName, MethodName } from '../../../shared/api'
import { BINARY_CONTENT_TYPE, decodeBinaryBody } from '../../../shared/binary-body'
import { isErrorPayload } from '../../../shared/errors'
import type { Envelope } from '../../../shared/rpc'
import { createEventSocket, type SocketFactory } from './event-socket'
import type { Transport } from './transport'

export const tokenStorageKey = 'paramscope.token'

export interface HttpTransportOptions {
  /** Origin of the headless server, e.g. `http://127.0.0.1:7070`. */
  baseUrl: string
  token: string | null
  fetch?: typeof fetch
  connect?: SocketFactory
  initialDelayMs?: number
  maxDelayMs?: number
}

/**
 * Takes the server token from the page address (`?token=…`, before or after the `#`), keeps it
 * in sessionStorage so a reload still works, and removes it from the address bar so it does not
 * end up in history, screenshots or bookmarks.
 */
export function takeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | null {
  const url = new URL(win.location.href)
  let token = url.searchParams.get('token')
  if (token !== null) url.searchParams.delete('token')
  const hashQuery = url.hash.indexOf('?')
  if (token === null && hashQuery >= 0) {
    const params = new URLSearchParams(url.hash.slice(hashQuery + 1))
    token = params.get('token')
    params.delete('token')
    const rest = params.toString()
    url.hash = url.hash.slice(0, hashQuery) + (rest ? `?${rest}` : '')
  }
  if (token) {
    win.sessionStorage.setItem(tokenStorageKey, token)
    win.history.replaceState(win.history.state, '', url.toString())
    return token
  }
  return win.sessionStorage.getItem(tokenStorageKey)
}

async function readError(res: Response, method: MethodName): Promise<Envelope> {
  let body: unknown = null
  try {
    body = await res.json()
  } catch {
    // A proxy or a crash can answer HTML or nothing; report the status instead.
  }
  const error = (body as { error?: unknown } | null)?.error
  if (isErrorPayload(error)) return { ok: false, error }
  const code = res.status === 401 ? 'UNAUTHORIZED' : res.status === 404 ? 'NOT_FOUND' : 'INTERNAL'
  return { ok: false, error: { code, message: `${method}: the server answered ${res.status} ${res.statusText}`.trim() } }
}

/** POST /api/<method> with the token, and engine events over a WebSocket at /events. */
export function createHttpTransport(options: HttpTransportOptions): Transport & { close(): void } {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  // The binary body where a result holds typed arrays (the runs table's columns), else JSON.
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: `${BINARY_CONTENT_TYPE}, application/json` }
  if (options.token) headers.Authorization = `Bearer ${options.token}`

  const wsUrl = new URL('/events', options.baseUrl)
  wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:'
  if (options.token) wsUrl.searchParams.set('token', options.token)
  const socket = createEventSocket({
    url: wsUrl.toString(),
    connect: options.connect ?? ((url) => new WebSocket(url) as unknown as ReturnType<SocketFactory>),
    initialDelayMs: options.initialDelayMs,
    maxDelayMs: options.maxDelayMs
  })

  return {
    async invoke(method: MethodName, input: unknown): Promise<Envelope> {
      let res: Response
      try {
        res = await doFetch(new URL(`/api/${method}`, options.baseUrl).toString(), {
          method: 'POST',
          headers,
          body: JSON.stringify(input ?? {})
        })
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        return { ok: false, error: { code: 'INTERNAL', message: `Cannot reach the ParamScope server at ${options.baseUrl}: ${message}` } }
      }
      if (!res.ok) return readError(res, method)
      if (res.headers.get('Content-Type')?.split(';')[0]!.trim() === BINARY_CONTENT_TYPE) {
        try {
          return { ok: true, result: decodeBinaryBody(await res.arrayBuffer()) }
        } catch (err) {
          const reason = err instanceof Error ? err.message : String(err)
          return { ok: false, error: { code: 'INTERNAL', message: `${method}: the server's answer cannot be read: ${reason}` } }
        }
      }
      try {
        const body = (await res.json()) as { result?: unknown }
        return { ok: true, result: body.result }
      } catch {
        return { ok: false, error: { code: 'INTERNAL', message: `${method}: the server answered something that is not JSON` } }
      }
    },
    on(event: EventName, cb: (payload: unknown) => void) {
      return socket.on(event, cb)
    },
    onReconnect: (cb) => socket.onReconnect(cb),
    close: () => socket.close()
  }
}
