import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { ErrorPayload } from '../../shared/errors'
import type { EventBus } from '../engine/events'

/** A client this far behind is dropped rather than buffered without bound. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024
const HEARTBEAT_MS = 30_000

export interface EventSockets {
  /** Completes a checked upgrade request to `/events`. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void
  close(): Promise<void>
}

/** Answers a refused upgrade with a plain HTTP error carrying the usual error payload. */
export function refuseUpgrade(socket: Duplex, status: number, error: ErrorPayload): void {
  const body = JSON.stringify({ error })
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  )
}

/**
 * Pushes every engine event to every connected socket as `{"event": name, "payload": …}`.
 * The sockets are one-way: anything a client sends is ignored, and a small maxPayload keeps
 * a client from making the server buffer large frames.
 */
export function createEventSockets(events: EventBus): EventSockets {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096 })
  const alive = new WeakMap<WebSocket, boolean>()

  wss.on('connection', (ws) => {
    alive.set(ws, true)
    ws.on('pong', () => alive.set(ws, true))
    const unsubscribe = events.subscribe((event, payload) => {
      if (ws.readyState !== ws.OPEN) return
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
        ws.terminate()
        return
      }
      ws.send(JSON.stringify({ event, payload }))
    })
    ws.on('close', unsubscribe)
    ws.on('error', () => ws.terminate())
  })

  // Sleeping laptops and dropped networks leave sockets that never close by themselves.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.get(ws)) {
        ws.terminate()
        continue
      }
      alive.set(ws, false)
      ws.ping()
    }
  }, HEARTBEAT_MS)
  heartbeat.unref()

  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req))
    },
    close() {
      clearInterval(heartbeat)
      for (const ws of wss.clients) ws.terminate()
      return new Promise((resolve) => wss.close(() => resolve()))
    }
  }
}
