import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { latestVersion, migrate, type Migration, migrations } from './migrations'
import { tempStoreFile } from './testing'

const tables = (db: BetterSqlite3.Database): string[] =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name)

const rawDb = (): BetterSqlite3.Database => new BetterSqlite3(tempStoreFile())

describe('migrate', () => {
  it('builds the whole schema in an empty file and records the version', () => {
    const db = rawDb()
    expect(migrate(db)).toEqual(migrations.map((m) => m.version))
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    expect(tables(db)).toEqual(['dataset_versions', 'datasets', 'experiments', 'log_chunks', 'metric_names', 'metric_points', 'run_summaries', 'run_summary_lists', 'run_tags', 'runs', 'studies', 'trials'])
    db.close()
  })

  it('does nothing on a file that is up to date', () => {
    const db = rawDb()
    migrate(db)
    const schemaBefore = db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()
    expect(migrate(db)).toEqual([])
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    expect(db.prepare('SELECT sql FROM sqlite_schema ORDER BY name').all()).toEqual(schemaBefore)
    db.close()
  })

  it('adds a channel to the metric names of a version 7 file, NULL for the series it held', () => {
    const db = rawDb()
    migrate(db, migrations.filter((m) => m.version <= 7))
    db.exec(`
      INSERT INTO experiments (id, name, description, created_at) VALUES (1, 'e', '', 0);
      INSERT INTO runs (id, experiment_id, name, trainer, trainer_version, engine_version, config_json, status, created_at)
        VALUES (1, 1, 'r', 'mlp', '1', '1', '{}', 'finished', 0);
      INSERT INTO metric_names (run_id, name) VALUES (1, 'train/loss');
    `)
    expect(migrate(db, migrations.filter((m) => m.version <= 8))).toEqual([8])
    expect(db.prepare('SELECT name, channel FROM metric_names').all()).toEqual([{ name: 'train/loss', channel: null }])
    db.close()
  })

  it('adds a source to the runs of a version 8 file, NULL for the runs it held, one run per source', () => {
    const db = rawDb()
    migrate(db, migrations.filter((m) => m.version <= 8))
    db.exec(`
      INSERT INTO experiments (id, name, description, created_at) VALUES (1, 'e', '', 0);
      INSERT INTO runs (id, experiment_id, name, trainer, trainer_version, engine_version, config_json, status, created_at)
        VALUES (1, 1, 'r', 'mlp', '1', '1', '{}', 'finished', 0);
    `)
    expect(migrate(db, migrations.filter((m) => m.version <= 9))).toEqual([9])
    expect(db.prepare('SELECT id, source FROM runs').all()).toEqual([{ id: 1, source: null }])
    const insert = db.prepare(
      "INSERT INTO runs (experiment_id, name, trainer, trainer_version, engine_version, config_json, status, created_at, source) VALUES (1, 'i', 'optuna', '', '1', '{}', 'finished', 0, ?)"
    )
    insert.run('optuna:/s.db#study=a&trial=0')
    insert.run(null)
    expect(() => insert.run('optuna:/s.db#study=a&trial=0')).toThrow(/UNIQUE/)
    db.close()
  })

  it('refuses a file from a newer version without touching it', () => {
    const db = rawDb()
    db.pragma('user_version = 99')
    const attempt = (): unknown => migrate(db)
    expect(attempt).toThrow(AppError)
    expect(attempt).toThrow(`schema version 99, newer than this ParamScope understands (${latestVersion()})`)
    expect(tables(db)).toEqual([])
    db.close()
  })

  it('applies each step in its own transaction, so a failing step leaves the previous version', () => {
    const steps: Migration[] = [
      { version: 1, description: 'a', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, description: 'b', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);' }
    ]
    const db = rawDb()
    expect(() => migrate(db, steps)).toThrow(/no such table: missing/)
    expect(db.pragma('user_version', { simple: true })).toBe(1)
    expect(tables(db)).toEqual(['a'])

    const fixed = [steps[0], { ...steps[1], sql: 'CREATE TABLE b (x INTEGER);' }]
    expect(migrate(db, fixed)).toEqual([2])
    expect(tables(db)).toEqual(['a', 'b'])
    db.close()
  })
})
