import type { IncomingMessage, ServerResponse } from 'node:http'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { EngineApi } from '../../shared/api'
import { BINARY_CONTENT_TYPE, encodeBinaryBody, withArraysAsLists } from '../../shared/binary-body'
import { clipText, quoteInput, type ErrorCode, type ErrorPayload } from '../../shared/errors'
import { dispatch } from '../../shared/rpc'
import { base64Length, PARSE_LOG_MAX_BYTES } from '../../shared/schemas/metric-files'

/** HTTP status of each error code; a new code fails to compile until it is placed here. */
export const statusByCode: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  INVALID_CONFIG: 400,
  DATASET_INVALID: 400,
  UNAUTHORIZED: 401,
  NOT_FOUND: 404,
  CONFLICT: 409,
  CANCELLED: 409,
  UNSUPPORTED: 501,
  INTERNAL: 500
}

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024

/**
 * Methods that take a whole file in their input get room for it: the format tester's file as
 * base64 and a little JSON around it. Its own limit is then refused by the engine, in words.
 */
const methodBodyBytes = new Map<string, number>([['trainers.parseLog', base64Length(PARSE_LOG_MAX_BYTES) + 64 * 1024]])

/**
 * How much of a body the server reads and drops before refusing it. Answering while the client
 * still sends makes it see a reset connection (EPIPE) instead of the error; past this much, the
 * connection is closed all the same.
 */
export const MAX_DRAIN_BYTES = 64 * 1024 * 1024

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, status, JSON.stringify(body), headers)
}

const JSON_TYPE = 'application/json; charset=utf-8'

const headersOf = (type: string, length: number, extra: Record<string, string> = {}): Record<string, string | number> => ({
  'Content-Type': type,
  'Content-Length': length,
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  ...extra
})

function sendJsonText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, headersOf(JSON_TYPE, Buffer.byteLength(text), headers))
  res.end(text)
}

/** A result's body as it goes out: JSON text, or a binary body's chunks (see binary-body.ts). */
type ResultBody = { type: string; chunks: (string | Uint8Array)[]; length: number }

function jsonBody(result: unknown): ResultBody {
  const text = `{"result":${JSON.stringify(withArraysAsLists(result)) ?? 'null'}}`
  return { type: JSON_TYPE, chunks: [text], length: Buffer.byteLength(text) }
}

function binaryBody(result: unknown): ResultBody | null {
  const chunks = encodeBinaryBody(result)
  return chunks && { type: BINARY_CONTENT_TYPE, chunks, length: chunks.reduce((n, c) => n + c.length, 0) }
}

/** Whether the client takes the binary body (the app's own page asks for it). */
const takesBinary = (accept: string | undefined): boolean => (accept ?? '').toLowerCase().split(',').some((part) => part.split(';')[0]!.trim() === BINARY_CONTENT_TYPE)

/**
 * The body of a frozen result, made once per form: a method that answers the same frozen object
 * again (runs.table over runs that did not change, megabytes of it) is not written again.
 */
const frozenBodies = new WeakMap<object, Map<string, ResultBody>>()
function resultBody(result: unknown, binary: boolean): ResultBody {
  const make = (): ResultBody => (binary && binaryBody(result)) || jsonBody(result)
  if (result === null || typeof result !== 'object' || !Object.isFrozen(result)) return make()
  let made = frozenBodies.get(result)
  if (!made) frozenBodies.set(result, (made = new Map()))
  const form = binary ? 'binary' : 'json'
  let body = made.get(form)
  if (!body) made.set(form, (body = make()))
  return body
}

/** Answers past this size travel compressed where the client takes it (a runs table of 17.6 MB: 4.9 MB). */
export const COMPRESS_FROM_BYTES = 256 * 1024
const compressors = {
  // Quality 1: 35 ms for 12 MB here, near the ratio of the slow levels.
  br: (data: Buffer) => promisify(brotliCompress)(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gzip: (data: Buffer) => promisify(gzip)(data, { level: 1 })
}
type Encoding = keyof typeof compressors

/** br where the client accepts it, else gzip, else none; `q=0` refuses one. */
export function pickEncoding(accept: string | undefined): Encoding | null {
  const taken = new Set(
    (accept ?? '')
      .toLowerCase()
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, ...params]) => !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p)))
      .map(([name]) => name!.trim())
  )
  return taken.has('br') ? 'br' : taken.has('gzip') ? 'gzip' : null
}

/** Compressed forms of a body made once (the body of a frozen result is made once). */
const compressedBodies = new WeakMap<ResultBody, Map<Encoding, Promise<Buffer>>>()

/** Whether a request came from this machine (IPv4 or IPv6 loopback). */
export const fromLoopback = (req: IncomingMessage): boolean => /^(127\.|::1$|::ffff:127\.)/.test(req.socket.remoteAddress ?? '')

/**
 * A method's result: JSON, or the binary body where the result holds typed arrays and the
 * client takes it; compressed off the engine's thread when it is large and a client on another
 * machine takes it (`compressLoopback`: one on this machine too).
 */
async function sendResult(req: IncomingMessage, res: ServerResponse, result: unknown, compressLoopback: boolean): Promise<void> {
  const body = resultBody(result, takesBinary(req.headers.accept))
  const compress = body.length >= COMPRESS_FROM_BYTES && (compressLoopback || !fromLoopback(req))
  const encoding = compress ? pickEncoding(req.headers['accept-encoding']) : null
  if (!encoding) {
    res.writeHead(200, headersOf(body.type, body.length))
    // The arrays' own memory, chunk by chunk: a binary body is not copied into one buffer.
    for (const chunk of body.chunks) res.write(chunk)
    res.end()
    return
  }
  let made = compressedBodies.get(body)
  if (!made) compressedBodies.set(body, (made = new Map()))
  let data = made.get(encoding)
  if (!data) made.set(encoding, (data = compressors[encoding](Buffer.concat(body.chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))))))
  const compressed = await data
  res.writeHead(200, headersOf(body.type, compressed.length, { 'Content-Encoding': encoding, Vary: 'Accept-Encoding' }))
  res.end(compressed)
}

export function sendError(res: ServerResponse, status: number, error: ErrorPayload, headers?: Record<string, string>): void {
  sendJson(res, status, { error }, headers)
}

/** A request body: its text, or null when it passed the limit and was dropped. */
type Body = { text: string | null }

/**
 * Reads the body, keeping it as text up to `limit` bytes. A longer body is read on to its end
 * and dropped, up to MAX_DRAIN_BYTES (a longer declared length is not read at all), so the
 * refusal reaches a client that is still sending.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > MAX_DRAIN_BYTES) return resolve({ text: null })
    let chunks: Buffer[] = []
    let size = 0
    const settle = (body: Body) => {
      req.off('data', onData)
      req.off('end', onEnd)
      resolve(body)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else chunks = []
      if (size > MAX_DRAIN_BYTES) {
        req.pause()
        settle({ text: null })
      }
    }
    const onEnd = () => settle({ text: size <= limit ? Buffer.concat(chunks).toString('utf8') : null })
    req.on('data', onData)
    req.on('end', onEnd)
    req.once('error', reject)
  })
}

/**
 * Answers a refused request once its body is read and dropped (see readBody), and closes the
 * connection. Every refusal before `dispatch` goes through here.
 */
export async function refuse(req: IncomingMessage, res: ServerResponse, status: number, error: ErrorPayload, headers: Record<string, string> = {}): Promise<void> {
  await readBody(req, 0)
  sendError(res, status, error, { Connection: 'close', ...headers })
}

const hasBody = (req: IncomingMessage): boolean =>
  req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0

/** `application/json`, with or without parameters such as `; charset=utf-8`. */
const isJson = (contentType: string): boolean => contentType.split(';')[0]!.trim().toLowerCase() === 'application/json'

/**
 * `POST /api/<method>` with the input as JSON body. The Host, Origin and token checks happen
 * before this is called; here the body is read, parsed and handed to `dispatch`, which validates
 * it against the contract.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, api: EngineApi, method: string, maxBodyBytes: number, compressLoopback = false): Promise<void> {
  const path = `/api/${clipText(method)}`
  if (req.method !== 'POST') {
    return refuse(req, res, 405, { code: 'INVALID_INPUT', message: `Use POST for ${path} (got ${clipText(req.method ?? '')})` }, { Allow: 'POST' })
  }
  // A form or a text/plain fetch from another site needs no CORS preflight; JSON does.
  const contentType = req.headers['content-type']
  if (contentType !== undefined ? !isJson(contentType) : hasBody(req)) {
    const message = `send it with "Content-Type: application/json" (got ${contentType === undefined ? 'none' : quoteInput(contentType)})`
    return refuse(req, res, 415, { code: 'INVALID_INPUT', message: `Request body must be JSON: ${message}`, details: { issues: [{ field: 'Content-Type', message }] } })
  }
  const limit = Math.max(maxBodyBytes, methodBodyBytes.get(method) ?? 0)
  const { text } = await readBody(req, limit)
  if (text === null) {
    const message = `exceeds the limit of ${limit} bytes`
    sendError(res, 413, { code: 'INVALID_INPUT', message: `Request body ${message}`, details: { issues: [{ field: '(body)', message }] } }, { Connection: 'close' })
    return
  }
  let input: unknown
  if (text.trim() !== '') {
    try {
      input = JSON.parse(text)
    } catch (err) {
      const reason = clipText(err instanceof Error ? err.message : String(err))
      sendError(res, 400, {
        code: 'INVALID_INPUT',
        message: `Request body is not valid JSON: ${reason}`,
        details: { issues: [{ field: '(body)', message: reason }] }
      })
      return
    }
  }
  const outcome = await dispatch(api, method, input)
  if (outcome.ok) await sendResult(req, res, outcome.result, compressLoopback)
  else sendError(res, statusByCode[outcome.error.code] ?? 500, outcome.error)
}
