import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Run } from '../../../shared/api'
import type { Engine } from '../types'
import { engineWithScripts, processAlive } from './testing'

/**
 * Runs of a command trainer under the whole engine, with a real Node script as the command: it
 * prints what it received through its three parameter channels as metrics and log lines, then
 * does what its `mode` parameter says.
 */
const script = `
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
const args = Object.fromEntries(process.argv.slice(2).filter((a) => a.startsWith('--')).map((a) => [a.slice(2, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]))
const config = JSON.parse(readFileSync(process.env.PARAMSCOPE_CONFIG, 'utf8'))
const metric = (m) => console.log('paramscope: ' + JSON.stringify(m))
metric({ step: 0, arg_lr: Number(args.lr), env_lr: Number(process.env.PARAMSCOPE_PARAM_LR), config_lr: config.lr, config_steps: config.steps, pid: process.pid })
console.log('note from argv: ' + args.note)
console.log('note from env: ' + process.env.PARAMSCOPE_PARAM_NOTE)
console.log('cwd: ' + process.cwd())
console.log('run dir: ' + process.env.PARAMSCOPE_RUN_DIR)
for (let step = 1; step <= config.steps; step++) metric({ step, loss: 1 / step })
appendFileSync(process.env.PARAMSCOPE_METRICS_FILE, JSON.stringify({ step: config.steps, file_acc: 0.5 }) + '\\n')
if (config.mode === 'exit3') process.exit(3)
if (config.mode === 'stubborn') {
  // A child of its own that ignores SIGTERM too: the whole process group goes.
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' })
  metric({ step: 0, child_pid: child.pid })
}
if (config.mode === 'stubborn' || config.mode === 'wait') {
  process.on('SIGTERM', () => {
    metric({ step: 1000, stop_file_seen: existsSync(process.env.PARAMSCOPE_STOP_FILE) ? 1 : 0 })
    if (config.mode === 'wait') process.exit(0)
  })
  console.log('waiting')
  setInterval(() => {}, 1000)
}
`

const L = (en: string) => ({ en, 'zh-CN': en })
let dir: string
let engine: Engine

const definition = (work: string) => ({
  name: 'node-script',
  label: L('Node script'),
  description: L('A test script'),
  command: [process.execPath, join(work, 'train.mjs'), '${args}'],
  cwd: work,
  groups: [{ id: 'training', label: L('Training') }],
  params: [
    { key: 'training.lr', group: 'training', type: 'float', default: 0.01, min: 0, minExclusive: true, label: L('lr'), help: L('step size') },
    { key: 'training.steps', group: 'training', type: 'int', default: 5, min: 1, max: 1000, label: L('steps'), help: L('steps') },
    { key: 'training.mode', group: 'training', type: 'choice', default: 'finish', choices: ['finish', 'exit3', 'stubborn', 'wait'].map((value) => ({ value, label: L(value) })), label: L('mode'), help: L('mode') },
    { key: 'training.note', group: 'training', type: 'string', default: 'hi', label: L('note'), help: L('note') }
  ],
  stopGraceSeconds: 1
})

function until(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const start = Date.now()
  return new Promise((resolve, reject) => {
    const tick = async () => {
      if (await check()) resolve()
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'))
      else setTimeout(tick, 20)
    }
    void tick()
  })
}

const ended = async (id: number): Promise<Run> => {
  let run!: Run
  await until(async () => {
    run = await engine.api['runs.get']({ id })
    return run.status !== 'running' && run.status !== 'queued'
  })
  return run
}

const start = async (config: Record<string, unknown>) => {
  const experiment = await engine.api['experiments.create']({ name: `command ${Math.random()}`, description: '' })
  return engine.api['runs.start']({ experimentId: experiment.id, trainer: 'node-script', config })
}

beforeAll(async () => {
  const made = await engineWithScripts('paramscope-command-run-', { 'train.mjs': script })
  dir = made.dir
  engine = made.engine
  const work = made.work
  await engine.api['trainers.add']({ definition: definition(work), replace: false })
})

afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a run of a command trainer', () => {
  it('validates its params with no dataset and names a bad field', async () => {
    expect((await engine.api['runs.validate']({ trainer: 'node-script', config: { 'training.lr': 0.5 } })).issues).toEqual([])
    const bad = await engine.api['runs.validate']({ trainer: 'node-script', config: { 'training.lr': -1 } })
    expect(bad.issues.map((i) => i.field)).toEqual(['training.lr'])
    const withData = await engine.api['runs.validate']({ trainer: 'node-script', config: {}, dataset: '/tmp/x.csv' })
    expect(withData.issues.map((i) => [i.field, i.rule])).toEqual([['dataset', 'commandTrainers.noDataset']])
    await expect(start({ 'training.steps': 0 })).rejects.toThrow(/training\.steps/)
  })

  it('gets its params through argv, env and PARAMSCOPE_CONFIG, finishes and keeps its metrics', async () => {
    const note = '$(touch pwned); rm -rf ~'
    const run = await start({ 'training.lr': 0.25, 'training.steps': 7, 'training.note': note })
    expect(run.status).toBe('running')
    const done = await ended(run.id)
    expect([done.status, done.exitCode]).toEqual(['finished', 0])
    const series = await engine.api['runs.metrics']({ id: run.id })
    expect([series.arg_lr.values, series.env_lr.values, series.config_lr.values, series.config_steps.values]).toEqual([[0.25], [0.25], [0.25], [7]])
    expect(series.loss.steps).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(series.loss.values[6]).toBeCloseTo(1 / 7)
    expect([series.file_acc.steps, series.file_acc.values]).toEqual([[7], [0.5]])
    // Each series remembers the channel that fed it, in the series and in the run's summary.
    expect([series.loss.channel, series.file_acc.channel]).toEqual(['stdout', 'jsonl'])
    const summary = (await engine.api['runs.get']({ id: run.id })).metrics
    expect([summary.loss.channel, summary.file_acc.channel]).toEqual(['stdout', 'jsonl'])
    const log = (await engine.api['runs.log']({ id: run.id, offset: 0 })).text
    const runDir = join(dir, 'home', 'runs', String(run.id))
    expect(log).toContain(`note from argv: ${note}\n`)
    expect(log).toContain(`note from env: ${note}\n`)
    expect(log).toContain(`cwd: ${join(dir, 'work')}\n`)
    expect(log).toContain(`run dir: ${runDir}\n`)
    expect(existsSync(join(dir, 'work', 'pwned'))).toBe(false)
    expect(existsSync(join(runDir, 'paramscope-config.yaml'))).toBe(true)
  })

  it('fails with exit code 3, keeping its metrics', async () => {
    const run = await start({ 'training.mode': 'exit3', 'training.steps': 3 })
    const done = await ended(run.id)
    expect([done.status, done.exitCode, done.statusReason]).toEqual(['failed', 3, { rule: 'commandTrainers.run.exitCode', values: { code: 3 } }])
    expect(done.statusMessage).toBe('The command exited with code 3')
    expect((await engine.api['runs.metrics']({ id: run.id })).loss.steps).toEqual([1, 2, 3])
  })

  it('is cancelled: stop file, SIGTERM, and a script that ignores it is gone within grace + 1 s', async () => {
    const run = await start({ 'training.mode': 'stubborn', 'training.steps': 4 })
    await until(async () => (await engine.api['runs.log']({ id: run.id, offset: 0 })).text.includes('waiting\n'))
    const before = await engine.api['runs.metrics']({ id: run.id })
    const [pid, childPid] = [before.pid.values[0]!, before.child_pid.values[0]!]
    expect([processAlive(pid), processAlive(childPid)]).toEqual([true, true])
    const asked = Date.now()
    await engine.api['runs.cancel']({ id: run.id })
    const done = await ended(run.id)
    const took = Date.now() - asked
    expect(took).toBeLessThan(2000)
    await until(async () => !processAlive(childPid), 1000)
    expect([processAlive(pid), processAlive(childPid)]).toEqual([false, false])
    expect(done.status).toBe('cancelled')
    expect(done.statusReason).toEqual({ rule: 'commandTrainers.run.cancelKilled', values: { seconds: 1 } })
    const series = await engine.api['runs.metrics']({ id: run.id })
    expect(series.loss.steps).toEqual([1, 2, 3, 4])
    // The stop file was there before SIGTERM arrived.
    expect(series.stop_file_seen.values).toEqual([1])
  })

  it('is cancelled when a script stops by itself on SIGTERM, exit code 0 or not', async () => {
    const run = await start({ 'training.mode': 'wait', 'training.steps': 2 })
    await until(async () => (await engine.api['runs.log']({ id: run.id, offset: 0 })).text.includes('waiting\n'))
    await engine.api['runs.cancel']({ id: run.id })
    const done = await ended(run.id)
    expect([done.status, done.exitCode, done.statusReason?.rule]).toEqual(['cancelled', 0, 'commandTrainers.run.cancelled'])
    expect((await engine.api['runs.metrics']({ id: run.id })).stop_file_seen.values).toEqual([1])
  })

  it('crashes when killed with SIGKILL from outside, keeping every metric received', async () => {
    const run = await start({ 'training.mode': 'stubborn', 'training.steps': 6 })
    await until(async () => (await engine.api['runs.log']({ id: run.id, offset: 0 })).text.includes('waiting\n'))
    const before = await engine.api['runs.metrics']({ id: run.id })
    const [pid, childPid] = [before.pid.values[0]!, before.child_pid.values[0]!]
    process.kill(pid, 'SIGKILL')
    const done = await ended(run.id)
    // What the script left running went with it.
    await until(async () => !processAlive(childPid), 1000)
    expect([done.status, done.exitSignal]).toEqual(['crashed', 'SIGKILL'])
    // As for a built-in trainer: nothing in ParamScope SIGKILLs a run unasked, so memory is suspected.
    expect(['likelyOutOfMemory', 'outOfMemory']).toContain(done.statusReason?.rule)
    expect((await engine.api['runs.metrics']({ id: run.id })).loss.steps).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('fails, saying why, when its program cannot be started', async () => {
    await engine.api['trainers.add']({ definition: { ...definition(join(dir, 'work')), name: 'no-program', command: [join(dir, 'no-such-program')] }, replace: false })
    const experiment = await engine.api['experiments.create']({ name: 'no program', description: '' })
    const run = await engine.api['runs.start']({ experimentId: experiment.id, trainer: 'no-program', config: {} })
    const done = await ended(run.id)
    expect([done.status, done.statusReason?.rule]).toEqual(['failed', 'commandTrainers.run.notStarted'])
    expect(done.statusMessage).toContain(join(dir, 'no-such-program'))
  })

  it('refuses to resume a command trainer run', async () => {
    const run = await start({ 'training.mode': 'exit3', 'training.steps': 1 })
    await ended(run.id)
    await expect(engine.api['runs.resume']({ id: run.id })).rejects.toThrow(/cannot be resumed/)
  })
})
