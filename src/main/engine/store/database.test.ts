import fs from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { openDatabase } from './database'
import { latestVersion } from './migrations'
import { openStore } from './index'
import { openTestStore, tempStoreFile } from './testing'

describe('openDatabase', () => {
  it('creates the file and its folder with WAL, foreign keys, a busy timeout and synchronous=NORMAL', () => {
    const file = tempStoreFile().replace('paramscope.db', 'nested/folder/paramscope.db')
    const db = openDatabase(file)
    expect(fs.existsSync(file)).toBe(true)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
    expect(db.pragma('synchronous', { simple: true })).toBe(1)
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion())
    db.close()
  })

  it('reopens an up-to-date file without changes and keeps its data', () => {
    const file = tempStoreFile()
    const first = openStore(file)
    first.experiments.create({ name: 'kept' })
    first.close()
    const second = openTestStore(file)
    expect(second.db.pragma('user_version', { simple: true })).toBe(latestVersion())
    expect(second.experiments.list().map((e) => e.name)).toEqual(['kept'])
  })

  it('refuses a store written by a newer ParamScope', () => {
    const file = tempStoreFile()
    openStore(file).close()
    const raw = new BetterSqlite3(file)
    const newer = latestVersion() + 1
    raw.pragma(`user_version = ${newer}`)
    raw.close()
    expect(() => openStore(file)).toThrow(new RegExp(`schema version ${newer}, newer than this ParamScope`))
  })

  it('refuses the SQLite database of another application', () => {
    const file = tempStoreFile()
    const raw = new BetterSqlite3(file)
    raw.exec('CREATE TABLE notes (body TEXT)')
    raw.close()
    expect(() => openStore(file)).toThrow(/another application, not a ParamScope data file/)
    const check = new BetterSqlite3(file)
    expect(check.pragma('user_version', { simple: true })).toBe(0)
    check.close()
  })

  it('refuses a file that is not a database', () => {
    const file = tempStoreFile()
    fs.writeFileSync(file, 'x'.repeat(4096))
    expect(() => openStore(file)).toThrow(/is not a ParamScope data file \(file is not a database\)/)
  })
})

describe('store.transaction', () => {
  it('returns what its function returns and keeps none of its writes when it throws', () => {
    const store = openTestStore(tempStoreFile())
    expect(store.transaction(() => store.experiments.create({ name: 'kept' }).name)).toBe('kept')
    expect(() =>
      store.transaction(() => {
        store.experiments.create({ name: 'dropped' })
        throw new Error('half way')
      })
    ).toThrow('half way')
    expect(store.experiments.list().map((e) => e.name)).toEqual(['kept'])
  })
})
