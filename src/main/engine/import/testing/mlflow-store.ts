import BetterSqlite3 from 'better-sqlite3'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * Writes MLflow tracking stores without MLflow (it does not install here), following MLflow's own
 * layout: the tracking tables of its SQLAlchemy schema (mlflow/store/tracking/dbmodels/models.py,
 * as dumped in tests/resources/db/latest_schema.sql) and the file store of
 * mlflow/store/tracking/file_store.py. For fixtures and benches; see fixtures/mlflow/README.md.
 */
export interface MlflowRunSpec {
  runId: string
  name: string
  experimentId: number
  status: 'RUNNING' | 'SCHEDULED' | 'FINISHED' | 'FAILED' | 'KILLED'
  startTime: number
  endTime: number | null
  deleted?: boolean
  params: Record<string, string>
  /** Every logged value: several may share a step (logged again), NaN is written with is_nan. */
  metrics: { key: string; value: number; timestamp: number; step: number }[]
  tags: Record<string, string>
}

export interface MlflowExperimentSpec {
  id: number
  name: string
  deleted?: boolean
}

const statusNumber = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 }

// The tracking tables MLflow's SQLAlchemy store creates in SQLite (same columns, types and keys).
const schema = `
CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
CREATE TABLE experiments (
  experiment_id INTEGER NOT NULL, name VARCHAR(256) NOT NULL, artifact_location VARCHAR(256), lifecycle_stage VARCHAR(32),
  creation_time BIGINT, last_update_time BIGINT,
  CONSTRAINT experiment_pk PRIMARY KEY (experiment_id), UNIQUE (name),
  CONSTRAINT experiments_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')));
CREATE TABLE experiment_tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), experiment_id INTEGER NOT NULL,
  CONSTRAINT experiment_tag_pk PRIMARY KEY (key, experiment_id), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id));
CREATE TABLE runs (
  run_uuid VARCHAR(32) NOT NULL, name VARCHAR(250), source_type VARCHAR(20), source_name VARCHAR(500), entry_point_name VARCHAR(50),
  user_id VARCHAR(256), status VARCHAR(9), start_time BIGINT, end_time BIGINT, source_version VARCHAR(50), lifecycle_stage VARCHAR(20),
  artifact_uri VARCHAR(200), experiment_id INTEGER, deleted_time BIGINT,
  CONSTRAINT run_pk PRIMARY KEY (run_uuid), FOREIGN KEY(experiment_id) REFERENCES experiments (experiment_id),
  CONSTRAINT runs_lifecycle_stage CHECK (lifecycle_stage IN ('active', 'deleted')),
  CONSTRAINT source_type CHECK (source_type IN ('NOTEBOOK', 'JOB', 'LOCAL', 'UNKNOWN', 'PROJECT')),
  CHECK (status IN ('SCHEDULED', 'FAILED', 'FINISHED', 'RUNNING', 'KILLED')));
CREATE TABLE latest_metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT, step BIGINT NOT NULL, is_nan BOOLEAN NOT NULL,
  run_uuid VARCHAR(32) NOT NULL, CONSTRAINT latest_metric_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid),
  CHECK (is_nan IN (0, 1)));
CREATE TABLE metrics (key VARCHAR(250) NOT NULL, value FLOAT NOT NULL, timestamp BIGINT NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  step BIGINT DEFAULT '0' NOT NULL, is_nan BOOLEAN DEFAULT '0' NOT NULL,
  CONSTRAINT metric_pk PRIMARY KEY (key, timestamp, step, run_uuid, value, is_nan), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid),
  CHECK (is_nan IN (0, 1)));
CREATE TABLE params (key VARCHAR(250) NOT NULL, value VARCHAR(8000) NOT NULL, run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT param_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid));
CREATE TABLE tags (key VARCHAR(250) NOT NULL, value VARCHAR(5000), run_uuid VARCHAR(32) NOT NULL,
  CONSTRAINT tag_pk PRIMARY KEY (key, run_uuid), FOREIGN KEY(run_uuid) REFERENCES runs (run_uuid));
`

/** The alembic revision of the newest migration whose tables this schema holds (add_trace_tables, MLflow 2.14). */
export const MLFLOW_ALEMBIC_REVISION = '867495a8f9d4'

export function writeMlflowSqlite(file: string, experiments: MlflowExperimentSpec[], runs: MlflowRunSpec[]): void {
  const db = new BetterSqlite3(file)
  db.exec(schema)
  db.transaction(() => {
    db.prepare('INSERT INTO alembic_version VALUES (?)').run(MLFLOW_ALEMBIC_REVISION)
    const exp = db.prepare('INSERT INTO experiments VALUES (?, ?, ?, ?, ?, ?)')
    for (const e of experiments) exp.run(e.id, e.name, `mlflow-artifacts:/${e.id}`, e.deleted ? 'deleted' : 'active', 1796390000000, 1796390000000)
    const run = db.prepare('INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
    const param = db.prepare('INSERT INTO params VALUES (?, ?, ?)')
    const metric = db.prepare('INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?)')
    const latest = db.prepare('INSERT OR REPLACE INTO latest_metrics VALUES (?, ?, ?, ?, ?, ?)')
    const tag = db.prepare('INSERT INTO tags VALUES (?, ?, ?)')
    for (const r of runs) {
      run.run(r.runId, r.name, 'UNKNOWN', '', '', 'paramscope', r.status, r.startTime, r.endTime, '', r.deleted ? 'deleted' : 'active', `mlflow-artifacts:/${r.experimentId}/${r.runId}/artifacts`, r.experimentId, r.deleted ? r.endTime : null)
      for (const [k, v] of Object.entries(r.params)) param.run(k, v, r.runId)
      for (const [k, v] of Object.entries({ 'mlflow.runName': r.name, 'mlflow.user': 'paramscope', ...r.tags })) tag.run(k, v, r.runId)
      const last = new Map<string, { value: number; timestamp: number; step: number }>()
      for (const m of r.metrics) {
        // MLflow stores NaN as 0 with is_nan = 1 (the column is NOT NULL).
        metric.run(m.key, Number.isNaN(m.value) ? 0 : m.value, m.timestamp, r.runId, m.step, Number.isNaN(m.value) ? 1 : 0)
        const prev = last.get(m.key)
        if (!prev || m.step > prev.step || (m.step === prev.step && m.timestamp >= prev.timestamp)) last.set(m.key, m)
      }
      for (const [k, m] of last) latest.run(k, Number.isNaN(m.value) ? 0 : m.value, m.timestamp, m.step, Number.isNaN(m.value) ? 1 : 0, r.runId)
    }
  })()
  db.close()
}

/** YAML as MLflow's file store writes meta.yaml (yaml.safe_dump, keys sorted). */
function yaml(fields: Record<string, string | number | null>): string {
  const scalar = (v: string | number | null): string =>
    v === null ? 'null' : typeof v === 'number' ? String(v) : /^[\w./:-]+$/.test(v) && !/^(null|true|false|\d.*)$/.test(v) ? v : `'${v.replace(/'/g, "''")}'`
  return Object.keys(fields)
    .sort()
    .map((k) => `${k}: ${scalar(fields[k]!)}`)
    .join('\n')
    .concat('\n')
}

function writeKey(dir: string, key: string, text: string): void {
  const file = join(dir, ...key.split('/'))
  mkdirSync(dirname(file), { recursive: true })
  writeFileSync(file, text)
}

/** Python's str() of a float, as the file store writes metric values. */
const pyFloat = (v: number): string => (Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : Number.isInteger(v) ? `${v}.0` : String(v))

export function writeMlflowFiles(root: string, experiments: MlflowExperimentSpec[], runs: MlflowRunSpec[]): void {
  for (const e of experiments) {
    const dir = join(root, e.deleted ? '.trash' : '', String(e.id))
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'meta.yaml'),
      yaml({ artifact_location: `file://${root}/${e.id}`, creation_time: 1796390000000, experiment_id: String(e.id), last_update_time: 1796390000000, lifecycle_stage: e.deleted ? 'deleted' : 'active', name: e.name })
    )
  }
  for (const r of runs) {
    const dir = join(root, String(r.experimentId), r.runId)
    mkdirSync(dir, { recursive: true })
    writeFileSync(
      join(dir, 'meta.yaml'),
      yaml({
        artifact_uri: `file://${root}/${r.experimentId}/${r.runId}/artifacts`,
        end_time: r.endTime,
        entry_point_name: '',
        experiment_id: String(r.experimentId),
        lifecycle_stage: r.deleted ? 'deleted' : 'active',
        run_id: r.runId,
        run_name: r.name,
        run_uuid: r.runId,
        source_name: '',
        source_type: 4,
        source_version: '',
        start_time: r.startTime,
        status: statusNumber[r.status],
        user_id: 'paramscope'
      }).replace(/\n$/, '\ntags: []\n')
    )
    for (const [k, v] of Object.entries(r.params)) writeKey(join(dir, 'params'), k, v)
    for (const [k, v] of Object.entries({ 'mlflow.runName': r.name, 'mlflow.user': 'paramscope', ...r.tags })) writeKey(join(dir, 'tags'), k, v)
    const byKey = new Map<string, string[]>()
    for (const m of r.metrics) byKey.set(m.key, [...(byKey.get(m.key) ?? []), `${m.timestamp} ${pyFloat(m.value)} ${m.step}`])
    for (const [k, lines] of byKey) writeKey(join(dir, 'metrics'), k, `${lines.join('\n')}\n`)
  }
}
