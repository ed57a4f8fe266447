/**
 * What the server does with hostile or careless requests: oversized and non-JSON bodies, other
 * sites' pages, input nested 20,000 deep or megabytes long. A real server on a real port, real
 * requests.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type RunningServer } from './server'
import { createFakeEngine, type FakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'hardening-token-0123456789'
const auth = { Authorization: `Bearer ${token}` }
const json = { 'Content-Type': 'application/json', ...auth }

let dir: string
let engine: FakeEngine
let server: RunningServer

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-hardening-'))
  engine = createFakeEngine()
  server = await createServer({ engine, token, maxBodyBytes: 1024, upload: { dir: join(dir, 'uploads') }, allowedHosts: ['gpu.example'] })
})
afterEach(async () => {
  await server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('hostile input', () => {
  it('answers a 20,000-deep JSON body with 400 naming the field, and keeps serving', async () => {
    const depth = 20_000
    const body = `{"trainer":"mlp","config":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`
    const big = await createServer({ engine, token, port: 0 })
    try {
      const res = await rawRequest(big.port, { method: 'POST', path: '/api/runs.validate', headers: json, body })
      expect(res.status).toBe(400)
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('deeper than 32 levels'), details: { issues: [{ field: 'config' }] } } })
      expect((await rawRequest(big.port, { method: 'POST', path: '/api/app.info', headers: json, body: '{}' })).status).toBe(200)
    } finally {
      await big.close()
    }
    expect(engine.calls).toEqual(['app.info'])
  })

  it('quotes a 3 MB key back by its start and length, not whole', async () => {
    const big = await createServer({ engine, token, port: 0 })
    try {
      const huge = 'k'.repeat(3_000_000)
      const res = await rawRequest(big.port, { method: 'POST', path: '/api/experiments.create', headers: json, body: JSON.stringify({ name: 'a', [huge]: 1 }) })
      expect(res.status).toBe(400)
      expect(res.text.length).toBeLessThan(2000)
      expect(res.json()).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining(`"${'k'.repeat(200)}"… (3000000 characters)`) } })
    } finally {
      await big.close()
    }
  })
})
