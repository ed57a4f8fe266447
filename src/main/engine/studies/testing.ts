/** The crash loop the study tests and bench/study-crash.ts share: an engine process killed with SIGKILL, again and again. */
import { type ChildProcess, spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import type { StudyDefinitionInput } from '../../../shared/api'
import { Rng } from '../random'
import { STORE_FILE } from '../store'

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
  /** SIGKILLs of the engine process, each at a random moment from `minMs` to `maxMs` after its start. */
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
    const delay = o.minMs + rng.next() * (o.maxMs - o.minMs)
    const ended = await Promise.race([run.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), delay))])
    if (ended) break
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
    config: { 'data.batch_size': 16, 'training.epochs': 4, 'diagnostics.every': 0 },
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
