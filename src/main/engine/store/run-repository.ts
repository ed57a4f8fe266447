import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import type { Config } from '../../../shared/schemas/params'
import type { Run, RunStatus, StatusReason } from '../../../shared/schemas/runs'
import { assertStatus, type RunRow, selectRuns, toRun, toUpdateParams } from './run-rows'

export interface NewRun {
  experimentId: number
  name: string
  trainer: string
  trainerVersion: string
  engineVersion: string
  config: Config
  datasetPath?: string | null
  datasetHash?: string | null
  datasetVersionId?: number | null
  seed?: number | null
  /** The engine that supervises the run, to tell orphans after a crash. */
  owner?: RunOwner | null
  /** Where an imported run came from; unique across the store. */
  source?: string | null
  /** When the run was made (ms); now unless an imported run says when it was. */
  createdAt?: number
  /** The ranges an imported run was sampled from, by parameter (runsSpace reads them back). */
  space?: Record<string, ParamRange> | null
}

/** A parameter's sampled range as another tool recorded it: kind, bounds, log scale. */
export interface ParamRange {
  type: 'float' | 'int' | 'categorical'
  low?: number
  high?: number
  log?: boolean
}

/**
 * The engine that supervises a run: its process, by pid and start token (the pid alone may name
 * another process later), and which engine in that process (`instance`, one per createEngine).
 */
export interface RunOwner {
  pid: number
  start: string | null
  instance: string
}

/** The trainer process of a run, by pid and start token. */
export interface RunTrainer {
  pid: number
  start: string | null
}

/** Who holds an active run; the owner's fields are null on runs recorded before owners were. */
export interface RunHolders {
  owner: { pid: number | null; start: string | null; instance: string | null }
  trainerProcess: RunTrainer | null
}

export type RunPatch = Partial<
  Pick<
    Run,
    | 'status'
    | 'statusMessage'
    | 'statusReason'
    | 'startedAt'
    | 'endedAt'
    | 'exitCode'
    | 'exitSignal'
    | 'provider'
    | 'device'
    | 'seed'
    | 'step'
    | 'totalSteps'
    | 'name'
    | 'notes'
  >
>

export type ActiveRun = Run & RunHolders

export interface RunRepository {
  /** Records a run in status 'queued'. */
  insert(run: NewRun): Run
  get(id: number): Run | undefined
  /** Newest first; `limit` defaults to 1000; only runs with an id below `beforeId` when given. */
  list(options?: { experimentId?: number; limit?: number; beforeId?: number }): Run[]
  /** Sets the given fields; keys whose value is undefined are left as they are. */
  update(id: number, patch: RunPatch): Run
  /** Replaces the run's tags, keeping their order and dropping repeats. */
  setTags(id: number, tags: readonly string[]): Run
  /** False when the run did not exist. Metrics, logs and tags go with it. */
  delete(id: number): boolean
  /** Runs queued or running, oldest first, with their supervising engine and trainer process. */
  listActive(): ActiveRun[]
  /**
   * Takes a run for `owner` when its status is one of `from`, and no other engine took it first:
   * the status becomes 'queued' in the same statement. Returns the run, or undefined when refused.
   */
  claim(id: number, owner: RunOwner, from: readonly RunStatus[]): Run | undefined
  /** Records the trainer process that runs the run now. */
  setTrainer(id: number, trainer: RunTrainer): void
  /**
   * Moves runs to 'interrupted' when they are still active and still held as `runs` says: a run
   * another engine took since it was read is left alone. Returns the runs it moved.
   */
  markInterrupted(runs: readonly (RunHolders & { id: number })[], message: string, reason?: StatusReason): Run[]
  /** Which of these sources some run already came from (an import that was made before). */
  sourcesTaken(sources: readonly string[]): Set<string>
  /** The recorded sample ranges of these runs, by run id; runs without any are absent. */
  spaces(ids: readonly number[]): Map<number, Record<string, ParamRange>>
}

const DEFAULT_LIMIT = 1000

export function createRunRepository(db: Database): RunRepository {
  const insertStmt = db.prepare(`
    INSERT INTO runs (experiment_id, name, trainer, trainer_version, engine_version, config_json,
      dataset_path, dataset_hash, dataset_version_id, status, created_at, seed, owner_pid, owner_start, owner_instance, source, space_json)
    VALUES (@experimentId, @name, @trainer, @trainerVersion, @engineVersion, @configJson,
      @datasetPath, @datasetHash, @datasetVersionId, 'queued', @createdAt, @seed, @ownerPid, @ownerStart, @ownerInstance, @source, @spaceJson)`)
  const spacesStmt = db.prepare<[string], { id: number; space_json: string }>(
    'SELECT id, space_json FROM runs WHERE id IN (SELECT value FROM json_each(?)) AND space_json IS NOT NULL'
  )
  const sourcesStmt = db.prepare<[string], { source: string }>('SELECT source FROM runs WHERE source IN (SELECT value FROM json_each(?))')
  const getStmt = db.prepare<[number], RunRow>(`${selectRuns} WHERE r.id = ?`)
  const listAllStmt = db.prepare<[number, number], RunRow>(`${selectRuns} WHERE r.id < ? ORDER BY r.id DESC LIMIT ?`)
  const listOfExperimentStmt = db.prepare<[number, number, number], RunRow>(
    `${selectRuns} WHERE r.experiment_id = ? AND r.id < ? ORDER BY r.id DESC LIMIT ?`
  )
  const listActiveStmt = db.prepare<[], RunRow>(`${selectRuns} WHERE r.status IN ('queued', 'running') ORDER BY r.id`)
  // The row is read, merged and written whole: one static statement for every patch shape.
  const updateStmt = db.prepare(`
    UPDATE runs SET name = @name, status = @status, status_message = @status_message, status_reason_json = @status_reason_json,
      started_at = @started_at, ended_at = @ended_at, exit_code = @exit_code,
      exit_signal = @exit_signal, provider = @provider, device = @device, seed = @seed,
      step = @step, total_steps = @total_steps, notes = @notes
    WHERE id = @id`)
  const deleteTagsStmt = db.prepare<[number]>('DELETE FROM run_tags WHERE run_id = ?')
  const insertTagStmt = db.prepare<[number, string, number]>('INSERT INTO run_tags (run_id, tag, position) VALUES (?, ?, ?)')
  const deleteStmt = db.prepare<[number]>('DELETE FROM runs WHERE id = ?')
  // Compare-and-set: the status and the owner change in one statement, only from what was seen.
  const claimStmt = db.prepare(`
    UPDATE runs SET status = 'queued', owner_pid = @pid, owner_start = @start, owner_instance = @instance,
      trainer_pid = NULL, trainer_start = NULL
    WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`)
  const setTrainerStmt = db.prepare('UPDATE runs SET trainer_pid = @pid, trainer_start = @start WHERE id = @id')
  const interruptStmt = db.prepare<Record<string, string | number | null>, { id: number }>(`
    UPDATE runs SET status = 'interrupted', status_message = @message, status_reason_json = @reason, ended_at = coalesce(ended_at, @now)
    WHERE id = @id AND status IN ('queued', 'running')
      AND owner_pid IS @ownerPid AND owner_start IS @ownerStart AND owner_instance IS @ownerInstance
      AND trainer_pid IS @trainerPid AND trainer_start IS @trainerStart
    RETURNING id`)

  const get = (id: number): Run | undefined => {
    const row = getStmt.get(id)
    return row && toRun(row)
  }
  const mustGet = (id: number): Run => {
    const run = get(id)
    if (!run) throw new AppError('NOT_FOUND', `Run ${id} not found`, { id })
    return run
  }

  const insert = (run: NewRun): Run => {
    try {
      const { lastInsertRowid } = insertStmt.run({
        experimentId: run.experimentId,
        name: run.name,
        trainer: run.trainer,
        trainerVersion: run.trainerVersion,
        engineVersion: run.engineVersion,
        configJson: JSON.stringify(run.config),
        datasetPath: run.datasetPath ?? null,
        datasetHash: run.datasetHash ?? null,
        datasetVersionId: run.datasetVersionId ?? null,
        createdAt: run.createdAt ?? Date.now(),
        seed: run.seed ?? null,
        ownerPid: run.owner?.pid ?? null,
        ownerStart: run.owner?.start ?? null,
        ownerInstance: run.owner?.instance ?? null,
        source: run.source ?? null,
        spaceJson: run.space && Object.keys(run.space).length > 0 ? JSON.stringify(run.space) : null
      })
      return mustGet(Number(lastInsertRowid))
    } catch (err) {
      if ((err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
        throw new AppError('NOT_FOUND', `Experiment ${run.experimentId} not found`, { experimentId: run.experimentId })
      }
      throw err
    }
  }

  const update = db.transaction((id: number, patch: RunPatch): Run => {
    const merged: Run = { ...mustGet(id) }
    for (const [key, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(merged, { [key]: value })
    }
    assertStatus(merged.status)
    updateStmt.run(toUpdateParams(merged))
    return mustGet(id)
  })

  const setTags = db.transaction((id: number, tags: readonly string[]): Run => {
    mustGet(id)
    deleteTagsStmt.run(id)
    ;[...new Set(tags)].forEach((tag, position) => insertTagStmt.run(id, tag, position))
    return mustGet(id)
  })

  const claim = db.transaction((id: number, owner: RunOwner, from: readonly RunStatus[]): Run | undefined => {
    const { changes } = claimStmt.run({ id, pid: owner.pid, start: owner.start, instance: owner.instance, from: JSON.stringify(from) })
    return changes === 1 ? mustGet(id) : undefined
  })

  const markInterrupted = db.transaction((runs: readonly (RunHolders & { id: number })[], message: string, reason?: StatusReason): Run[] => {
    const now = Date.now()
    const changed = runs.flatMap(({ id, owner, trainerProcess: trainer }) =>
      interruptStmt.all({
        id,
        message,
        reason: reason ? JSON.stringify(reason) : null,
        now,
        ownerPid: owner.pid,
        ownerStart: owner.start,
        ownerInstance: owner.instance,
        trainerPid: trainer?.pid ?? null,
        trainerStart: trainer?.start ?? null
      })
    )
    return changed.map(({ id }) => mustGet(id))
  })

  const holders = (row: RunRow): RunHolders => ({
    owner: { pid: row.owner_pid, start: row.owner_start, instance: row.owner_instance },
    trainerProcess: row.trainer_pid === null ? null : { pid: row.trainer_pid, start: row.trainer_start }
  })

  return {
    insert,
    get,
    list({ experimentId, limit = DEFAULT_LIMIT, beforeId = Number.MAX_SAFE_INTEGER } = {}) {
      const rows = experimentId === undefined ? listAllStmt.all(beforeId, limit) : listOfExperimentStmt.all(experimentId, beforeId, limit)
      return rows.map(toRun)
    },
    update: (id, patch) => update(id, patch),
    setTags: (id, tags) => setTags(id, tags),
    delete: (id) => deleteStmt.run(id).changes > 0,
    listActive: () => listActiveStmt.all().map((row) => ({ ...toRun(row), ...holders(row) })),
    claim: (id, owner, from) => claim(id, owner, from),
    setTrainer: (id, trainer) => void setTrainerStmt.run({ id, pid: trainer.pid, start: trainer.start }),
    markInterrupted: (runs, message, reason) => markInterrupted(runs, message, reason),
    sourcesTaken: (sources) => new Set(sourcesStmt.all(JSON.stringify(sources)).map((r) => r.source)),
    spaces: (ids) => new Map(spacesStmt.all(JSON.stringify(ids)).map((r) => [r.id, JSON.parse(r.space_json) as Record<string, ParamRange>]))
  }
}
