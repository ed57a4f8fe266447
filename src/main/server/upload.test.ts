import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type RunningServer } from './server'
import { createFakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'upload-token-0123456789'
let dir: string
let uploads: string
let server: RunningServer

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-upload-'))
  uploads = join(dir, 'library', 'uploads')
  server = await createServer({ engine: createFakeEngine(), token, upload: { dir: uploads, maxBytes: 64 } })
})
afterEach(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

const upload = (name: string, body: string, headers: Record<string, string> = { Authorization: `Bearer ${token}` }) =>
  rawRequest(server.port, { method: 'POST', path: `/upload?name=${encodeURIComponent(name)}`, headers, body })

const stored = () => {
  try {
    return readdirSync(uploads)
  } catch {
    return []
  }
}

describe('POST /upload', () => {
  it('refuses a request without a valid token and writes nothing', async () => {
    for (const headers of [{}, { Authorization: 'Bearer not-the-token-at-all' }] as Record<string, string>[]) {
      const res = await upload('a.csv', 'x\n1\n', headers)
      expect(res.status).toBe(401)
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } })
    }
    expect(stored()).toEqual([])
  })

  it('streams the body to a fresh file in the uploads folder and answers its path', async () => {
    const res = await upload('iris data.csv', 'a,b\n1,2\n')
    expect(res.status).toBe(201)
    const { path } = (res.json() as { result: { path: string } }).result
    expect(dirname(path)).toBe(uploads)
    expect(path).toMatch(/-iris_data\.csv$/)
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n')
    // The same name again gets its own file: nothing is overwritten.
    const again = (await upload('iris data.csv', 'other')).json() as { result: { path: string } }
    expect(again.result.path).not.toBe(path)
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n')
  })

  it('keeps a file under a partial name until its whole body has arrived', async () => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/upload?name=slow.csv', headers: { Authorization: `Bearer ${token}`, 'Content-Length': '8' } })
    const answered = new Promise<string>((resolve, reject) => {
      req.on('error', reject)
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
      })
    })
    req.write('a,b\n')
    while (stored().length === 0) await new Promise((r) => setTimeout(r, 5))
    expect(stored()).toEqual([expect.stringMatching(/^\.partial-\d+-[0-9a-f]{8}-slow\.csv$/)])
    req.end('1,2\n')
    const { path } = (JSON.parse(await answered) as { result: { path: string } }).result
    expect(stored()).toEqual([basename(path)])
    expect(readFileSync(path, 'utf8')).toBe('a,b\n1,2\n')
  })

  it('keeps names that try to leave the folder inside it', async () => {
    for (const name of ['../../escape.csv', '..\\..\\escape.csv', '/etc/passwd', '..', '.hidden']) {
      const res = await upload(name, 'x')
      expect(res.status, name).toBe(201)
      expect(dirname((res.json() as { result: { path: string } }).result.path), name).toBe(uploads)
    }
    expect(readdirSync(dir).sort()).toEqual(['library'])
    expect(readdirSync(join(dir, 'library'))).toEqual(['uploads'])
  })

  it('refuses a body over the limit, declared or streamed, and keeps no partial file', async () => {
    const big = 'x'.repeat(65)
    const declared = await upload('big.csv', big, { Authorization: `Bearer ${token}`, 'Content-Length': '65' })
    expect(declared.status).toBe(413)
    // Without a length header the body arrives chunked and is cut off while streaming.
    const streamed = await upload('big.csv', big)
    expect(streamed.status).toBe(413)
    expect(streamed.json()).toMatchObject({ error: { message: expect.stringContaining('upload limit of 64 bytes') } })
    expect(stored()).toEqual([])
  })

  it('needs POST and a file name', async () => {
    const get = await rawRequest(server.port, { method: 'GET', path: `/upload?name=a.csv&token=${token}` })
    expect(get.status).toBe(405)
    const nameless = await rawRequest(server.port, { method: 'POST', path: `/upload?token=${token}`, body: 'x' })
    expect(nameless.status).toBe(400)
    expect(nameless.json()).toMatchObject({ error: { details: { issues: [{ field: 'name' }] } } })
  })
})
