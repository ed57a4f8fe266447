import type { Database } from 'better-sqlite3'
import { createDatasetRepository, type DatasetRepository } from './dataset-repository'
import { openDatabase } from './database'
import { createExperimentRepository, type ExperimentRepository } from './experiment-repository'
import { createLogRepository, type LogRepository } from './log-repository'
import { createMetricRepository, type MetricRepository } from './metric-repository'
import { createRunRepository, type RunRepository } from './run-repository'
import { createStudyRepository, type StudyRepository } from './study-repository'

export type { DatasetRecord, DatasetRepository, NewDataset, NewDatasetVersion } from './dataset-repository'
export type { ExperimentRepository, NewExperiment } from './experiment-repository'
export type { LogRead, LogRepository, LogStream } from './log-repository'
export type { MetricRepository, SeriesOptions } from './metric-repository'
export type { ActiveRun, NewRun, RunHolders, RunOwner, RunPatch, RunRepository, RunTrainer } from './run-repository'
export type { Lease, NewTrial, StudyPatch, StudyRecord, StudyRepository, TrialPatch, TrialRecord } from './study-repository'
export { latestVersion, migrate, migrations, type Migration } from './migrations'

/** The file name of the store inside a data folder. */
export const STORE_FILE = 'paramscope.db'

/** The engine's one connection to its data file; only code in this folder writes SQL. */
export interface Store {
  db: Database
  experiments: ExperimentRepository
  runs: RunRepository
  metrics: MetricRepository
  logs: LogRepository
  datasets: DatasetRepository
  /** Studies and their trial ledger. */
  studies: StudyRepository
  /** Runs `fn` in one transaction: every write in it lands, or none does (when it throws). */
  transaction<T>(fn: () => T): T
  close(): void
}

/** Opens or creates the store at `file` and brings its schema up to date. */
export function openStore(file: string): Store {
  const db = openDatabase(file)
  return {
    db,
    experiments: createExperimentRepository(db),
    runs: createRunRepository(db),
    metrics: createMetricRepository(db),
    logs: createLogRepository(db),
    datasets: createDatasetRepository(db),
    studies: createStudyRepository(db),
    transaction: (fn) => db.transaction(fn)(),
    close() {
      if (!db.open) return
      try {
        // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise.
        db.pragma('optimize')
      } catch {
        // It writes: on a full or read-only disk the statistics wait, and the file still closes.
      }
      db.close()
    }
  }
}
