import type { IncomingMessage, ServerResponse } from 'node:http'
import type { EngineApi } from '../../shared/api'
import { clipText, type ErrorCode, type ErrorPayload } from '../../shared/errors'
import { dispatch } from '../../shared/rpc'

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

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers
  })
  res.end(text)
}

export function sendError(res: ServerResponse, status: number, error: ErrorPayload, headers?: Record<string, string>): void {
  sendJson(res, status, { error }, headers)
}

class BodyTooLarge extends Error {}

/** Reads the whole body as text, stopping as soon as it passes `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    if (Number.isFinite(declared) && declared > limit) return reject(new BodyTooLarge())
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        reject(new BodyTooLarge())
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/**
 * `POST /api/<method>` with the input as JSON body. Authentication and the Host check happen
 * before this is called; here the body is read, parsed and handed to `dispatch`, which validates
 * it against the contract.
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, api: EngineApi, method: string, maxBodyBytes: number): Promise<void> {
  if (req.method !== 'POST') {
    sendError(res, 405, { code: 'INVALID_INPUT', message: `Use POST for /api/${clipText(method)} (got ${clipText(req.method ?? '')})` }, { Allow: 'POST' })
    return
  }
  let text: string
  try {
    text = await readBody(req, maxBodyBytes)
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err
    // Close the connection: the rest of an oversized upload is not worth reading.
    sendError(res, 413, { code: 'INVALID_INPUT', message: `Request body exceeds the limit of ${maxBodyBytes} bytes` }, { Connection: 'close' })
    req.resume()
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
  if (outcome.ok) sendJson(res, 200, { result: outcome.result })
  else sendError(res, statusByCode[outcome.error.code] ?? 500, outcome.error)
}
