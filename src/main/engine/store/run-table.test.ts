import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { migrate, migrations } from './migrations'
import { tempStoreFile } from './testing'

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
      expect(migrate(db)).toEqual([10, 11])
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
