import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTestStore, tempStoreFile } from '../store/testing'
import { readSource } from './read-source'
import { writeImport } from './write-import'
import expected from './fixtures/optuna/expected-sqlite.json'

const dir = join(__dirname, 'fixtures', 'optuna')
const statusOf: Record<string, string> = { COMPLETE: 'finished', PRUNED: 'cancelled', FAIL: 'failed' }

describe('Optuna import', () => {
  for (const file of ['study.db', 'journal.log']) {
    it(`reads every trial of ${file} as Optuna itself reads them: params, values, series, states`, () => {
      const store = openTestStore(tempStoreFile())
      const result = writeImport(store, readSource(join(dir, file)))
      expect(result).toMatchObject({ imported: 12, skipped: 0, experiments: [{ name: 'lr-sweep' }] })
      const runs = store.runs.list({ experimentId: result.experiments[0]!.id }).sort((a, b) => a.id - b.id)
      expect(runs.map((r) => r.name)).toEqual(expected.map((t) => `lr-sweep #${t.number}`))
      runs.forEach((run, i) => {
        const trial = expected[i]!
        expect(run.config).toEqual(trial.params)
        expect(run.status).toBe(statusOf[trial.state])
        expect(run.trainer).toBe('optuna')
        expect(run.source).toBe(`optuna:${join(dir, file)}#study=lr-sweep&trial=${trial.number}`)
        expect(JSON.parse(run.notes)).toEqual(trial.user_attrs)
        const series = store.metrics.series(run.id)
        const steps = Object.keys(trial.intermediate).map(Number)
        expect(series['intermediate/value']?.steps ?? []).toEqual(steps)
        expect(series['intermediate/value']?.values ?? []).toEqual(Object.values(trial.intermediate))
        if (trial.value === null) expect(series.value).toBeUndefined()
        else expect(store.metrics.summary(run.id).value?.last).toBe(trial.value)
        expect(run.startedAt).not.toBeNull()
        expect(run.endedAt!).toBeGreaterThanOrEqual(run.startedAt!)
        if (file === 'study.db') {
          expect(run.startedAt).toBe(new Date(trial.start!.slice(0, 23)).getTime())
          expect(run.endedAt).toBe(new Date(trial.complete!.slice(0, 23)).getTime())
        }
      })
      expect(runs.find((r) => r.status === 'cancelled')?.statusReason).toEqual({ rule: 'imports.reasons.pruned', values: { tool: 'Optuna', step: 2 } })
    })
  }

  it('skips the runs of a second import of the same file, and counts them', () => {
    const store = openTestStore(tempStoreFile())
    writeImport(store, readSource(join(dir, 'study.db')))
    const again = writeImport(store, readSource(join(dir, 'study.db')))
    expect(again).toMatchObject({ imported: 0, skipped: 12 })
    expect(store.runs.list({}).length).toBe(12)
  })

  it('refuses a journal with a bad line, naming the file and line, and writes nothing', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'optuna-bad-'))
    const bad = join(tmp, 'journal.log')
    copyFileSync(join(dir, 'journal.log'), bad)
    writeFileSync(bad, '{"op_code": 5, "trial_id": 0}\n', { flag: 'a' })
    expect(() => readSource(bad)).toThrow(`${bad} line 138: param_name is missing or has the wrong type`)
    writeFileSync(bad, 'not json\n', { flag: 'a' })
    const store = openTestStore(tempStoreFile())
    expect(() => writeImport(store, readSource(bad, { kind: 'optuna' }))).toThrow(/line 138/)
    expect(store.runs.list({})).toEqual([])
  })

  it('names the studies a file holds when the one asked for is not there', () => {
    expect(() => readSource(join(dir, 'study.db'), { study: 'nope' })).toThrow('no study named "nope" (studies: lr-sweep)')
  })
})
