import { cpSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openTestStore, tempStoreFile } from '../store/testing'
import { runs as specRuns } from './fixtures/mlflow/spec'
import { readSource } from './read-source'
import { writeImport } from './write-import'

const dir = join(__dirname, 'fixtures', 'mlflow')
const statusOf: Record<string, string> = { FINISHED: 'finished', FAILED: 'failed', KILLED: 'cancelled', RUNNING: 'interrupted' }

describe('MLflow import', () => {
  for (const source of ['mlflow.db', 'mlruns']) {
    it(`round-trips ${source}: params, tags, notes, statuses, times, series with the last value of a step logged twice`, () => {
      const store = openTestStore(tempStoreFile())
      const result = writeImport(store, readSource(join(dir, source)))
      const live = specRuns.filter((r) => !r.deleted)
      expect(result.imported).toBe(live.length)
      expect(result.experiments.map((e) => e.name).sort()).toEqual(['Default', 'lr-sweep'])
      for (const spec of live) {
        const run = store.runs.list({}).find((r) => r.source === `mlflow:${join(dir, source)}#run=${spec.runId}`)!
        expect(run.name).toBe(spec.name)
        expect(run.trainer).toBe('mlflow')
        expect(run.status).toBe(statusOf[spec.status])
        expect(run.startedAt).toBe(spec.startTime)
        expect(run.endedAt).toBe(spec.endTime)
        expect(run.createdAt).toBe(spec.startTime)
        expect(Object.keys(run.config).sort()).toEqual(Object.keys(spec.params).sort())
        for (const [k, v] of Object.entries(spec.params)) expect(String(run.config[k])).toBe(v === 'True' ? 'true' : v === 'False' ? 'false' : String(Number(v)) === v || v === '1.0' ? String(Number(v)) : v)
        const series = store.metrics.series(run.id)
        for (const key of new Set(spec.metrics.map((m) => m.key))) {
          const logged = spec.metrics.filter((m) => m.key === key)
          const steps = [...new Set(logged.map((m) => m.step))].sort((a, b) => a - b)
          expect(series[key]!.steps).toEqual(steps)
          const lastAt = (s: number) => logged.filter((m) => m.step === s).sort((a, b) => b.timestamp - a.timestamp)[0]!.value
          expect(series[key]!.values).toEqual(steps.map(lastAt))
        }
      }
      const baseline = store.runs.list({}).find((r) => r.name === 'baseline')!
      expect(baseline.config).toMatchObject({ lr: 0.01, layers: 2, optimizer: 'adam', 'model/dropout': 0.1, amp: true })
      expect(baseline.notes).toBe('the first try')
      expect(baseline.tags).toEqual(['reviewed', 'team=vision'])
      expect(store.metrics.series(store.runs.list({}).find((r) => r.name === '基线运行')!.id)['val/loss']!.values[2]).toBe(0.95)
      expect(store.runs.list({}).find((r) => r.name === 'still running')!.statusReason).toEqual({ rule: 'imports.reasons.wasRunning', values: { tool: 'MLflow', state: 'RUNNING' } })
    })
  }

  it('refuses a metric file with a bad line, naming the file and line, and writes nothing', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'mlruns-bad-'))
    cpSync(join(dir, 'mlruns'), tmp, { recursive: true })
    const bad = join(tmp, '1', 'd1b2c3d4e5f60718293a4b5c6d7e8f93', 'metrics', 'val', 'loss')
    writeFileSync(bad, '1796390300000 0.9 0\n1796390301000 zero 1\n')
    const store = openTestStore(tempStoreFile())
    expect(() => writeImport(store, readSource(tmp))).toThrow(`${bad} line 2: expected "timestamp value step", got "1796390301000 zero 1"`)
    expect(store.runs.list({})).toEqual([])
  })

  it('refuses a SQLite file that is not MLflow storage, naming the missing table', () => {
    expect(() => readSource(join(__dirname, 'fixtures', 'optuna', 'study.db'), { kind: 'mlflow' })).toThrow('not MLflow storage: it has no experiments table')
  })

  it('writes a batch all or nothing: a run that cannot be written leaves no run and no experiment', () => {
    const store = openTestStore(tempStoreFile())
    const batch = readSource(join(dir, 'mlflow.db'))
    batch.runs[2] = { ...batch.runs[2]!, status: 'bogus' as never }
    expect(() => writeImport(store, batch)).toThrow(/bogus/)
    expect(store.runs.list({})).toEqual([])
    expect(store.experiments.list()).toEqual([])
  })
})
