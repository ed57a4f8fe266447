import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'
import type { Experiment } from '../../../shared/schemas/runs'

interface ExperimentRow {
  id: number
  name: string
  description: string
  created_at: number
  run_count: number
  active_run_count: number
}

export interface NewExperiment {
  name: string
  description?: string
}

export interface ExperimentRepository {
  /** Newest first, with the number of runs and of runs queued or running. */
  list(): Experiment[]
  get(id: number): Experiment | undefined
  /** Names compare without ASCII case, as folder names do on Windows and macOS. */
  getByName(name: string): Experiment | undefined
  create(input: NewExperiment): Experiment
  /** Deletes the experiment with its runs, their metrics, logs and tags; false when absent. */
  delete(id: number): boolean
}

const select = `
  SELECT e.id, e.name, e.description, e.created_at,
    (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id) AS run_count,
    (SELECT count(*) FROM runs r WHERE r.experiment_id = e.id AND r.status IN ('queued', 'running')) AS active_run_count
  FROM experiments e`

const toExperiment = (row: ExperimentRow): Experiment => ({
  id: row.id,
  name: row.name,
  description: row.description,
  createdAt: row.created_at,
  runCount: row.run_count,
  activeRunCount: row.active_run_count
})

export function createExperimentRepository(db: Database): ExperimentRepository {
  const listStmt = db.prepare<[], ExperimentRow>(`${select} ORDER BY e.id DESC`)
  const getStmt = db.prepare<[number], ExperimentRow>(`${select} WHERE e.id = ?`)
  const getByNameStmt = db.prepare<[string], ExperimentRow>(`${select} WHERE e.name = ?`)
  const insertStmt = db.prepare<[string, string, number]>(
    'INSERT INTO experiments (name, description, created_at) VALUES (?, ?, ?)'
  )
  const deleteStmt = db.prepare<[number]>('DELETE FROM experiments WHERE id = ?')

  const get = (id: number): Experiment | undefined => {
    const row = getStmt.get(id)
    return row && toExperiment(row)
  }

  return {
    list: () => listStmt.all().map(toExperiment),
    get,
    getByName(name) {
      const row = getByNameStmt.get(name)
      return row && toExperiment(row)
    },
    create({ name, description = '' }) {
      if (name.trim() === '') {
        throw AppError.fromIssues('INVALID_INPUT', [{ field: 'name', message: 'must not be empty' }])
      }
      try {
        const { lastInsertRowid } = insertStmt.run(name, description, Date.now())
        return get(Number(lastInsertRowid)) as Experiment
      } catch (err) {
        if (isUniqueViolation(err)) {
          const message = `An experiment named "${name}" already exists`
          throw new AppError('CONFLICT', message, { issues: [{ field: 'name', message }] })
        }
        throw err
      }
    },
    delete: (id) => deleteStmt.run(id).changes > 0
  }
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE'
}
