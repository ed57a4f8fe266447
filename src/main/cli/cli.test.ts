/** The built `paramscope` command against a real data folder, trainer processes and signals. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { builtCli, requireBuilt, runCli } from './testing'
import { writeBlobsCsv } from '../engine/datasets/samples'

let dir: string
let data: string
let csv: string

const paramscope = (...args: string[]) => runCli(['--data', data, ...args])

function waitFor(check: () => boolean, timeoutMs = 20000): Promise<void> {
  const start = Date.now()
  return new Promise((ok, fail) => {
    const tick = () => (check() ? ok() : Date.now() - start > timeoutMs ? fail(new Error('timed out')) : setTimeout(tick, 50))
    tick()
  })
}

beforeAll(async () => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-cli-'))
  data = join(dir, 'home')
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 600, features: 4, classes: 3, seed: 3 })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope CLI', () => {
  it('lists trainers with their parameter schemas', () => {
    const r = paramscope('trainers', '--json')
    expect(r.code).toBe(0)
    const mlp = JSON.parse(r.stdout).find((t: { id: string }) => t.id === 'mlp')
    const keys = mlp.params.map((p: { key: string }) => p.key)
    for (const key of ['data.target', 'data.val_fraction', 'data.batch_size', 'model.hidden_size', 'model.layers', 'optimizer.name', 'optimizer.lr', 'optimizer.weight_decay', 'schedule.name', 'schedule.warmup_steps', 'training.epochs', 'training.seed', 'runtime.device'])
      expect(keys).toContain(key)
  })

  it('runs a training to the end and prints the run object', () => {
    const cfg = join(dir, 'quick.yaml')
    writeFileSync(cfg, 'training:\n  epochs: 2\noptimizer:\n  name: sgd\n  lr: 0.05\n')
    const r = paramscope('run', '--trainer', 'mlp', '--dataset', csv, '--config', cfg, '--set', 'schedule.name=warmup_cosine', '--experiment', 'cli', '--json')
    expect(r.code, r.stderr).toBe(0)
    const run = JSON.parse(r.stdout)
    expect(run).toMatchObject({ status: 'finished', config: { 'training.epochs': 2, 'optimizer.name': 'sgd', 'optimizer.lr': 0.05, 'schedule.name': 'warmup_cosine' } })
    expect(Object.keys(run.metrics).sort()).toEqual(expect.arrayContaining(['lr', 'train/loss', 'val/accuracy', 'val/loss']))
    expect(run.metrics['val/loss'].count).toBe(2)
    expect(run.metrics['train/loss'].count).toBe(run.metrics.lr.count)

    const shown = paramscope('runs', 'show', String(run.id), '--json')
    expect(JSON.parse(shown.stdout)).toEqual(run)
    const series = JSON.parse(paramscope('runs', 'metrics', String(run.id), '--metric', 'train/loss', '--json').stdout)
    expect(series.steps).toHaveLength(run.metrics['train/loss'].count)
    expect(series.values[0]).toBe(run.metrics['train/loss'].first)
    const listed = JSON.parse(paramscope('runs', 'list', '--experiment', 'cli', '--json').stdout)
    expect(listed.map((x: { id: number }) => x.id)).toContain(run.id)
  })

  it('refuses invalid values before any process starts, naming the field', () => {
    const before = JSON.parse(paramscope('runs', 'list', '--json').stdout).length
    const cases: [string[], string][] = [
      [['--set', 'optimizer.lr=-1'], 'optimizer.lr'],
      [['--set', 'data.batch_size=0'], 'data.batch_size'],
      [['--set', 'data.target=nope'], 'data.target'],
      [['--set', 'optimizer.lrr=1'], 'optimizer.lrr'],
      // A list is refused as one, never read as 1664256.
      [['--set', 'data.batch_size=16,64,256'], 'data.batch_size: takes one number, not a list (got "16,64,256")']
    ]
    for (const [args, field] of cases) {
      const r = paramscope('run', '--trainer', 'mlp', '--dataset', csv, ...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(field)
    }
    const bad = join(dir, 'bad.csv')
    writeFileSync(bad, 'a,b,label\n1,2,x\n3,,y\n')
    const r = paramscope('run', '--trainer', 'mlp', '--dataset', bad, '--set', 'data.missing=refuse')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('line 3, column "b": the value is missing')
    expect(JSON.parse(paramscope('runs', 'list', '--json').stdout)).toHaveLength(before)
  })

  it('cancels on Ctrl-C and exits non-zero', async () => {
    const child = spawn(process.execPath, [builtCli, '--data', data, 'run', '--trainer', 'mlp', '--dataset', csv, '--set', 'training.epochs=10000', '--json'])
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => (stdout += d))
    await waitFor(() => /running +step [1-9]/.test(stderr))
    child.kill('SIGINT')
    const code = await new Promise((ok) => child.on('exit', (c, sig) => ok(c ?? sig)))
    expect(code, stderr).toBe(130)
    expect(JSON.parse(stdout).status).toBe('cancelled')
  })

  it('cancels once on SIGTERM sent again while cancelling, and still prints the run', async () => {
    // A service manager or `timeout` may signal the process and its group: a repeat is no Ctrl-C twice.
    const child = spawn(process.execPath, [builtCli, '--data', data, 'run', '--trainer', 'mlp', '--dataset', csv, '--set', 'training.epochs=10000', '--json'])
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (d) => (stderr += d))
    child.stdout.on('data', (d) => (stdout += d))
    await waitFor(() => /running +step [1-9]/.test(stderr))
    child.kill('SIGTERM')
    await waitFor(() => stderr.includes('cancelling'))
    child.kill('SIGTERM')
    const code = await new Promise((ok) => child.on('exit', (c, sig) => ok(c ?? sig)))
    expect(code, stderr).toBe(130)
    expect(JSON.parse(stdout).status).toBe('cancelled')
  })

  it('marks a run interrupted when its engine dies mid-run', async () => {
    const child = spawn(process.execPath, [builtCli, '--data', data, 'run', '--trainer', 'mlp', '--dataset', csv, '--set', 'training.epochs=10000', '--experiment', 'doomed'])
    let stderr = ''
    child.stderr.on('data', (d) => (stderr += d))
    await waitFor(() => /running +step [1-9]/.test(stderr))
    child.kill('SIGKILL')
    await new Promise((ok) => child.on('exit', ok))
    const runs = JSON.parse(paramscope('runs', 'list', '--experiment', 'doomed', '--json').stdout)
    expect(runs).toHaveLength(1)
    expect(runs[0].status).toBe('interrupted')
    const shown = JSON.parse(paramscope('runs', 'show', String(runs[0].id), '--json').stdout)
    expect(shown.metrics['train/loss'].count).toBeGreaterThan(0)
  })
})
