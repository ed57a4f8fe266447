/** `paramscope serve --max-runs N`: the built command holds trainers to N, and the rest of the runs queue. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBlobsCsv } from '../engine/datasets/samples'
import { builtCli, requireBuilt, runCli } from './testing'

let dir: string
let csv: string

beforeAll(async () => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-max-runs-'))
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, seed: 1 })
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope serve --max-runs', () => {
  it('starts at most N trainers; runs beyond wait queued', async () => {
    const child = spawn(process.execPath, [builtCli, 'serve', '--port', '0', '--max-runs', '1', '--data', join(dir, 'home')], { stdio: ['ignore', 'pipe', 'pipe'] })
    const closed = new Promise((resolve) => child.once('close', resolve))
    try {
      const url = await new Promise<URL>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString()
          const m = /(http:\/\/\S+\?token=\S+)/.exec(out)
          if (m) resolve(new URL(m[1]))
        })
        child.once('close', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      const call = async (method: string, input: unknown) => {
        const res = await fetch(new URL(`/api/${method}`, url), {
          method: 'POST',
          headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' },
          body: JSON.stringify(input)
        })
        const reply = (await res.json()) as { result: { id: number; status: string } }
        expect(res.ok, JSON.stringify(reply)).toBe(true)
        return reply.result
      }
      const { id: experimentId } = await call('experiments.create', { name: 'max runs' })
      const start = () => call('runs.start', { experimentId, trainer: 'mlp', dataset: csv, config: { 'training.epochs': 10000, 'diagnostics.every': 0 } })
      const statuses = [(await start()).status, (await start()).status, (await start()).status]
      expect(statuses).toEqual(['running', 'queued', 'queued'])
    } finally {
      child.kill('SIGTERM')
      await closed
    }
  })

  it('refuses a count that is not a whole number of at least 1', () => {
    const r = runCli(['serve', '--max-runs', '0', '--data', join(dir, 'home')])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('--max-runs 0: expected a whole number ≥ 1')
  })
})
