/** The crash loop the study tests and bench/study-crash.ts share: an engine process killed with SIGKILL, again and again. */
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { EngineApi, Run, StudyDefinitionInput, TrainerInfo } from '../../../shared/api'
import { createEventBus, type EventBus } from '../events'
import { Rng } from '../random'
import { STORE_FILE, type RunOwner, type Store, type StudyRecord } from '../store'
import { trainerDefinitions } from '../trainers/registry'
import { type CheckedStudy, checkStudy, parseStudyDefinition } from './definition'
import { planTrials } from './plan'
import { createStudyRunner, type StudyRunnerDeps } from './runner'

const fixture = join(__dirname, 'fixtures', 'study-process.ts')

function start(args: string[]): { child: ChildProcess; out: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d))
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      if (code !== 0 && code !== null) process.stderr.write(`study process ${args.join(' ')} exited ${code}:\n${err}\n`)
      resolve(code)
    })
  )
  return { child, out: () => out, exited }
}

export interface CrashLoopOptions {
  dir: string
  definition: StudyDefinitionInput
  /**
   * SIGKILLs of the engine process: most at a random moment from `minMs` to `maxMs` after it
   * reports the study running, one in four within its first second (starting up, recovering).
   */
  kills: number
  minMs: number
  maxMs: number
  seed: number
}

export interface CrashLoopResult {
  studyId: number
  /** Engine processes killed before the study ended (fewer than asked when it ended first). */
  kills: number
  /** Kills that landed while trials were running, by the ledger. */
  killsMidTrial: number
  planned: number
  statuses: Record<string, number>
  distinctHashes: number
  /** Trials whose run is missing or did not finish, while the trial says finished. */
  badLinks: number
  /** Runs of the study in all, and how many runs more than trials (runs restarted from scratch). */
  runs: number
  attempts: number
  integrity: string
  wallMs: number
}

const readLedger = (file: string) => {
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return db.prepare<[], { status: string }>('SELECT status FROM trials').all()
  } finally {
    db.close()
  }
}

/** Records the study, kills its engine `kills` times at random moments, then lets a last engine finish it; reads the file as it is left. */
export async function crashLoop(o: CrashLoopOptions): Promise<CrashLoopResult> {
  const t0 = Date.now()
  const dataDir = join(o.dir, 'home')
  const file = join(o.dir, 'study.json')
  writeFileSync(file, JSON.stringify(o.definition))
  const create = start(['create', dataDir, file])
  if ((await create.exited) !== 0) throw new Error('the study could not be created')
  const studyId = Number(create.out().trim())
  const rng = new Rng(o.seed)
  let kills = 0
  let killsMidTrial = 0
  for (let i = 0; i < o.kills; i++) {
    const run = start(['run', dataDir, String(studyId)])
    let exited = false
    void run.exited.then(() => (exited = true))
    // One kill in four lands while the engine starts and settles what the last one left; the
    // others a random time after it reports the study running.
    const whileStarting = rng.next() < 0.25
    if (!whileStarting) while (!exited && !run.out().includes('running\n')) await new Promise((r) => setTimeout(r, 20))
    const delay = whileStarting ? rng.next() * 1000 : o.minMs + rng.next() * (o.maxMs - o.minMs)
    const ended = await Promise.race([run.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))])
    if (ended || exited) break
    if (readLedger(join(dataDir, STORE_FILE)).some((t) => t.status === 'running')) killsMidTrial += 1
    run.child.kill('SIGKILL')
    await run.exited
    kills += 1
  }
  const last = start(['run', dataDir, String(studyId)])
  if ((await last.exited) !== 0) throw new Error('the last engine did not finish the study')
  const db = new BetterSqlite3(join(dataDir, STORE_FILE), { readonly: true })
  try {
    const trials = db.prepare<[number], { status: string; hash: string; run_id: number | null; attempts: number }>('SELECT status, hash, run_id, attempts FROM trials WHERE study_id = ?').all(studyId)
    const statuses: Record<string, number> = {}
    for (const t of trials) statuses[t.status] = (statuses[t.status] ?? 0) + 1
    const runStatus = db.prepare<[number], { status: string }>('SELECT status FROM runs WHERE id = ?')
    const badLinks = trials.filter((t) => t.status === 'finished' && (t.run_id === null || runStatus.get(t.run_id)?.status !== 'finished')).length
    return {
      studyId,
      kills,
      killsMidTrial,
      planned: trials.length,
      statuses,
      distinctHashes: new Set(trials.map((t) => t.hash)).size,
      badLinks,
      runs: (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n,
      attempts: trials.reduce((a, t) => a + t.attempts, 0),
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      wallMs: Date.now() - t0
    }
  } finally {
    db.close()
  }
}

/** The study the crash tests kill: LHS of 4 points × 2 repeats of a small mlp, 2 at once. */
export function crashStudy(csv: string): StudyDefinitionInput {
  return {
    name: 'crash',
    trainer: 'mlp',
    dataset: csv,
    config: { 'data.batch_size': 8, 'training.epochs': 60, 'diagnostics.every': 0 },
    space: {
      params: {
        'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true },
        'model.hidden_size': { type: 'int', low: 4, high: 16 }
      }
    },
    design: { method: 'lhs', n: 4 },
    repeats: 2,
    seed: 3,
    concurrency: 2
  }
}

/**
 * A stand-in for the runs pipeline, for runner tests: runs last 1–12 ms (or report `curve`'s
 * values at steps 1, 2… a millisecond apart), at most `cap` run at once and the rest wait in
 * order, as the run queue keeps them. Records the most runs seen at once, in all and per experiment.
 */
export function standInRuns(store: Store, events: EventBus, cap: number, rng: Rng, curve?: (config: Record<string, unknown>) => number[]) {
  const running = new Map<number, NodeJS.Timeout>()
  const waiting: number[] = []
  const seen = { maxRunning: 0, maxByExperiment: new Map<number, number>() }
  const set = (id: number, patch: Parameters<Store['runs']['update']>[1]) => events.emit('run.updated', store.runs.update(id, patch))
  const report = (id: number, step: number, value: number) => {
    const time = Date.now()
    store.metrics.append(id, [{ name: 'val/loss', step, value, time }])
    events.emit('run.metrics', { runId: id, series: { 'val/loss': { steps: [step], values: [value], times: [time] } } })
  }
  const begin = (id: number) => {
    set(id, { status: 'running', startedAt: Date.now() })
    const experimentId = store.runs.get(id)!.experimentId
    const values = curve?.(store.runs.get(id)!.config)
    let step = 0
    const tick = () => {
      if (!running.has(id)) return
      if (!values) report(id, 1, rng.next())
      else if (step < values.length) {
        step += 1
        report(id, step, values[step - 1])
        running.set(id, setTimeout(tick, 1))
        return
      }
      end(id, 'finished')
    }
    running.set(id, setTimeout(tick, values ? 1 : 1 + rng.int(12)))
    seen.maxRunning = Math.max(seen.maxRunning, running.size)
    const mine = [...running.keys()].filter((r) => store.runs.get(r)!.experimentId === experimentId).length
    seen.maxByExperiment.set(experimentId, Math.max(seen.maxByExperiment.get(experimentId) ?? 0, mine))
  }
  function end(id: number, status: Run['status']) {
    if (running.has(id)) {
      clearTimeout(running.get(id))
      running.delete(id)
    } else {
      const i = waiting.indexOf(id)
      if (i < 0) return
      waiting.splice(i, 1)
    }
    set(id, { status, endedAt: Date.now() })
    while (running.size < cap && waiting.length > 0) begin(waiting.shift()!)
  }
  const enter = (id: number): Run => {
    if (running.size < cap) begin(id)
    else waiting.push(id)
    return store.runs.get(id)!
  }
  const runs: Pick<EngineApi, 'runs.start' | 'runs.resume' | 'runs.cancel' | 'runs.delete'> = {
    'runs.start': async ({ experimentId, trainer, config }) =>
      enter(store.runs.insert({ experimentId, name: 'stand-in', trainer, trainerVersion: '0', engineVersion: '0', config: config as Run['config'] }).id),
    'runs.resume': async ({ id }) => enter(store.runs.update(id, { status: 'queued', endedAt: null }).id),
    'runs.cancel': async ({ id }) => {
      setTimeout(() => end(id, 'cancelled'), rng.int(3))
      return store.runs.get(id)!
    },
    'runs.delete': async ({ id }) => {
      store.runs.delete(id)
      return { ok: true as const }
    }
  }
  return { runs, seen }
}

/** The built-in trainers as a CPU-only machine lists them, for runner tests. */
export const cpuTrainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))

/**
 * A study runner for tests: `cpuTrainers`, no adaptive samplers, a lease held while it names
 * `owner`'s instance, and nothing to sweep.
 */
export function testStudyRunner(deps: Pick<StudyRunnerDeps, 'store' | 'events' | 'owner' | 'runs' | 'maxConcurrentRuns'>) {
  return createStudyRunner({
    ...deps,
    trainers: () => cpuTrainers,
    samplers: {},
    isHeld: async (lease) => lease.instance === deps.owner.instance,
    sweepRuns: async () => undefined
  })
}

/**
 * A test study runner over `standInRuns` (`cap`, `rng`, `curve` are theirs) on a fresh event bus,
 * owned by this process under `instance`.
 */
export function standInStudyRunner(o: {
  store: Store
  instance: string
  cap: number
  rng: Rng
  curve?: (config: Record<string, unknown>) => number[]
  maxConcurrentRuns: number
}) {
  const events = createEventBus()
  const owner: RunOwner = { pid: process.pid, start: null, instance: o.instance }
  const { runs, seen } = standInRuns(o.store, events, o.cap, o.rng, o.curve)
  const runner = testStudyRunner({ store: o.store, events, owner, runs, maxConcurrentRuns: o.maxConcurrentRuns })
  return { runner, events, owner, runs, seen }
}

/** A study of the mlp on /data/blobs.csv sweeping optimizer.lr (0.001–0.1, log) by LHS of 4, seed 1; `patch` overrides. */
export function lrStudy(patch: Partial<StudyDefinitionInput> = {}): StudyDefinitionInput {
  return {
    name: 's',
    trainer: 'mlp',
    dataset: '/data/blobs.csv',
    space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
    design: { method: 'lhs', n: 4 },
    seed: 1,
    ...patch
  }
}

/** Checks `input` against `cpuTrainers`, records it as a study in a new experiment named `experiment`, and queues its planned trials. */
export function queueStudy(store: Store, input: StudyDefinitionInput, experiment: string): { study: StudyRecord; checked: CheckedStudy } {
  const checked = checkStudy(parseStudyDefinition(input), cpuTrainers)
  const experimentId = store.experiments.create({ name: experiment }).id
  const study = store.studies.create({ experimentId, name: input.name, trainer: input.trainer, definition: checked.definition })
  store.studies.enqueue(study.id, planTrials(checked))
  return { study, checked }
}
