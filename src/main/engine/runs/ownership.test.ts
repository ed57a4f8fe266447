/**
 * One run, one trainer: two engines on one data folder in this process, and the built
 * `paramscope` command as other processes on the same folder, one of them killed mid-run.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { builtCli, requireBuilt, runCli } from '../../cli/testing'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import { STORE_FILE } from '../store'
import type { Engine } from '../types'
import { createNodeLauncher } from './node-launcher'
import { probeProcess } from './process-identity'

let dir: string
let home: string
let csv: string
const engines: Engine[] = []
let cli: ChildProcess | undefined

const call = <M extends MethodName>(engine: Engine, m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>

async function openEngine(): Promise<Engine> {
  const engine = await createEngine({ dataDir: home, launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), cancelGraceMs: 3000 })
  engines.push(engine)
  return engine
}

async function waitFor(engine: Engine, id: number, until: (r: Run) => boolean, what: string): Promise<Run> {
  for (let i = 0; i < 1200; i++) {
    const run = (await call(engine, 'runs.list', {})).find((r) => r.id === id)
    if (run && until(run)) return run
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`run ${id} never got ${what}`)
}

/** The trainer pid recorded for a run, read from the file as any other process would. */
function recordedTrainer(id: number): number | null {
  const db = new BetterSqlite3(join(home, STORE_FILE), { readonly: true })
  try {
    return (db.prepare('SELECT trainer_pid FROM runs WHERE id = ?').get(id) as { trainer_pid: number | null }).trainer_pid
  } finally {
    db.close()
  }
}

/** Trainer processes this test process started (both engines live here). */
function ownTrainers(): number[] {
  const lines = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n')
  return lines
    .map((l) => l.trim().split(/\s+/))
    .filter(([, ppid, ...args]) => Number(ppid) === process.pid && args.join(' ').includes(join('trainers', 'entry.ts')))
    .map(([pid]) => Number(pid))
}

// Long enough (30 epochs of 120 single steps) that every step below lands mid-run.
const long = ['data.batch_size=4', 'training.epochs=30', 'runtime.steps_per_run=1', 'model.hidden_size=16', 'diagnostics.every=0']

beforeAll(async () => {
  requireBuilt(['cli.js', 'trainer.js'])
  dir = mkdtempSync(join(tmpdir(), 'paramscope-ownership-'))
  home = join(dir, 'home')
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 600, features: 5, classes: 3, separation: 2.5, seed: 5 })
})

afterAll(async () => {
  cli?.kill('SIGKILL')
  await Promise.all(engines.map((e) => e.close()))
  rmSync(dir, { recursive: true, force: true })
})

describe('one trainer per run across processes', () => {
  let runId: number
  let first: Engine
  let second: Engine

  it('interrupts a run whose engine was killed, once its trainer is gone too, and lets another engine resume it', async () => {
    first = await openEngine()
    const args = ['--data', home, 'run', '--trainer', 'mlp', '--dataset', csv, ...long.flatMap((s) => ['--set', s]), '--json']
    cli = spawn(process.execPath, [builtCli, ...args], { stdio: 'ignore' })
    const cliExited = new Promise((r) => cli!.once('exit', r))
    for (let i = 0; i < 600 && runId === undefined; i++) {
      runId = (await call(first, 'runs.list', {}))[0]?.id
      if (runId === undefined) await new Promise((r) => setTimeout(r, 50))
    }
    // Past the first epoch, so the run has a checkpoint to resume from.
    await waitFor(first, runId, (r) => r.step > 130, 'past its first epoch')
    const cliTrainer = recordedTrainer(runId)
    expect(cliTrainer).not.toBeNull()
    expect((await call(first, 'runs.get', { id: runId })).status).toBe('running')

    cli.kill('SIGKILL')
    await cliExited
    const interrupted = await waitFor(first, runId, (r) => r.status !== 'running', 'marked after its engine was killed')
    expect(interrupted.status).toBe('interrupted')
    // Marked only once nothing can write to the run any more.
    expect(await probeProcess(cliTrainer!)).toEqual({ alive: false })

    const resumed = await call(first, 'runs.resume', { id: runId })
    expect(resumed.status).toBe('running')
    expect(ownTrainers()).toHaveLength(1)
  })

  it('keeps the run running while another process opens the folder, and refuses a second resume', async () => {
    const listed = runCli(['--data', home, 'runs', 'list', '--json'])
    expect(listed.code, listed.stderr).toBe(0)
    expect((JSON.parse(listed.stdout) as Run[]).find((r) => r.id === runId)?.status).toBe('running')

    second = await openEngine()
    expect((await call(second, 'runs.get', { id: runId })).status).toBe('running')
    const refused = await call(second, 'runs.resume', { id: runId }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^Run ${runId} is still running under another ParamScope engine \\(process ${process.pid}\\)`)) })
    expect((await call(first, 'runs.get', { id: runId })).status).toBe('running')
    expect(ownTrainers()).toHaveLength(1)
  })

  it('lets exactly one of two engines resuming the same run at once win', async () => {
    await call(first, 'runs.cancel', { id: runId })
    expect((await waitFor(second, runId, (r) => r.status !== 'running', 'cancelled')).status).toBe('cancelled')
    expect(ownTrainers()).toHaveLength(0)

    const attempts = await Promise.allSettled([call(first, 'runs.resume', { id: runId }), call(second, 'runs.resume', { id: runId })])
    const won = attempts.filter((a) => a.status === 'fulfilled')
    const lost = attempts.filter((a) => a.status === 'rejected')
    expect(won).toHaveLength(1)
    expect(lost).toHaveLength(1)
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/still (queued|running)/) })
    expect(ownTrainers()).toHaveLength(1)
    expect((await call(second, 'runs.get', { id: runId })).status).toBe('running')
  })
})
