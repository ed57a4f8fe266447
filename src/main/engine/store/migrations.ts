import type { Database } from 'better-sqlite3'
import { AppError } from '../../../shared/errors'

export interface Migration {
  version: number
  description: string
  sql: string
}

/** Marks a SQLite file as ours ("PSCP"), so a foreign database is refused instead of altered. */
export const APPLICATION_ID = 0x50534350

const runStatusCheck = "status IN ('queued', 'running', 'finished', 'failed', 'crashed', 'diverged', 'cancelled', 'interrupted')"

/**
 * The schema, one step per version. A released step never changes: later changes are new steps.
 * AUTOINCREMENT keeps ids of deleted rows from coming back, so a stale window or a late trainer
 * message can never address someone else's run.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'experiments, runs, tags, metrics, logs',
    sql: `
      CREATE TABLE experiments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL
      );

      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        trainer TEXT NOT NULL,
        trainer_version TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        config_json TEXT NOT NULL,
        dataset_path TEXT,
        dataset_hash TEXT,
        status TEXT NOT NULL CHECK (${runStatusCheck}),
        status_message TEXT,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        exit_code INTEGER,
        exit_signal TEXT,
        provider TEXT,
        device TEXT,
        seed INTEGER,
        step INTEGER NOT NULL DEFAULT 0,
        total_steps INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        owner_pid INTEGER
      );
      -- Serves runs of one experiment and the per-experiment (active) run counts.
      CREATE INDEX runs_by_experiment ON runs(experiment_id, status);
      CREATE INDEX runs_by_status ON runs(status);

      CREATE TABLE run_tags (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (run_id, tag)
      ) WITHOUT ROWID;

      -- Metric names get small integer ids per run so each point row stays short.
      CREATE TABLE metric_names (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        UNIQUE (run_id, name)
      );

      -- The primary key is the covering index: a series is one range scan in step order.
      -- A NaN value is stored as NULL (SQLite has no NaN) and read back as NaN.
      CREATE TABLE metric_points (
        name_id INTEGER NOT NULL REFERENCES metric_names(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        value REAL,
        time REAL NOT NULL,
        PRIMARY KEY (name_id, step)
      ) WITHOUT ROWID;

      -- Offsets count UTF-16 code units, like String.length on both ends of the API.
      CREATE TABLE log_chunks (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        stream TEXT NOT NULL CHECK (stream IN ('stdout', 'stderr', 'engine')),
        start_offset INTEGER NOT NULL,
        end_offset INTEGER NOT NULL,
        text TEXT NOT NULL
      );
      CREATE INDEX log_chunks_by_end ON log_chunks(run_id, end_offset);

      PRAGMA application_id = ${APPLICATION_ID};
    `
  },
  {
    version: 2,
    description: 'datasets, dataset versions, runs referencing a version',
    sql: `
      -- A registered file: where it is, what it was at import (size, time, hash) and its profile.
      CREATE TABLE datasets (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        format TEXT NOT NULL CHECK (format IN ('csv', 'tsv', 'jsonl', 'text', 'parquet')),
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        sha256 TEXT NOT NULL,
        copied INTEGER NOT NULL DEFAULT 0,
        rows INTEGER NOT NULL,
        columns INTEGER NOT NULL,
        profile_json TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX datasets_by_path ON datasets(path, sha256);

      -- Roles and a split over a dataset. canonical_key is the JSON of every input that decides
      -- the version, so the same roles and split find the version that already exists.
      CREATE TABLE dataset_versions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        task TEXT NOT NULL,
        target TEXT,
        features_json TEXT NOT NULL,
        text_column TEXT,
        ignored_json TEXT NOT NULL,
        split_json TEXT NOT NULL,
        parts_json TEXT NOT NULL,
        canonical_key TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        UNIQUE (dataset_id, canonical_key)
      );

      -- A forgotten dataset leaves its runs with their recorded path and hash.
      ALTER TABLE runs ADD COLUMN dataset_version_id INTEGER REFERENCES dataset_versions(id) ON DELETE SET NULL;
      CREATE INDEX runs_by_dataset_version ON runs(dataset_version_id);
    `
  },
  {
    version: 3,
    description: 'run ownership: the owner engine and the trainer, each by pid and start token',
    sql: `
      -- A pid alone names a process only until the OS gives the number to another one: the start
      -- token (start time, and boot id where there is one) tells them apart. owner_instance tells
      -- apart two engines of one process. Runs recorded before this step keep null owner fields.
      ALTER TABLE runs ADD COLUMN owner_start TEXT;
      ALTER TABLE runs ADD COLUMN owner_instance TEXT;
      ALTER TABLE runs ADD COLUMN trainer_pid INTEGER;
      ALTER TABLE runs ADD COLUMN trainer_start TEXT;
    `
  },
  {
    version: 4,
    description: 'why a run ended, as a rule and its values',
    sql: `
      -- {"rule": "diskFull", "values": {...}}: the words are the window's, in its language.
      ALTER TABLE runs ADD COLUMN status_reason_json TEXT;
    `
  },
  {
    version: 5,
    description: 'studies and their trial ledger',
    sql: `
      -- definition_json is the whole study definition, defaults and seed filled in: it plans the
      -- same trials again. The lease names the engine that runs the study, as runs name their owner.
      CREATE TABLE studies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        trainer TEXT NOT NULL,
        definition_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'paused', 'finished', 'cancelled')),
        status_message TEXT,
        elapsed_ms INTEGER NOT NULL DEFAULT 0,
        lease_pid INTEGER,
        lease_start TEXT,
        lease_instance TEXT,
        lease_at INTEGER,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER
      );
      CREATE INDEX studies_by_experiment ON studies(experiment_id);

      -- One row per planned trial. hash is the SHA-256 of the canonical parameters and the repeat:
      -- UNIQUE (study_id, hash) makes planning idempotent, however often or by whom it is repeated.
      CREATE TABLE trials (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        hash TEXT NOT NULL,
        params_json TEXT NOT NULL,
        repeat INTEGER NOT NULL,
        seed INTEGER,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'finished', 'failed', 'pruned', 'cancelled')),
        run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
        lease_pid INTEGER,
        lease_start TEXT,
        lease_instance TEXT,
        lease_at INTEGER,
        objective REAL,
        pruned_step INTEGER,
        message TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        UNIQUE (study_id, hash),
        UNIQUE (study_id, idx)
      );
      CREATE INDEX trials_by_status ON trials(study_id, status, idx);
      CREATE INDEX trials_by_run ON trials(run_id);
    `
  },
  {
    version: 6,
    description: 'the device slot each trial ran on',
    sql: `
      -- 'cpu' or a GPU slot such as 'cuda:0', written when the trial's run is launched.
      ALTER TABLE trials ADD COLUMN device TEXT;
    `
  },
  {
    version: 7,
    description: 'study and trial messages as catalog codes',
    sql: `
      -- {"code": "studies.status.budgetTrials", "values": {...}}: status_message and message keep
      -- the English for older readers and the CLI's --json; these word it in the reader's language.
      ALTER TABLE studies ADD COLUMN status_coded_json TEXT;
      ALTER TABLE trials ADD COLUMN message_coded_json TEXT;
    `
  },
  {
    version: 8,
    description: 'the channel that fed each metric series',
    sql: `
      -- Which reader of a command trainer's output fed the series ('stdout', 'hf-log', 'jsonl',
      -- 'trainer_state', 'tensorboard', ...); NULL for a built-in trainer's and older series.
      ALTER TABLE metric_names ADD COLUMN channel TEXT;
    `
  },
  {
    version: 9,
    description: 'where an imported run came from',
    sql: `
      -- 'optuna:/abs/study.db#study=s&trial=3', 'mlflow:/abs/mlruns#run=ab12', ...; NULL for runs
      -- trained here. Unique, so importing the same source again finds its runs instead of copying them.
      ALTER TABLE runs ADD COLUMN source TEXT;
      CREATE UNIQUE INDEX runs_by_source ON runs(source) WHERE source IS NOT NULL;
    `
  },
  {
    version: 10,
    description: "each metric series' summary, kept beside its name",
    sql: `
      -- The runs table shows every run's summaries at once: reading them from metric_points
      -- scans every point (about 4 s for 20,000 runs of 20 metrics of 50 points), these columns
      -- read in one pass over metric_names. The metric repository keeps them on every write.
      -- min_value and max_value skip NaN (stored NULL); last_value is NULL for a NaN last point.
      ALTER TABLE metric_names ADD COLUMN point_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE metric_names ADD COLUMN min_value REAL;
      ALTER TABLE metric_names ADD COLUMN max_value REAL;
      ALTER TABLE metric_names ADD COLUMN last_step INTEGER;
      ALTER TABLE metric_names ADD COLUMN last_value REAL;
      UPDATE metric_names SET
        point_count = (SELECT count(*) FROM metric_points p WHERE p.name_id = metric_names.id),
        min_value = (SELECT min(value) FROM metric_points p WHERE p.name_id = metric_names.id),
        max_value = (SELECT max(value) FROM metric_points p WHERE p.name_id = metric_names.id),
        last_step = (SELECT max(step) FROM metric_points p WHERE p.name_id = metric_names.id),
        last_value = (SELECT value FROM metric_points p WHERE p.name_id = metric_names.id ORDER BY step DESC LIMIT 1);
    `
  },
  {
    version: 11,
    description: 'the ranges an imported run was sampled from',
    sql: `
      -- JSON by parameter: {"lr": {"type": "float", "low": 0.0001, "high": 0.1, "log": true}}, as an
      -- Optuna trial's distributions say; the analysis takes its bounds and log scales from it.
      -- NULL for runs trained here (their trainer's schema says) and sources that keep none.
      ALTER TABLE runs ADD COLUMN space_json TEXT;
    `
  },
  {
    version: 12,
    description: "each ended run's row of the runs table, kept",
    sql: `
      -- The runs table of 20,000 runs reads 200,000 series summaries and 20,000 configs the first
      -- time (about 1 s, mostly marshalling); these rows hold the same per run, ready to use: the
      -- flat params (keys and values, JSON arrays in the same order) and the table's series, their
      -- names (JSON array) and per series last, last step, min, max, count (float64, little-endian;
      -- NaN for none). Key and name lists, shared by the runs of a trainer, are stored once each.
      -- Written for ended runs after the table's reads and after the engine starts; the triggers
      -- below drop a row when what it was made from changes, so a row that exists is current. id
      -- is new on every write (AUTOINCREMENT never reuses one): a copy kept in memory is current
      -- while ids match.
      CREATE TABLE run_summary_lists (
        id INTEGER PRIMARY KEY,
        json TEXT NOT NULL UNIQUE
      );
      CREATE TABLE run_summaries (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL UNIQUE REFERENCES runs(id) ON DELETE CASCADE,
        param_keys INTEGER NOT NULL REFERENCES run_summary_lists(id),
        param_values TEXT NOT NULL,
        series_names INTEGER NOT NULL REFERENCES run_summary_lists(id),
        series_values BLOB NOT NULL
      );
      CREATE TRIGGER run_summaries_config AFTER UPDATE OF config_json ON runs
        BEGIN DELETE FROM run_summaries WHERE run_id = NEW.id; END;
      CREATE TRIGGER run_summaries_series_added AFTER INSERT ON metric_names
        BEGIN DELETE FROM run_summaries WHERE run_id = NEW.run_id; END;
      CREATE TRIGGER run_summaries_series_changed AFTER UPDATE OF run_id, name, point_count, min_value, max_value, last_step, last_value ON metric_names
        BEGIN DELETE FROM run_summaries WHERE run_id = NEW.run_id OR run_id = OLD.run_id; END;
      CREATE TRIGGER run_summaries_series_deleted AFTER DELETE ON metric_names
        BEGIN DELETE FROM run_summaries WHERE run_id = OLD.run_id; END;
    `
  }
]

export const latestVersion = (list: readonly Migration[] = migrations): number =>
  list.reduce((max, m) => Math.max(max, m.version), 0)

/**
 * Brings the file to the latest schema, one transaction per step, and returns the versions
 * applied. A file written by a newer ParamScope is refused untouched: guessing at its schema
 * could lose the user's runs.
 */
export function migrate(db: Database, list: readonly Migration[] = migrations): number[] {
  const current = db.pragma('user_version', { simple: true }) as number
  const latest = latestVersion(list)
  if (current > latest) {
    throw new AppError(
      'UNSUPPORTED',
      `The data file ${db.name} has schema version ${current}, newer than this ParamScope understands (${latest}). ` +
        'Open it with a newer ParamScope.',
      { file: db.name, version: current, supported: latest }
    )
  }
  const applied: number[] = []
  for (const step of [...list].sort((a, b) => a.version - b.version)) {
    if (step.version <= current) continue
    if (!Number.isInteger(step.version) || step.version < 1) throw new Error(`Bad migration version ${step.version}`)
    db.transaction(() => {
      db.exec(step.sql)
      // PRAGMA takes no bound parameters; the version is an integer constant of this file.
      db.pragma(`user_version = ${step.version}`)
    })()
    applied.push(step.version)
  }
  return applied
}
