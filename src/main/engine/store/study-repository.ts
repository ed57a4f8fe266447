import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import type { CodedMessage } from '../../../shared/messages'
import type { ParamValue } from '../../../shared/schemas/params'
import {
  type StudyDefinition,
  type StudyStatus,
  type Trial,
  type TrialStatus,
  trialStatuses
} from '../../../shared/schemas/studies'
import type { RunOwner } from './run-repository'

/** Who holds a study or a trial: an engine by pid, start token and instance, as runs record it. */
export interface Lease {
  pid: number | null
  start: string | null
  instance: string | null
  at: number | null
}

export interface StudyRecord {
  id: number
  experimentId: number
  name: string
  trainer: string
  definition: StudyDefinition
  status: StudyStatus
  statusMessage: string | null
  /** The status message as a catalog code and values; null on studies from before codes, or with none. */
  statusCoded: CodedMessage | null
  elapsedMs: number
  lease: Lease
  createdAt: number
  startedAt: number | null
  endedAt: number | null
}

export type StudyPatch = Partial<Pick<StudyRecord, 'status' | 'statusMessage' | 'statusCoded' | 'elapsedMs' | 'startedAt' | 'endedAt' | 'definition'>>

export interface NewTrial {
  params: Record<string, ParamValue>
  repeat: number
  seed: number | null
  hash: string
}

export type TrialRecord = Trial & { lease: Lease }

export type TrialPatch = Partial<Pick<Trial, 'status' | 'runId' | 'objective' | 'prunedStep' | 'message' | 'messageCoded' | 'startedAt' | 'endedAt' | 'device'>>

export interface StudyRepository {
  create(input: { experimentId: number; name: string; trainer: string; definition: StudyDefinition }): StudyRecord
  get(id: number): StudyRecord | undefined
  /** Newest first. */
  list(): StudyRecord[]
  update(id: number, patch: StudyPatch): StudyRecord
  /**
   * Takes the study for `owner` (or lets it go with null) when it is still held as `seen` says:
   * compare-and-set, so of two engines that saw it free, one wins. False when refused.
   */
  setLease(id: number, owner: RunOwner | null, seen: Lease): boolean
  /**
   * Adds trials in order after the last; a trial whose hash the study already has is skipped,
   * so planning twice plans once. Returns the trials added.
   */
  enqueue(studyId: number, trials: readonly NewTrial[]): number
  trials(studyId: number, options?: { status?: TrialStatus }): TrialRecord[]
  getTrial(id: number): TrialRecord | undefined
  trialOfRun(runId: number): TrialRecord | undefined
  counts(studyId: number): Record<TrialStatus, number>
  /** The finished trial with the lowest (min) or highest (max) objective. */
  best(studyId: number, direction: 'min' | 'max'): TrialRecord | undefined
  /** Moves the first queued trial to running under `owner` in one statement; undefined when none is queued. */
  claimNext(studyId: number, owner: RunOwner): TrialRecord | undefined
  /** The first `limit` queued trials in plan order, unclaimed: what a scheduler may choose from. */
  queuedHead(studyId: number, limit: number): TrialRecord[]
  /** Moves this trial to running under `owner` if it is still queued (compare-and-set); undefined when another took it. */
  claim(trialId: number, owner: RunOwner): TrialRecord | undefined
  /** Sets the given fields; moving out of `running` lets the lease go. */
  updateTrial(id: number, patch: TrialPatch): TrialRecord
  /** Every trial of every study that is `running`, with its lease. */
  listRunning(): TrialRecord[]
}

interface StudyRow {
  id: number
  experiment_id: number
  name: string
  trainer: string
  definition_json: string
  status: StudyStatus
  status_message: string | null
  status_coded_json: string | null
  elapsed_ms: number
  lease_pid: number | null
  lease_start: string | null
  lease_instance: string | null
  lease_at: number | null
  created_at: number
  started_at: number | null
  ended_at: number | null
}

interface TrialRow {
  id: number
  study_id: number
  idx: number
  hash: string
  params_json: string
  repeat: number
  seed: number | null
  status: TrialStatus
  run_id: number | null
  lease_pid: number | null
  lease_start: string | null
  lease_instance: string | null
  lease_at: number | null
  objective: number | null
  pruned_step: number | null
  message: string | null
  message_coded_json: string | null
  attempts: number
  device: string | null
  created_at: number
  started_at: number | null
  ended_at: number | null
}

const coded = (json: string | null): CodedMessage | null => (json === null ? null : (JSON.parse(json) as CodedMessage))

const toStudy = (r: StudyRow): StudyRecord => ({
  id: r.id,
  experimentId: r.experiment_id,
  name: r.name,
  trainer: r.trainer,
  definition: JSON.parse(r.definition_json) as StudyDefinition,
  status: r.status,
  statusMessage: r.status_message,
  statusCoded: coded(r.status_coded_json),
  elapsedMs: r.elapsed_ms,
  lease: { pid: r.lease_pid, start: r.lease_start, instance: r.lease_instance, at: r.lease_at },
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at
})

const toTrial = (r: TrialRow): TrialRecord => ({
  id: r.id,
  studyId: r.study_id,
  index: r.idx,
  hash: r.hash,
  params: JSON.parse(r.params_json) as Record<string, ParamValue>,
  repeat: r.repeat,
  seed: r.seed,
  status: r.status,
  runId: r.run_id,
  objective: r.objective,
  prunedStep: r.pruned_step,
  message: r.message,
  messageCoded: coded(r.message_coded_json),
  attempts: r.attempts,
  device: r.device,
  createdAt: r.created_at,
  startedAt: r.started_at,
  endedAt: r.ended_at,
  lease: { pid: r.lease_pid, start: r.lease_start, instance: r.lease_instance, at: r.lease_at }
})

export function createStudyRepository(db: Database): StudyRepository {
  const insertStudy = db.prepare(
    "INSERT INTO studies (experiment_id, name, trainer, definition_json, status, created_at) VALUES (?, ?, ?, ?, 'pending', ?)"
  )
  const getStudy = db.prepare<[number], StudyRow>('SELECT * FROM studies WHERE id = ?')
  const listStudies = db.prepare<[], StudyRow>('SELECT * FROM studies ORDER BY id DESC')
  const updateStudy = db.prepare(`
    UPDATE studies SET status = @status, status_message = @status_message, status_coded_json = @status_coded_json, elapsed_ms = @elapsed_ms,
      started_at = @started_at, ended_at = @ended_at, definition_json = @definition_json
    WHERE id = @id`)
  const leaseStudy = db.prepare(`
    UPDATE studies SET lease_pid = @pid, lease_start = @start, lease_instance = @instance, lease_at = @at
    WHERE id = @id AND lease_instance IS @seenInstance AND lease_pid IS @seenPid`)
  const nextIndex = db.prepare<[number], { next: number }>('SELECT coalesce(max(idx) + 1, 0) AS next FROM trials WHERE study_id = ?')
  const insertTrial = db.prepare(`
    INSERT INTO trials (study_id, idx, hash, params_json, repeat, seed, status, created_at)
    VALUES (@studyId, @idx, @hash, @params, @repeat, @seed, 'queued', @now)
    ON CONFLICT (study_id, hash) DO NOTHING`)
  const listTrials = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE study_id = ? ORDER BY idx')
  const listTrialsIn = db.prepare<[number, string], TrialRow>('SELECT * FROM trials WHERE study_id = ? AND status = ? ORDER BY idx')
  const getTrial = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE id = ?')
  const trialOfRun = db.prepare<[number], TrialRow>('SELECT * FROM trials WHERE run_id = ? ORDER BY id DESC LIMIT 1')
  const countTrials = db.prepare<[number], { status: TrialStatus; n: number }>('SELECT status, count(*) AS n FROM trials WHERE study_id = ? GROUP BY status')
  const bestMin = db.prepare<[number], TrialRow>(
    "SELECT * FROM trials WHERE study_id = ? AND status = 'finished' AND objective IS NOT NULL ORDER BY objective ASC, idx LIMIT 1"
  )
  const bestMax = db.prepare<[number], TrialRow>(
    "SELECT * FROM trials WHERE study_id = ? AND status = 'finished' AND objective IS NOT NULL ORDER BY objective DESC, idx LIMIT 1"
  )
  // One statement picks and takes the trial, so two engines can never both take it.
  const claim = db.prepare<Record<string, unknown>, TrialRow>(`
    UPDATE trials SET status = 'running', attempts = attempts + 1, lease_pid = @pid, lease_start = @start,
      lease_instance = @instance, lease_at = @now, started_at = @now, ended_at = NULL, message = NULL, message_coded_json = NULL
    WHERE id = (SELECT id FROM trials WHERE study_id = @studyId AND status = 'queued' ORDER BY idx LIMIT 1) AND status = 'queued'
    RETURNING *`)
  const claimOne = db.prepare<Record<string, unknown>, TrialRow>(`
    UPDATE trials SET status = 'running', attempts = attempts + 1, lease_pid = @pid, lease_start = @start,
      lease_instance = @instance, lease_at = @now, started_at = @now, ended_at = NULL, message = NULL, message_coded_json = NULL
    WHERE id = @id AND status = 'queued'
    RETURNING *`)
  const queuedHead = db.prepare<[number, number], TrialRow>("SELECT * FROM trials WHERE study_id = ? AND status = 'queued' ORDER BY idx LIMIT ?")
  const updateTrial = db.prepare(`
    UPDATE trials SET status = @status, run_id = @run_id, objective = @objective, pruned_step = @pruned_step,
      message = @message, message_coded_json = @message_coded_json, started_at = @started_at, ended_at = @ended_at, device = @device,
      lease_pid = CASE WHEN @status = 'running' THEN lease_pid END,
      lease_start = CASE WHEN @status = 'running' THEN lease_start END,
      lease_instance = CASE WHEN @status = 'running' THEN lease_instance END,
      lease_at = CASE WHEN @status = 'running' THEN lease_at END
    WHERE id = @id`)
  const listRunning = db.prepare<[], TrialRow>("SELECT * FROM trials WHERE status = 'running' ORDER BY id")

  const get = (id: number): StudyRecord | undefined => {
    const row = getStudy.get(id)
    return row && toStudy(row)
  }
  const mustGetTrial = (id: number): TrialRecord => {
    const row = getTrial.get(id)
    if (!row) throw new AppError('NOT_FOUND', `Trial ${id} does not exist`)
    return toTrial(row)
  }

  const enqueue = db.transaction((studyId: number, trials: readonly NewTrial[]): number => {
    let idx = nextIndex.get(studyId)!.next
    let added = 0
    const now = Date.now()
    for (const t of trials) {
      const { changes } = insertTrial.run({ studyId, idx, hash: t.hash, params: JSON.stringify(t.params), repeat: t.repeat, seed: t.seed, now })
      idx += changes
      added += changes
    }
    return added
  })

  return {
    create({ experimentId, name, trainer, definition }) {
      const { lastInsertRowid } = insertStudy.run(experimentId, name, trainer, JSON.stringify(definition), Date.now())
      return get(Number(lastInsertRowid))!
    },
    get,
    list: () => listStudies.all().map(toStudy),
    update(id, patch) {
      const current = get(id)
      if (!current) throw new AppError('NOT_FOUND', `Study ${id} does not exist`)
      const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
      // A new message without its code drops the old code, which would word the old message.
      if (patch.statusMessage !== undefined && patch.statusCoded === undefined) next.statusCoded = null
      updateStudy.run({
        id,
        status: next.status,
        status_message: next.statusMessage,
        status_coded_json: next.statusCoded ? JSON.stringify(next.statusCoded) : null,
        elapsed_ms: Math.round(next.elapsedMs),
        started_at: next.startedAt,
        ended_at: next.endedAt,
        definition_json: JSON.stringify(next.definition)
      })
      return get(id)!
    },
    setLease(id, owner, seen) {
      const { changes } = leaseStudy.run({
        id,
        pid: owner?.pid ?? null,
        start: owner?.start ?? null,
        instance: owner?.instance ?? null,
        at: owner ? Date.now() : null,
        seenInstance: seen.instance,
        seenPid: seen.pid
      })
      return changes === 1
    },
    enqueue: (studyId, trials) => enqueue(studyId, trials),
    trials: (studyId, options = {}) => (options.status ? listTrialsIn.all(studyId, options.status) : listTrials.all(studyId)).map(toTrial),
    getTrial(id) {
      const row = getTrial.get(id)
      return row && toTrial(row)
    },
    trialOfRun(runId) {
      const row = trialOfRun.get(runId)
      return row && toTrial(row)
    },
    counts(studyId) {
      const counts = Object.fromEntries(trialStatuses.map((s) => [s, 0])) as Record<TrialStatus, number>
      for (const { status, n } of countTrials.all(studyId)) counts[status] = n
      return counts
    },
    best(studyId, direction) {
      const row = (direction === 'min' ? bestMin : bestMax).get(studyId)
      return row && toTrial(row)
    },
    claimNext(studyId, owner) {
      const row = claim.get({ studyId, pid: owner.pid, start: owner.start, instance: owner.instance, now: Date.now() })
      return row && toTrial(row)
    },
    queuedHead: (studyId, limit) => queuedHead.all(studyId, limit).map(toTrial),
    claim(trialId, owner) {
      const row = claimOne.get({ id: trialId, pid: owner.pid, start: owner.start, instance: owner.instance, now: Date.now() })
      return row && toTrial(row)
    },
    updateTrial(id, patch) {
      const current = mustGetTrial(id)
      const next = { ...current, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) }
      if (patch.message !== undefined && patch.messageCoded === undefined) next.messageCoded = null
      updateTrial.run({
        id,
        status: next.status,
        run_id: next.runId,
        objective: next.objective,
        pruned_step: next.prunedStep,
        message: next.message,
        message_coded_json: next.messageCoded ? JSON.stringify(next.messageCoded) : null,
        started_at: next.startedAt,
        ended_at: next.endedAt,
        device: next.device
      })
      return mustGetTrial(id)
    },
    listRunning: () => listRunning.all().map(toTrial)
  }
}
