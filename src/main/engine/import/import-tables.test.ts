import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatMessage } from '../../../shared/messages'
import { AppError } from '../../../shared/errors'
import { openTestStore, tempStoreFile } from '../store/testing'
import { detectKind, readSource } from './read-source'
import { writeImport } from './write-import'

const fixtures = join(__dirname, 'fixtures')

describe('W&B CSV import', () => {
  it('reads the runs table export: states, config and summary columns, tags, notes, times', () => {
    const file = join(fixtures, 'wandb', 'runs.csv')
    expect(detectKind(file)).toBe('wandb')
    const store = openTestStore(tempStoreFile())
    const result = writeImport(store, readSource(file), 'W&B')
    expect(result).toMatchObject({ imported: 6, skipped: 0, experiments: [{ name: 'W&B' }] })
    const runs = store.runs.list({}).sort((a, b) => a.id - b.id)
    expect(runs.map((r) => [r.name, r.status])).toEqual([
      ['fresh-sun-1', 'finished'],
      ['wise-moon-2', 'finished'],
      ['蓝色-星-3', 'crashed'],
      ['bold-wave-4', 'cancelled'],
      ['calm-leaf-5', 'failed'],
      ['late-star-6', 'interrupted']
    ])
    expect(runs[0]!.config).toEqual({ batch_size: 32, lr: 0.01, optimizer: 'adam', 'model.layers': 2 })
    expect(runs[0]!.tags).toEqual(['vision', 'baseline'])
    expect(runs[0]!.notes).toBe('baseline, first try')
    expect(runs[2]!.notes).toBe('he said "oops"')
    expect(runs[0]!.startedAt).toBe(Date.parse('2026-11-30T08:00:00.000Z'))
    expect(runs[0]!.endedAt).toBe(Date.parse('2026-11-30T08:02:00.000Z'))
    const summary = store.metrics.summary(runs[1]!.id)
    expect(Object.keys(summary).sort()).toEqual(['accuracy', 'val/loss'])
    expect(summary['val/loss']!.last).toBe(0.41)
    expect(Object.keys(store.metrics.summary(runs[2]!.id))).toEqual(['val/loss'])
    expect(writeImport(store, readSource(file), 'W&B')).toMatchObject({ imported: 0, skipped: 6 })
  })
})

describe('generic CSV and JSON lines import', () => {
  it('reads params.* and metrics.* columns with a series file beside them', () => {
    const file = join(fixtures, 'generic', 'runs.csv')
    expect(detectKind(file)).toBe('csv')
    const store = openTestStore(tempStoreFile())
    writeImport(store, readSource(file, { series: join(fixtures, 'generic', 'series.jsonl') }))
    const [a, b, c] = store.runs.list({}).sort((x, y) => x.id - y.id)
    expect(a!.config).toEqual({ lr: 0.01, 'optimizer.name': 'adam', layers: 2 })
    expect(a!.tags).toEqual(['seed-1', 'baseline'])
    expect(a!.notes).toBe('comma, inside')
    expect(c!.name).toBe('模型-c')
    expect(c!.status).toBe('failed')
    expect(c!.notes).toBe('line one\nline two')
    expect(store.metrics.series(a!.id)['val/loss']).toMatchObject({ steps: [0, 1, 2], values: [1.1, 0.7, 0.52] })
    expect(store.metrics.summary(a!.id).accuracy!.last).toBe(0.91)
    expect(store.metrics.summary(b!.id)['val/loss']!.last).toBe(0.41)
    expect(store.metrics.summary(c!.id)).toEqual({})
    expect(a!.createdAt).toBe(Date.parse('2026-12-01T10:00:00Z'))
  })

  it('maps other headers onto params and metrics', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'csv-map-'))
    const file = join(tmp, 'sweep.csv')
    writeFileSync(file, 'trial,learning_rate,score\nt1,0.1,0.5\nt2,0.2,0.7\n')
    const batch = readSource(file, { columns: { trial: 'name', score: 'metrics.score' } })
    const before = Date.now()
    const store = openTestStore(tempStoreFile())
    writeImport(store, batch)
    expect(store.runs.list({}).every((r) => r.createdAt >= before)).toBe(true)
    expect(batch.runs.map((r) => [r.name, r.params, r.metrics.map((m) => [m.name, m.value])])).toEqual([
      ['t1', { learning_rate: 0.1 }, [['score', 0.5]]],
      ['t2', { learning_rate: 0.2 }, [['score', 0.7]]]
    ])
  })

  it('reads runs and series from one JSON-lines file', () => {
    const file = join(fixtures, 'generic', 'runs.jsonl')
    expect(detectKind(file)).toBe('jsonl')
    const store = openTestStore(tempStoreFile())
    writeImport(store, readSource(file))
    const [a, b] = store.runs.list({}).sort((x, y) => x.id - y.id)
    expect(a!.config).toEqual({ lr: 0.01, 'optimizer.name': 'adam', layers: 2 })
    expect(a!.tags).toEqual(['baseline'])
    expect(store.metrics.series(a!.id)['val/loss']!.values).toEqual([1.1, 0.7, 0.52])
    expect(store.metrics.series(b!.id)['val/loss']).toMatchObject({ steps: [1], values: [0.41], times: [1796119200000] })
    expect(b!.status).toBe('finished')
  })

  it("describes the experiment it makes in the importer's language", () => {
    const file = join(fixtures, 'generic', 'runs.jsonl')
    const described = (lang?: 'en' | 'zh-CN') => {
      const store = openTestStore(tempStoreFile())
      const [made] = writeImport(store, readSource(file), 'imported', lang).experiments
      return store.experiments.get(made!.id)!.description
    }
    expect([described(), described('zh-CN')]).toEqual([`Imported from jsonl: ${file}`, `从 jsonl 导入：${file}`])
  })

  it('words bad input in English and Chinese, naming the file, line and field', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'bad-'))
    const cases: [string, string, string, string][] = [
      ['a.csv', 'name,status,metrics.loss\nx,finished,0.1\ny,done,0.2\n', 'line 3: status "done" is not one of', '第 3 行：状态“done”不在'],
      ['b.csv', 'name,metrics.loss\nx,0.1\ny,low\n', 'line 3: metrics.loss "low" is not a number', '第 3 行：metrics.loss“low”不是数字'],
      ['c.jsonl', '{"run": "a", "params": {}}\n{"run": "b", "metric": "loss", "step": 0, "value": 1}\n', 'line 2: the series names run "b", which no row defines', '第 2 行：序列指向运行“b”'],
      ['d.jsonl', '{"run": "a"}\n{"run": "a", "metric": "loss", "step": 1.5, "value": 1}\n', 'line 2: step is missing or has the wrong type', '第 2 行：step 缺失或类型不对'],
      ['e.csv', 'name,metrics.loss\nx,0.1\nx,0.2\n', 'line 3: run "x" appears twice', '第 3 行：运行“x”出现了两次']
    ]
    for (const [name, text, en, zh] of cases) {
      const file = join(tmp, name)
      writeFileSync(file, text)
      let err: unknown
      try {
        readSource(file)
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(AppError)
      const coded = (err as AppError).details!.message as { code: string; values: Record<string, string> }
      expect(formatMessage('en', coded)).toContain(`${file} ${en}`)
      expect(formatMessage('zh-CN', coded)).toContain(`${file} ${zh}`)
    }
  })

  it('says which kinds it knows when it cannot tell a file', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'unknown-'))
    const file = join(tmp, 'notes.txt')
    writeFileSync(file, 'hello\n')
    expect(() => readSource(file)).toThrow('cannot tell which tool wrote it; name one of optuna, mlflow, wandb, csv or jsonl ("Written by" in the window, --kind on the command line)')
    expect(() => readSource(join(tmp, 'missing.db'))).toThrow('missing.db: no such file or folder')
  })
})
