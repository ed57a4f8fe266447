import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { safeFileName } from '../engine/datasets/import/import-queue'
import { PARTIAL_UPLOAD } from '../engine/datasets/import/leftovers'
import { sendError, sendJson } from './http-api'

export interface UploadOptions {
  /** Where uploaded files land (`<dataDir>/library/uploads`). */
  dir: string
  /** Largest file accepted, in bytes. */
  maxBytes?: number
}

export const DEFAULT_MAX_UPLOAD_BYTES = 16 * 1024 ** 3

class TooLarge extends Error {}

/** Passes bytes through until `limit` is passed, then fails the pipeline. */
function byteLimit(limit: number): Transform {
  let seen = 0
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length
      done(seen > limit ? new TooLarge() : null, chunk)
    }
  })
}

/**
 * `POST /upload?name=<file name>` with the raw file as body: how a browser hands a dropped file
 * to a headless engine. The file streams to disk under a fresh name (a time, random bytes and
 * the sanitised name, never overwriting), so no name can point outside the folder; the page then
 * imports the returned path with `datasets.import`. Authentication happens before this is called.
 */
export async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, options: UploadOptions): Promise<void> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES
  if (req.method !== 'POST') {
    sendError(res, 405, { code: 'INVALID_INPUT', message: `Use POST for /upload (got ${req.method})` }, { Allow: 'POST' })
    return
  }
  const name = url.searchParams.get('name')?.trim() ?? ''
  if (name === '') {
    const message = 'name the file: /upload?name=<file name>'
    sendError(res, 400, { code: 'INVALID_INPUT', message, details: { issues: [{ field: 'name', message }] } })
    return
  }
  const tooLarge = () => {
    sendError(res, 413, { code: 'INVALID_INPUT', message: `${name} is larger than the upload limit of ${maxBytes} bytes` }, { Connection: 'close' })
  }
  const declared = Number(req.headers['content-length'])
  if (Number.isFinite(declared) && declared > maxBytes) {
    tooLarge()
    req.resume()
    return
  }
  await mkdir(options.dir, { recursive: true })
  const stored = `${Date.now()}-${randomBytes(4).toString('hex')}-${safeFileName(name)}`
  const path = join(options.dir, stored)
  // Named as arriving until whole, so that cleaning leftover uploads never takes one mid-stream.
  const partial = join(options.dir, `${PARTIAL_UPLOAD}${stored}`)
  try {
    await pipeline(req, byteLimit(maxBytes), createWriteStream(partial, { flags: 'wx' }))
    await rename(partial, path)
  } catch (err) {
    // A partial file is worth nothing: an aborted or oversized upload leaves no trace.
    await rm(partial, { force: true })
    if (err instanceof TooLarge) return tooLarge()
    if (!res.headersSent && !req.destroyed) throw err
    return
  }
  sendJson(res, 201, { result: { path } })
}
