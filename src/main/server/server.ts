import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { AppError, clipText, quoteInput, toErrorPayload } from '../../shared/errors'
import type { Engine } from '../engine/types'
import { contentSecurityPolicy } from '../window'
import { createHostCheck, createOriginCheck, isAuthorized, MIN_TOKEN_LENGTH } from './auth'
import { createEventSockets, refuseUpgrade } from './events-socket'
import { DEFAULT_MAX_BODY_BYTES, handleApi, refuse, sendError, statusByCode } from './http-api'
import { serveStatic } from './static-files'
import { handleUpload, type UploadOptions } from './upload'

export interface ServerOptions {
  engine: Pick<Engine, 'api' | 'events'>
  /** Required on every /api/ request and on /events; at least 12 characters. */
  token: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /** The built renderer (out/renderer); without it only the API is served. */
  staticDir?: string
  maxBodyBytes?: number
  /** Extra Host header and Origin names to accept (a reverse proxy's public name). */
  allowedHosts?: string[]
  /** Where `POST /upload` stores browser-dropped files; without it there is no upload route. */
  upload?: UploadOptions
  /**
   * Compress large answers to clients on this machine too (tests). Off by default: over loopback
   * there is no network to save, and brotli of a 17 MB runs table took 130 ms of the engine's time.
   */
  compressLoopback?: boolean
}

export interface RunningServer {
  /** Base URL, without the token, e.g. http://127.0.0.1:5123 */
  url: string
  port: number
  host: string
  close(): Promise<void>
}

/** The address a browser should open: the page reads the token from its own URL. */
export function pageUrl(url: string, token: string): string {
  return `${url}/?token=${encodeURIComponent(token)}`
}

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/**
 * The engine API over HTTP and its events over WebSocket, plus the renderer's files, for the
 * headless `paramscope serve`, remote GPU boxes and the end-to-end tests.
 */
export async function createServer(options: ServerOptions): Promise<RunningServer> {
  const { engine, token, host = '127.0.0.1', port = 0, staticDir, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, compressLoopback = false } = options
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new AppError('INVALID_INPUT', `The server token must be at least ${MIN_TOKEN_LENGTH} characters (got ${token.length})`, {
      issues: [{ field: 'token', message: `at least ${MIN_TOKEN_LENGTH} characters` }]
    })
  }
  const isAllowedHost = createHostCheck(host, options.allowedHosts)
  const isAllowedOrigin = createOriginCheck(host, options.allowedHosts)
  const sockets = createEventSockets(engine.events)
  const hostRefusal = (hostHeader: string | undefined) => ({
    code: 'UNAUTHORIZED' as const,
    message: `Host ${quoteInput(hostHeader ?? '')} is not allowed; open the server by its address (e.g. 127.0.0.1)`
  })
  const originRefusal = (origin: string) => {
    const message = `${quoteInput(origin)} is not allowed: only pages served by this server may call it`
    return { code: 'UNAUTHORIZED' as const, message: `Origin ${message}`, details: { issues: [{ field: 'Origin', message }] } }
  }
  let boundPort = port
  /** Whether a browser request comes from another site's page. */
  const isForeign = (req: IncomingMessage) => !isAllowedOrigin(req.headers.origin, req.headers.host, boundPort)
  const tokenRefusal = { code: 'UNAUTHORIZED' as const, message: 'A valid token is required: send "Authorization: Bearer <token>" or ?token=<token>' }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!isAllowedHost(req.headers.host)) return refuse(req, res, 403, hostRefusal(req.headers.host))
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/')
    const isUpload = url.pathname === '/upload' && options.upload !== undefined
    if (isApi || isUpload) {
      if (isForeign(req)) return refuse(req, res, 403, originRefusal(req.headers.origin!))
      if (!isAuthorized(req, url, token)) return refuse(req, res, 401, tokenRefusal, { 'WWW-Authenticate': 'Bearer' })
      if (isUpload) return handleUpload(req, res, url, options.upload!)
      return handleApi(req, res, engine.api, url.pathname.slice('/api/'.length), maxBodyBytes, compressLoopback)
    }
    if (url.pathname === '/events') {
      return sendError(res, 426, { code: 'INVALID_INPUT', message: '/events is a WebSocket endpoint' }, { Upgrade: 'websocket' })
    }
    // The page talks back to this same server over ws://; name that origin for older CSP engines.
    const csp = contentSecurityPolicy({ dev: false, connectSources: [`ws://${req.headers.host}`] })
    return serveStatic(req, res, staticDir, url.pathname, csp)
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname !== '/events') return refuseUpgrade(socket, 404, { code: 'NOT_FOUND', message: `No WebSocket endpoint at ${clipText(url.pathname)}` })
    if (!isAllowedHost(req.headers.host)) return refuseUpgrade(socket, 403, hostRefusal(req.headers.host))
    if (isForeign(req)) return refuseUpgrade(socket, 403, originRefusal(req.headers.origin!))
    if (!isAuthorized(req, url, token)) return refuseUpgrade(socket, 401, tokenRefusal)
    sockets.accept(req, socket, head)
  }

  const server = createHttpServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      // A bug here must still answer in the API's error shape, not hang the client.
      const error = toErrorPayload(err)
      if (res.headersSent) res.destroy()
      else sendError(res, statusByCode[error.code], error)
    })
  })
  server.on('upgrade', onUpgrade)

  await new Promise<void>((resolve, reject) => {
    const onListenError = (err: NodeJS.ErrnoException) => {
      const reason = err.code === 'EADDRINUSE' ? 'the port is in use' : err.message
      reject(new AppError(err.code === 'EADDRINUSE' ? 'CONFLICT' : 'INTERNAL', `Cannot listen on ${host}:${port}: ${reason}`))
    }
    server.once('error', onListenError)
    server.listen(port, host, () => {
      server.off('error', onListenError)
      resolve()
    })
  })
  // Without a listener a later server error (EMFILE on accept) would crash the whole engine.
  server.on('error', (err) => console.error('paramscope server error:', err))
  boundPort = (server.address() as AddressInfo).port

  return {
    url: `http://${urlHost(host)}:${boundPort}`,
    port: boundPort,
    host,
    async close() {
      await sockets.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
    }
  }
}
