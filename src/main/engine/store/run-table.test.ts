import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, migrations } from './migrations'
import { createRunTableQueries } from './run-table'
import { newRun, openTestStore, tempStoreFile } from './testing'

describe('metric summaries on metric_names (migration 10)', () => {
  it('fills the summary of every series a file already held, by step and without NaN', () => {
    const db = new Database(tempStoreFile())
    try {
      migrate(db, migrations.filter((m) => m.version < 10))
      db.exec(`
        INSERT INTO experiments (id, name, created_at) VALUES (1, 'e', 0);
        INSERT INTO runs (id, experiment_id, name, trainer, trainer_version, engine_version, config_json, status, created_at)
          VALUES (1, 1, 'r', 'mlp', '1', '1', '{}', 'finished', 0);
        INSERT INTO metric_names (id, run_id, name) VALUES (1, 1, 'val/loss'), (2, 1, 'val/acc'), (3, 1, 'empty');
        INSERT INTO metric_points (name_id, step, value, time) VALUES (1, 5, 0.2, 0), (1, 1, 0.9, 0), (1, 3, NULL, 0), (2, 2, NULL, 0);
      `)
      expect(migrate(db)).toEqual([10, 11, 12])
      const rows = db.prepare('SELECT id, point_count, min_value, max_value, last_step, last_value FROM metric_names ORDER BY id').all()
      expect(rows).toEqual([
        { id: 1, point_count: 3, min_value: 0.2, max_value: 0.9, last_step: 5, last_value: 0.2 },
        { id: 2, point_count: 1, min_value: null, max_value: null, last_step: 2, last_value: null },
        { id: 3, point_count: 0, min_value: null, max_value: null, last_step: null, last_value: null }
      ])
    } finally {
      db.close()
    }
  })
})

describe('kept rows of the runs table (migration 12)', () => {
  it('writes none when anything was written since the read, else one per run with a new id each time', () => {
    const file = tempStoreFile()
    const store = openTestStore(file)
    const other = new Database(file)
    try {
      const experimentId = store.experiments.create({ name: 'e' }).id
      const runId = store.runs.insert(newRun(experimentId)).id
      const queries = createRunTableQueries(store.db)
      const row = { runId, paramKeys: '["lr"]', paramValues: '[0.1]', seriesNames: '["loss"]', seriesValues: Float64Array.of(0.5, 3, 0.4, 0.9, 4) }
      const readMark = () => queries.read({ runIds: [runId] }, undefined, () => ({ live: [], kept: [] })).mark
      const kept = () => store.db.prepare('SELECT count(*) FROM run_summaries').pluck().get()
      // Another connection's write, then one of this connection's own: both leave the rows unwritten.
      let mark = readMark()
      other.prepare("INSERT INTO experiments (name, created_at) VALUES ('other', 0)").run()
      expect(queries.keep([row], mark)).toBeNull()
      mark = readMark()
      store.metrics.append(runId, [{ name: 'loss', step: 4, value: 0.3, time: 0 }])
      expect(queries.keep([row], mark)).toBeNull()
      expect(kept()).toBe(0)

      // Kept in two steps from one read: the mark moves past the first step's own write.
      mark = readMark()
      const firstId = queries.keep([row], mark)!.get(runId)!
      const secondId = queries.keep([row], mark)!.get(runId)!
      expect(secondId).toBeGreaterThan(firstId)
      const read = queries.read({ runIds: [runId] }, undefined, () => ({ live: [], kept: [runId] }))
      expect(read.runs[0]!.summary_id).toBe(secondId)
      const [{ summaryId, paramKeys, paramValues, seriesNames, seriesValues }] = read.kept
      expect([summaryId, paramKeys, paramValues, seriesNames]).toEqual([secondId, ['lr'], '[0.1]', ['loss']])
      expect([...new Float64Array(new Uint8Array(seriesValues).buffer)]).toEqual([0.5, 3, 0.4, 0.9, 4])
      // Runs of one trainer share their key and name lists: stored once.
      expect(store.db.prepare('SELECT json FROM run_summary_lists ORDER BY id').pluck().all()).toEqual(['["lr"]', '["loss"]'])
      // A new point drops the row.
      store.metrics.append(runId, [{ name: 'loss', step: 5, value: 0.2, time: 0 }])
      expect(kept()).toBe(0)
    } finally {
      other.close()
    }
  })
})
