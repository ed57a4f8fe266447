/** `paramscope study` built, as a user runs it: a real data folder, trainer processes and Ctrl-C. */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeBlobsCsv } from '../engine/datasets/samples'
import { builtCli, requireBuilt, runCli } from './testing'

let dir: string
let data: string
let csv: string
let space: string

const paramscope = (...args: string[]) => runCli(['--data', data, ...args], { timeoutMs: 120_000 })
const create = (...extra: string[]) =>
  paramscope('study', 'create', '--trainer', 'mlp', '--dataset', csv, '--space', space, '--design', 'lhs', '--n', '3', '--repeats', '2', '--seed', '5', '--set', 'training.epochs=2', '--set', 'diagnostics.every=0', '--objective-value', 'best', ...extra)
const statusOf = (id: string) => JSON.parse(paramscope('study', 'status', id, '--json').stdout) as {
  status: string
  statusMessage: string | null
  statusCoded?: { code: string } | null
  counts: Record<string, number>
  trials: { hash: string; status: string; runId: number | null }[]
}

beforeAll(async () => {
  requireBuilt(['cli.js', 'trainer.js'])
  dir = mkdtempSync(join(tmpdir(), 'paramscope-study-cli-'))
  data = join(dir, 'home')
  csv = join(dir, 'blobs.csv')
  space = join(dir, 'space.yaml')
  await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, separation: 3, seed: 2 })
  writeFileSync(space, 'params:\n  optimizer.lr: { type: float, low: 0.001, high: 0.1, log: true }\n  model.hidden_size: { type: int, low: 4, high: 16 }\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope study', () => {
  it('creates a study and prints its id, runs it to n × repeats finished trials, and exports a file that reproduces it', () => {
    const made = create('--concurrency', '2')
    expect(made.code, made.stderr).toBe(0)
    const id = made.stdout.trim()
    expect(id).toMatch(/^\d+$/)
    expect(made.stderr).toContain('6 trials planned, seed 5')
    const run = paramscope('study', 'run', id)
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toMatch(new RegExp(`^study ${id} finished: 6/6 ended \\(6 finished, 0 failed`))
    expect(run.stderr).toMatch(/study \d+ running: /)
    const first = statusOf(id)
    expect(first.counts).toMatchObject({ finished: 6, running: 0, queued: 0 })
    expect(new Set(first.trials.map((t) => t.runId)).size).toBe(6)
    const file = join(dir, 'study.yaml')
    expect(paramscope('study', 'export', id, '--out', file).code).toBe(0)
    expect(readFileSync(file, 'utf8')).toMatch(/seed: 5\n/)
    const again = paramscope('study', 'create', '--file', file, '--json')
    expect(again.code, again.stderr).toBe(0)
    const copy = JSON.parse(again.stdout) as { id: number; planned: number }
    expect(copy.planned).toBe(6)
    expect(statusOf(String(copy.id)).trials.map((t) => t.hash)).toEqual(first.trials.map((t) => t.hash))
    expect(paramscope('study', 'list').stdout).toMatch(/mlp lhs\s+mlp\s+lhs\s+finished/)
    const chinese = paramscope('--lang', 'zh-CN', 'study', 'status', id).stdout
    expect(chinese).toMatch(new RegExp(`^研究 ${id} 已完成：6/6 已结束（6 完成，0 失败`))
    // Why it stopped, from the ledger's code, in the reader's language; the English stays for --json.
    expect(chinese.split('\n')[1]).toBe('所有规划的试验均已结束')
    expect(first).toMatchObject({ statusMessage: 'every planned trial has ended', statusCoded: { code: 'studies.status.allEnded' } })
    const extended = paramscope('study', 'extend', id, '--n', '1')
    expect(extended.stdout).toMatch(/paused: 6\/8 ended/)
  })

  it('names the flag or field it refuses', () => {
    expect(create('--design', 'halton').stderr).toMatch(/--design halton: expected grid, .*tpe/)
    const bad = create('--set', 'data.batch_size=0')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/config\.data\.batch_size: must be ≥ 1/)
    const file = join(dir, 'bad.yaml')
    writeFileSync(file, 'name: x\ntrainer: mlp\ndataset: a.csv\nspace: { params: {} }\ndesign: { method: lhs, n: 0 }\n')
    expect(paramscope('study', 'create', '--file', file).stderr).toMatch(/bad\.yaml: Invalid study: design\.n: Too small/)
    expect(paramscope('study', 'status', '999').stderr).toMatch(/Study 999 does not exist/)
  })

  it('pauses on Ctrl-C: running trials stop and wait queued, and cancel ends the rest', async () => {
    const made = create('--set', 'training.epochs=40', '--set', 'data.batch_size=4', '--concurrency', '2')
    const id = made.stdout.trim()
    const child = spawn(process.execPath, [builtCli, '--data', data, 'study', 'run', id], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    for (const end = Date.now() + 60_000; !/, 2 running/.test(stderr) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100))
    child.kill('SIGINT')
    expect(await exited).toBe(130)
    expect(stderr).toContain('pausing: running trials stop and are queued again')
    const paused = statusOf(id)
    expect(paused.status).toBe('paused')
    expect(paused.counts).toMatchObject({ queued: 6, running: 0, finished: 0 })
    const cancelled = paramscope('study', 'cancel', id)
    expect(cancelled.stdout).toMatch(/cancelled: 6\/6 ended \(0 finished, 0 failed, 0 pruned, 6 cancelled\)/)
    // The study's message and each trial's, worded in Chinese from their codes.
    const chinese = paramscope('--lang', 'zh-CN', 'study', 'status', id).stdout
    expect(chinese.split('\n')[1]).toMatch(/^已由进程 \d+ 取消$/)
    expect(chinese.match(/研究已取消/g)).toHaveLength(6)
  })
})
