import type { EventName } from '../../../shared/api'

/** The part of the WebSocket API the event socket uses, so tests can pass a fake. */
export interface SocketLike {
  onopen: ((ev: unknown) => void) | null
  onmessage: ((ev: { data: unknown }) => void) | null
  onclose: ((ev: unknown) => void) | null
  onerror: ((ev: unknown) => void) | null
  close(): void
}
export type SocketFactory = (url: string) => SocketLike

export interface EventSocketOptions {
  url: string
  connect: SocketFactory
  /** First reconnect delay; doubles after each failed attempt up to maxDelayMs. */
  initialDelayMs?: number
  maxDelayMs?: number
}

export interface EventSocket {
  on(event: EventName, cb: (payload: unknown) => void): () => void
  onReconnect(cb: () => void): () => void
  close(): void
}

/**
 * One WebSocket for all engine events, opened on the first subscription and reopened with
 * exponential backoff when it drops (the server restarted, the laptop slept).
 */
export function createEventSocket(options: EventSocketOptions): EventSocket {
  const initialDelay = options.initialDelayMs ?? 500
  const maxDelay = options.maxDelayMs ?? 10_000
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const reconnectListeners = new Set<() => void>()
  let hasOpened = false
  let socket: SocketLike | null = null
  let delay = initialDelay
  let timer: ReturnType<typeof setTimeout> | null = null
  let closed = false

  function dispatch(data: unknown): void {
    if (typeof data !== 'string') return
    let message: unknown
    try {
      message = JSON.parse(data)
    } catch {
      return
    }
    if (typeof message !== 'object' || message === null) return
    const { event, payload } = message as { event?: unknown; payload?: unknown }
    if (typeof event !== 'string') return
    for (const cb of listeners.get(event) ?? []) cb(payload)
  }

  function open(): void {
    if (closed || socket) return
    const s = options.connect(options.url)
    socket = s
    s.onopen = () => {
      delay = initialDelay
      if (hasOpened) for (const cb of reconnectListeners) cb()
      hasOpened = true
    }
    s.onmessage = (ev) => dispatch(ev.data)
    s.onerror = () => s.close()
    s.onclose = () => {
      if (socket !== s) return
      socket = null
      if (closed) return
      timer = setTimeout(() => {
        timer = null
        open()
      }, delay)
      delay = Math.min(delay * 2, maxDelay)
    }
  }

  return {
    on(event, cb) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(cb)
      open()
      return () => {
        set.delete(cb)
      }
    },
    onReconnect(cb) {
      reconnectListeners.add(cb)
      return () => {
        reconnectListeners.delete(cb)
      }
    },
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      const s = socket
      socket = null
      s?.close()
    }
  }
}
