/**
 * The format tester sends a whole file in its JSON body: the server gives trainers.parseLog room
 * for the engine's own limit, so a file over the general body limit is read and one over the
 * tester's limit is refused by the engine in words, not by the transport.
 */
import { afterEach, beforeEach, expect, it } from 'vitest'
import { createParseLogApi } from '../engine/command/parse-log-api'
import { createServer, type RunningServer } from './server'
import { createFakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'parse-log-token-0123456789'
let server: RunningServer

beforeEach(async () => {
  const engine = createFakeEngine()
  server = await createServer({ engine: { ...engine, api: { ...engine.api, ...createParseLogApi(6 * 1024) } }, token, maxBodyBytes: 4096 })
})
afterEach(() => server.close())

const post = (method: string, input: unknown) =>
  rawRequest(server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input)
  })

it('reads a file larger than the general body limit, and refuses one over its own limit by code', async () => {
  const log = 'step=1 loss=0.5\n'.repeat(300)
  const ok = await post('trainers.parseLog', { name: 'train.log', contentBase64: Buffer.from(log).toString('base64') })
  expect(ok.status).toBe(200)
  expect(ok.json()).toMatchObject({ result: { kind: 'log', series: [{ name: 'loss', points: 1, dropped: 299 }] } })

  const big = await post('trainers.parseLog', { name: 'train.log', contentBase64: Buffer.from(log.repeat(2)).toString('base64') })
  expect(big.status).toBe(400)
  expect(big.json()).toMatchObject({ error: { details: { message: { code: 'metrics.parseLog.tooLarge' } } } })

  // Every other method keeps the general limit.
  const other = await post('experiments.create', { name: 'x'.repeat(5000) })
  expect(other.status).toBe(413)
})
