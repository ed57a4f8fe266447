import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { decodeBinaryBody, encodeBinaryBody } from '../../../shared/binary-body'
import { decodeRunsTable } from '../../../shared/compare/table-columns'
import { RunsTableColumns, type MetricGoal } from '../../../shared/schemas/compare'
import { StudyDefinition } from '../../../shared/schemas/studies'
import { openStore } from '../store'
import { newRun, openTestStore, tempStoreFile } from '../store/testing'
import { trialHash } from '../studies/trial-hash'
import { createRunsTable, createRunsTableApi, flattenParams } from './runs-table'

const definition = StudyDefinition.parse({
  name: 'sweep',
  trainer: 'mlp',
  dataset: '/data/blobs.csv',
  space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true } } },
  design: { method: 'random', n: 2 },
  objective: { metric: 'val/acc', direction: 'max' }
})

/**
 * The table as the renderer reads it: the wire form checked, through HTTP's binary body (JSON
 * when it holds no numbers), decoded, its rows made plain.
 */
function viaWire(wire: RunsTableColumns) {
  RunsTableColumns.parse(wire)
  const chunks = encodeBinaryBody(wire)
  const sent = chunks ? decodeBinaryBody(new Uint8Array(Buffer.concat(chunks)).buffer) : JSON.parse(JSON.stringify(wire))
  const table = decodeRunsTable(sent as RunsTableColumns)
  return { ...table, rows: table.rows.map((r) => JSON.parse(JSON.stringify(r)) as (typeof table.rows)[number]) }
}

/** A runs.table that answers as the renderer reads it (viaWire). */
function tableApi(...deps: Parameters<typeof createRunsTableApi>) {
  const api = createRunsTableApi(...deps)
  return { ...api, 'runs.table': async (input: Parameters<(typeof api)['runs.table']>[0]) => viaWire(await api['runs.table'](input)) }
}

const point = (name: string, step: number, value: number) => ({ name, step, value, time: 1000 + step })

/** Two experiments, a study in the second with one finished and one pruned trial, and a loose run. */
function fixture(file = tempStoreFile()) {
  const store = openTestStore(file)
  const a = store.experiments.create({ name: 'a' }).id
  const b = store.experiments.create({ name: 'b' }).id
  const r1 = store.runs.insert(newRun(a, { name: 'lr-small', config: { 'optimizer.lr': 0.001, 'optimizer.name': 'adamw', 'training.shuffle': true } })).id
  const r2 = store.runs.insert(newRun(b, { name: 'trial-0' })).id
  const r3 = store.runs.insert(newRun(b, { name: 'trial-1' })).id
  const r4 = store.runs.insert(newRun(b, { name: 'loose' })).id
  store.runs.setTags(r1, ['base', 'lr'])
  store.runs.update(r1, { status: 'finished', endedAt: 5000, notes: 'first' })
  store.runs.update(r3, { status: 'cancelled' })
  const study = store.studies.create({ experimentId: b, name: 'sweep', trainer: 'mlp', definition })
  store.studies.enqueue(study.id, [0.01, 0.02].map((lr) => ({ params: { 'optimizer.lr': lr }, repeat: 0, seed: 1, hash: trialHash({ 'optimizer.lr': lr }, 0) })))
  const [t0, t1] = store.studies.trials(study.id)
  store.studies.updateTrial(t0.id, { status: 'finished', runId: r2 })
  store.studies.updateTrial(t1.id, { status: 'pruned', runId: r3 })
  // Out of step order, a rewritten step, a NaN and an infinity: the summary must still be by step.
  store.metrics.append(r1, [point('val/loss', 0, 0.9), point('val/loss', 2, 0.4), point('val/loss', 1, 0.3)])
  store.metrics.append(r1, [point('val/loss', 3, 0.5), point('val/acc', 0, 0.6), point('val/acc', 1, Number.NaN)])
  store.metrics.append(r1, [point('sys/cpu_percent', 0, 50), point('grad_norm/layer0', 0, 1), point('grad_norm/global', 0, 2)])
  store.metrics.append(r2, [point('val/loss', 0, 0.7), point('train/loss', 0, Number.POSITIVE_INFINITY)])
  store.metrics.append(r3, [point('val/acc', 4, 0.8)])
  const goals: Record<string, MetricGoal> = { 'val/loss': 'min', 'val/acc': 'min', 'val/f1': 'max' }
  const api = tableApi({ store, goalsOf: (trainer) => (trainer === 'mlp' ? goals : {}) })
  return { store, api, a, b, r1, r2, r3, r4, study: study.id }
}

describe('runs.table', () => {
  it('gives each run its identity, tags, flat params and the summaries of its series', async () => {
    const { api, a, r1 } = fixture()
    const { rows } = await api['runs.table']({ experimentIds: [a] })
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({
      id: r1, name: 'lr-small', status: 'finished', experimentId: a, experimentName: 'a', studyId: null, trainer: 'mlp',
      tags: ['base', 'lr'], notes: 'first', endedAt: 5000, source: null,
      params: { 'optimizer.lr': 0.001, 'optimizer.name': 'adamw', 'training.shuffle': true }
    })
    // The last is by step (3), not by insertion; min and max skip the NaN; the NaN last reads null.
    expect(rows[0].metrics).toEqual({
      'val/loss': { last: 0.5, lastStep: 3, min: 0.3, max: 0.9, count: 4 },
      'val/acc': { last: null, lastStep: 1, min: 0.6, max: 0.6, count: 2 },
      'grad_norm/global': { last: 2, lastStep: 0, min: 2, max: 2, count: 1 }
    })
  })

  it('reads an infinity as null, since JSON has none', async () => {
    const { api, r2 } = fixture()
    const { rows } = await api['runs.table']({ runIds: [r2] })
    expect(rows[0].metrics['train/loss']).toEqual({ last: null, lastStep: 0, min: null, max: null, count: 1 })
  })

  it('unites experiments, studies and run ids, each run once, by id', async () => {
    const { api, a, r1, r2, r3, r4, study } = fixture()
    expect((await api['runs.table']({ studyIds: [study] })).rows.map((r) => r.id)).toEqual([r2, r3])
    expect((await api['runs.table']({ experimentIds: [a], studyIds: [study], runIds: [r4, r1] })).rows.map((r) => r.id)).toEqual([r1, r2, r3, r4])
    expect((await api['runs.table']({ runIds: [999] })).rows).toEqual([])
  })

  it('reads the first runs only when asked for a limit, and counts them all', async () => {
    const { api, a, b, r1, r2 } = fixture()
    const first = await api['runs.table']({ experimentIds: [a, b], limit: 2 })
    expect([first.rows.map((r) => r.id), first.total]).toEqual([[r1, r2], 4])
    expect((await api['runs.table']({ experimentIds: [a, b], limit: 10 })).total).toBe(4)
    expect((await api['runs.table']({ experimentIds: [a, b] })).total).toBe(4)
  })

  it("reads an imported run's source", async () => {
    const { store, api, r4 } = fixture()
    store.db.prepare('UPDATE runs SET source = ? WHERE id = ?').run('mlflow:/tmp/mlflow.db#run=ab12', r4)
    expect((await api['runs.table']({ runIds: [r4] })).rows[0]!.source).toBe('mlflow:/tmp/mlflow.db#run=ab12')
  })

  it('shows a pruned trial as pruned and names the study of each trial', async () => {
    const { api, b, r2, r3, r4, study } = fixture()
    const { rows } = await api['runs.table']({ experimentIds: [b] })
    expect(rows.map((r) => [r.id, r.status, r.studyId])).toEqual([[r2, 'queued', study], [r3, 'pruned', study], [r4, 'queued', null]])
  })

  it("lists every key and metric once, with goals from trainers and a study's objective over them", async () => {
    const { api, a, study } = fixture()
    const table = await api['runs.table']({ experimentIds: [a], studyIds: [study] })
    expect(table.paramKeys).toEqual(['optimizer.lr', 'optimizer.name', 'training.shuffle'])
    expect(table.metricNames).toEqual(['grad_norm/global', 'train/loss', 'val/acc', 'val/loss'])
    // The study maximises val/acc; val/f1 is no column, so it has no goal here.
    expect(table.goals).toEqual({ 'val/loss': 'min', 'val/acc': 'max' })
  })

  it('keeps the summaries right when a resumed run drops and re-logs steps', async () => {
    const { store, api, r1 } = fixture()
    expect(store.metrics.deleteAfter(r1, 1)).toBe(2)
    let row = (await api['runs.table']({ runIds: [r1] })).rows[0]
    expect(row.metrics['val/loss']).toEqual({ last: 0.3, lastStep: 1, min: 0.3, max: 0.9, count: 2 })
    store.metrics.append(r1, [point('val/loss', 1, 0.1), point('val/loss', 2, 0.2)])
    row = (await api['runs.table']({ runIds: [r1] })).rows[0]
    expect(row.metrics['val/loss']).toEqual({ last: 0.2, lastStep: 2, min: 0.1, max: 0.9, count: 3 })
    // The kept summary is what the points say, for every series.
    expect(store.metrics.summary(r1)['val/loss']).toMatchObject({ last: 0.2, min: 0.1, max: 0.9, count: 3 })
  })

  it('answers a second call with what changed since the first: tags, status, new points, a deleted run', async () => {
    const { store, api, a, b, r1, r2, r4 } = fixture()
    const all = { experimentIds: [a, b] }
    await api['runs.table'](all)
    store.runs.setTags(r1, ['edited'])
    store.runs.update(r1, { notes: 'second' })
    store.metrics.append(r1, [point('val/loss', 4, 0.05)])
    store.runs.update(r2, { status: 'finished', endedAt: 9000 })
    store.metrics.append(r2, [point('val/loss', 1, 0.6)])
    store.runs.delete(r4)
    const { rows } = await api['runs.table'](all)
    expect(rows.map((r) => r.id)).not.toContain(r4)
    const one = rows.find((r) => r.id === r1)!
    expect([one.tags, one.notes, one.metrics['val/loss']]).toEqual([['edited'], 'second', { last: 0.05, lastStep: 4, min: 0.05, max: 0.9, count: 5 }])
    expect(rows.find((r) => r.id === r2)!.metrics['val/loss']).toEqual({ last: 0.6, lastStep: 1, min: 0.6, max: 0.7, count: 2 })
    // A third call, all kept, reads the same.
    expect((await api['runs.table'](all)).rows).toEqual(rows)
  })

  it('answers the same frozen table while nothing changed, for the server to write once', async () => {
    const { store, a, b, r1 } = fixture()
    const api = createRunsTableApi({ store })
    const all = { experimentIds: [a, b] }
    const first = await api['runs.table'](all)
    expect(Object.isFrozen(first)).toBe(true)
    expect(await api['runs.table'](all)).toBe(first)
    // Still, once the ended runs' rows are kept in the file after the answer.
    await expect.poll(() => store.db.prepare('SELECT count(*) FROM run_summaries').pluck().get()).toBe(2)
    expect(await api['runs.table'](all)).toBe(first)
    // Another selection is another answer; a tag, a note or a new point makes a new one.
    expect(await api['runs.table']({ ...all, limit: 1 })).not.toBe(first)
    store.runs.setTags(r1, ['x'])
    const tagged = await api['runs.table'](all)
    expect(tagged).not.toBe(first)
    expect(await api['runs.table'](all)).toBe(tagged)
    store.metrics.append(r1, [point('val/loss', 9, 0.01)])
    expect(await api['runs.table'](all)).not.toBe(tagged)
  })

  it('reads the same rows after the store is closed and opened again', async () => {
    const file = tempStoreFile()
    const first = fixture(file)
    const before = await first.api['runs.table']({ experimentIds: [first.a, first.b] })
    first.store.close()
    const store = openStore(file)
    try {
      const after = await tableApi({ store, goalsOf: () => ({ 'val/loss': 'min', 'val/acc': 'min' }) })['runs.table']({ experimentIds: [first.a, first.b] })
      expect(after.rows).toEqual(before.rows)
    } finally {
      store.close()
    }
  })
})

describe('runs.table rows kept in the file', () => {
  const keptRuns = (store: ReturnType<typeof openStore>) => store.db.prepare('SELECT run_id FROM run_summaries ORDER BY run_id').pluck().all()
  // The rows are written after the answer.
  const keptSoon = (store: ReturnType<typeof openStore>, runIds: number[]) => expect.poll(() => keptRuns(store)).toEqual(runIds)

  it('keeps a row per ended run, none for a run that may still log', async () => {
    const { store, api, a, b, r1, r3 } = fixture()
    await api['runs.table']({ experimentIds: [a, b] })
    expect(keptRuns(store)).toEqual([])
    await keptSoon(store, [r1, r3])
  })

  it('answers a new engine from the kept rows, and from the series again once they change', async () => {
    const file = tempStoreFile()
    const first = fixture(file)
    const all = { experimentIds: [first.a, first.b] }
    const before = await first.api['runs.table'](all)
    await keptSoon(first.store, [first.r1, first.r3])
    first.store.close()
    const store = openStore(file)
    try {
      // A row changed behind the triggers' back shows: the new engine read the row, not the config.
      store.db.prepare('UPDATE run_summaries SET param_values = replace(param_values, \'"adamw"\', \'"kept"\') WHERE run_id = ?').run(first.r1)
      const api = tableApi({ store, goalsOf: () => ({ 'val/loss': 'min', 'val/acc': 'min' }) })
      const after = await api['runs.table'](all)
      expect(after.rows.find((r) => r.id === first.r1)!.params['optimizer.name']).toBe('kept')
      expect(after.rows.filter((r) => r.id !== first.r1)).toEqual(before.rows.filter((r) => r.id !== first.r1))
      // A new point drops the run's row (trigger): read from its config and series, then kept again.
      store.metrics.append(first.r1, [point('val/loss', 7, 0.02)])
      expect(keptRuns(store)).toEqual([first.r3])
      const changed = (await api['runs.table'](all)).rows.find((r) => r.id === first.r1)!
      expect([changed.params['optimizer.name'], changed.metrics['val/loss']]).toEqual(['adamw', { last: 0.02, lastStep: 7, min: 0.02, max: 0.9, count: 5 }])
      await keptSoon(store, [first.r1, first.r3])
      // A deleted run takes its row along.
      store.runs.delete(first.r3)
      expect(keptRuns(store)).toEqual([first.r1])
    } finally {
      store.close()
    }
  })

  it('reads the kept rows into memory after a start when asked to, before the first call', async () => {
    const file = tempStoreFile()
    const first = fixture(file)
    const all = { experimentIds: [first.a, first.b] }
    await first.api['runs.table'](all)
    await keptSoon(first.store, [first.r1, first.r3])
    first.store.close()
    for (const warm of [false, true]) {
      const store = openStore(file)
      try {
        const api = tableApi({ store, warm })
        await new Promise((resolve) => setTimeout(resolve, 50))
        // Changed behind the triggers' back after the start: a row read before the call does not show it.
        store.db.prepare(`UPDATE run_summaries SET param_values = replace(param_values, '"adamw"', '"${warm}"') WHERE run_id = ?`).run(first.r1)
        const row = (await api['runs.table'](all)).rows.find((r) => r.id === first.r1)!
        expect(row.params['optimizer.name']).toBe(warm ? 'adamw' : 'false')
        store.db.prepare(`UPDATE run_summaries SET param_values = replace(param_values, '"${warm}"', '"adamw"') WHERE run_id = ?`).run(first.r1)
      } finally {
        store.close()
      }
    }
  })

  it('leaves the rest to the reads once the table is asked for', async () => {
    const file = tempStoreFile()
    const first = fixture(file)
    await first.api['runs.table']({ experimentIds: [first.a, first.b] })
    await keptSoon(first.store, [first.r1, first.r3])
    first.store.close()
    const store = openTestStore(file)
    const api = tableApi({ store, warm: true })
    // Asked at once for one run: the warm-up stops, so the other run's row is not in memory yet.
    await api['runs.table']({ runIds: [first.r1] })
    await new Promise((resolve) => setTimeout(resolve, 50))
    store.db.prepare('UPDATE run_summaries SET param_values = json_set(param_values, \'$[0]\', \'changed\') WHERE run_id = ?').run(first.r3)
    const r3 = (await api['runs.table']({ runIds: [first.r3] })).rows[0]!
    expect(Object.values(r3.params)).toContain('changed')
  })

  it('holds ended runs read live in memory while the file is too busy to keep their rows', async () => {
    const file = tempStoreFile()
    const { store, api, a, r1 } = fixture(file)
    const other = new Database(file)
    try {
      await api['runs.table']({ experimentIds: [a] })
      // Another connection writes before the rows' turn comes: they are not kept in the file.
      other.prepare("INSERT INTO experiments (name, created_at) VALUES ('busy', 0)").run()
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(keptRuns(store)).toEqual([])
      // A config changed behind the engine's back does not show: the run was not read again.
      other.prepare('UPDATE runs SET config_json = ? WHERE id = ?').run(JSON.stringify({ 'optimizer.name': 'changed' }), r1)
      expect((await api['runs.table']({ runIds: [r1] })).rows[0]!.params['optimizer.name']).toBe('adamw')
    } finally {
      other.close()
    }
  })

  it('keeps the missing rows of ended runs after a start when asked to, with no call', async () => {
    const file = tempStoreFile()
    const { store: first, r1, r3 } = fixture(file)
    first.close()
    const store = openTestStore(file)
    tableApi({ store, warm: true })
    await keptSoon(store, [r1, r3])
  })

  it('keeps the rows of runs written in bulk when told, even while the start-up steps wait their turn', async () => {
    const store = openTestStore(tempStoreFile())
    const table = createRunsTable({ store, warm: true })
    const a = store.experiments.create({ name: 'a' }).id
    // The table is asked for before the start-up steps ran (they stop), then an import writes runs.
    await table.api['runs.table']({ experimentIds: [a] })
    const ids = [0.1, 0.2, 0.3].map((lr) => store.runs.insert(newRun(a, { config: { 'optimizer.lr': lr } })).id)
    for (const id of ids) store.runs.update(id, { status: 'finished' })
    store.metrics.append(ids[0]!, [point('val/loss', 0, 0.5)])
    table.keepNewRuns()
    await keptSoon(store, ids)
    expect((await tableApi({ store })['runs.table']({ experimentIds: [a] })).rows.map((r) => [r.params['optimizer.lr'], r.metrics['val/loss']?.last])).toEqual([[0.1, 0.5], [0.2, undefined], [0.3, undefined]])
  })

  it('answers a first screen and the whole table alike from kept rows and live ones', async () => {
    const { store, api, a, b, r1, r3 } = fixture()
    const all = { experimentIds: [a, b] }
    const live = await api['runs.table'](all)
    await keptSoon(store, [r1, r3])
    const again = await tableApi({ store, goalsOf: () => ({ 'val/loss': 'min', 'val/acc': 'min', 'val/f1': 'max' }) })
    expect((await again['runs.table']({ ...all, limit: 2 })).rows).toEqual(live.rows.slice(0, 2))
    expect((await again['runs.table'](all)).rows).toEqual(live.rows)
  })
})

describe('runs.metricAt', () => {
  it('gives the value at the step, else the last before it, else null', async () => {
    const { api, r1, r2, r3, r4 } = fixture()
    const at = (step: number, metric = 'val/loss') => api['runs.metricAt']({ runIds: [r1, r2, r3, r4], metric, step })
    expect((await at(2)).values).toEqual({ [r1]: 0.4, [r2]: 0.7, [r3]: null, [r4]: null })
    expect((await at(1)).values).toEqual({ [r1]: 0.3, [r2]: 0.7, [r3]: null, [r4]: null })
    expect((await at(-1)).values).toEqual({ [r1]: null, [r2]: null, [r3]: null, [r4]: null })
    expect((await at(100, 'val/acc')).values).toEqual({ [r1]: null, [r2]: null, [r3]: 0.8, [r4]: null })
    expect((await at(3, 'val/acc')).values[r3]).toBeNull()
  })
})

describe('flattenParams', () => {
  it('joins nested keys with dots, keeps arrays as JSON and non-finite numbers as null', () => {
    expect(flattenParams({ optimizer: { lr: 0.1, betas: [0.9, 0.99], name: 'adamw' }, 'model.depth': 2, x: null, y: Number.NaN })).toEqual({
      'optimizer.lr': 0.1, 'optimizer.betas': '[0.9,0.99]', 'optimizer.name': 'adamw', 'model.depth': 2, x: null, y: null
    })
  })
})
