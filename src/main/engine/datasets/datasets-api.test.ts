/** The datasets methods through the contract, on a real engine, store and files. */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api'
import { dispatch } from '../../../shared/rpc'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import type { Engine } from '../types'
import { sha256File } from './import/hash'

let dir: string
let engine: Engine

async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await dispatch(engine.api, method, input)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return reply.result as MethodOutput<M>
}
const refusal = (method: MethodName, input: unknown) => dispatch(engine.api, method, input).then((r) => (r.ok ? null : r.error))

/** 60 rows: classes a (40) and b (20), two numeric features, a text id, a constant column. */
function writeTable(name: string): string {
  const lines = ['id,x1,x2,label,const']
  for (let i = 0; i < 60; i++) lines.push(`r${i},${(i % 7) + (i < 40 ? 0 : 5)},${i * 0.5},${i < 40 ? 'a' : 'b'},k`)
  const path = join(dir, name)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

async function importOne(path: string, copy = false, name?: string): Promise<number> {
  const [queued] = await call('datasets.import', { paths: [path], copy, ...(name ? { names: [name] } : {}) })
  return importEnded(queued.importId)
}

async function importEnded(importId: string): Promise<number> {
  const queued = { importId }
  const ended = await new Promise<MethodOutput<'datasets.imports'>[number]>((resolve) => {
    const off = engine.events.subscribe((name, payload) => {
      const p = payload as { importId: string; state: string }
      if (name === 'dataset.import' && p.importId === queued.importId && ['done', 'failed', 'cancelled'].includes(p.state)) {
        off()
        resolve(p as never)
      }
    })
  })
  if (ended.state !== 'done') throw new Error(`${ended.state}: ${ended.error}`)
  return ended.datasetId!
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-datasets-api-'))
  engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
    cancelGraceMs: 2000
  })
})
afterAll(async () => {
  await engine.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('datasets API', () => {
  it('registers an imported file with its hash and profile, and pages through its rows', async () => {
    const path = writeTable('table.csv')
    const id = await importOne(path)
    const detail = await call('datasets.get', { id })
    expect(detail).toMatchObject({ name: 'table.csv', path, format: 'csv', status: 'ok', rows: 60, columns: 5, copied: false, origin: 'file', sha256: await sha256File(path), versions: [] })
    expect(detail.profile.columns.map((c) => c.name)).toEqual(['id', 'x1', 'x2', 'label', 'const'])
    expect((await call('datasets.list', {})).map((d) => d.id)).toContain(id)
    const window = await call('datasets.rows', { id, offset: 58, limit: 5 })
    expect(window).toEqual({ rows: [['r58', '7', '29', 'b', 'k'], ['r59', '8', '29.5', 'b', 'k']], total: 60 })
  })

  it('names a dataset after the file the user dropped, and keeps the corpus of a text file', async () => {
    const path = join(dir, '1700000000000-0a1b2c3d-poems.txt')
    writeFileSync(path, 'roses are red\n\nviolets are blue\n')
    const id = await importOne(path, false, 'poems.txt')
    const detail = await call('datasets.get', { id })
    expect(detail.name).toBe('poems.txt')
    expect(detail.profile.corpus).toEqual({ chars: 29, lines: 3, blankLines: 1, words: 6, charVocabulary: 13, wordVocabulary: 5, wordVocabularyCapped: false })
    const mismatch = await refusal('datasets.import', { paths: [path, path], names: ['one.txt'] })
    expect(mismatch?.details?.issues).toEqual([{ field: 'names', message: 'needs one name per path' }])
  })

  it('tells a touched file from a changed or missing one', async () => {
    const path = writeTable('status.csv')
    const id = await importOne(path)
    utimesSync(path, new Date(), new Date(Date.now() + 5000))
    expect((await call('datasets.get', { id })).status).toBe('ok')
    appendFileSync(path, 'r60,1,1,a,k\n')
    expect((await call('datasets.get', { id })).status).toBe('changed')
    rmSync(path)
    expect((await call('datasets.list', {})).find((d) => d.id === id)?.status).toBe('missing')
    expect((await refusal('datasets.rows', { id }))?.code).toBe('DATASET_INVALID')
  })

  it('saves a stratified version once and refuses bad roles by field', async () => {
    const id = await importOne(writeTable('roles.csv'))
    const split = { kind: 'holdout', valFraction: 0.25, stratify: true, seed: 4 } as const
    const v = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split })
    expect(v.features).toEqual(['x1', 'x2'])
    expect(v.parts).toEqual([
      { name: 'train', rows: 45, classes: { a: 30, b: 15 } },
      { name: 'val', rows: 15, classes: { a: 10, b: 5 } }
    ])
    const again = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', features: ['x2', 'x1'], split })
    expect(again.id).toBe(v.id)
    const other = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { ...split, seed: 5 } })
    expect(other.id).not.toBe(v.id)
    const folds = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { kind: 'kfold', k: 3, stratify: true, seed: 1 } })
    // Classes laid end to end and dealt round-robin: a (40) gives 14/13/13, b (20) continues at fold 2.
    expect(folds.parts.map((p) => p.classes)).toEqual([{ a: 14, b: 6 }, { a: 13, b: 7 }, { a: 13, b: 7 }])
    expect((await call('datasets.get', { id })).versions.map((x) => x.id)).toEqual([v.id, other.id, folds.id])

    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ target: 'nope' }, 'target', /no column "nope"/],
      [{ target: 'const' }, 'target', /one class only/],
      [{ features: ['x1', 'nope'] }, 'features.1', /no column "nope"/]
    ]
    for (const [over, field, message] of cases) {
      const error = await refusal('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split, ...over })
      expect(error?.code, field).toBe('DATASET_INVALID')
      expect(error?.details?.issues).toMatchObject([{ field, message: expect.stringMatching(message) }])
    }
  })

  it('refuses a bad file with its reason and registers nothing', async () => {
    const before = (await call('datasets.list', {})).length
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')
    await expect(importOne(empty)).rejects.toThrow(/failed: .*empty\.csv/)
    expect(await call('datasets.list', {})).toHaveLength(before)
  })

  it('copies into the library and deletes the copy with the dataset', async () => {
    const id = await importOne(writeTable('copied.csv'), true)
    const d = await call('datasets.get', { id })
    expect(d.copied).toBe(true)
    expect(d.path.startsWith(join(dir, 'home', 'library'))).toBe(true)
    await call('datasets.delete', { id })
    expect(existsSync(d.path)).toBe(false)
    expect(existsSync(join(dir, 'copied.csv'))).toBe(true)
  })
})

describe('leftover uploads', () => {
  const uploads = () => join(dir, 'home', 'library', 'uploads')
  /** A file as `POST /upload` leaves it, last written `ageMs` ago. */
  const upload = (name: string, text: string, ageMs = 0): string => {
    mkdirSync(uploads(), { recursive: true })
    const path = join(uploads(), name)
    writeFileSync(path, text)
    const at = new Date(Date.now() - ageMs)
    utimesSync(path, at, at)
    return path
  }
  const hour = 3_600_000

  it('removes an upload whose import failed, and keeps one that became a dataset', async () => {
    const bad = upload('1-aa-header-only.csv', 'a,b\n')
    await expect(importOne(bad, false, 'header-only.csv')).rejects.toThrow(/header row \(a, b\) and no data rows/)
    expect(existsSync(bad)).toBe(false)
    const good = upload('2-bb-good.csv', 'a,b\n1,2\n')
    const id = await importOne(good, false, 'good.csv')
    expect(existsSync(good)).toBe(true)
    expect(await call('datasets.get', { id })).toMatchObject({ name: 'good.csv', origin: 'upload' })
  })

  it('says a failed upload by the name the user gave it, and forgets it once dismissed', async () => {
    const bad = upload('8-hh-empty_file.csv', 'a,b\n')
    const [queued] = await call('datasets.import', { paths: [bad], copy: false, names: ['empty file.csv'] })
    await expect(importEnded(queued.importId)).rejects.toThrow(/^failed: empty file\.csv: /)
    const [listed] = (await call('datasets.imports', {})).filter((p) => p.importId === queued.importId)
    expect(listed.name).toBe('empty file.csv')
    expect(listed.error).not.toContain('8-hh-')
    expect(await call('datasets.dismissImport', { importId: queued.importId })).toEqual({ ok: true })
    expect((await call('datasets.imports', {})).some((p) => p.importId === queued.importId)).toBe(false)
  })

  it('lists uploads nothing uses with their sizes, and removes only those the user confirmed', async () => {
    const used = upload('3-cc-used.csv', 'a,b\n1,2\n', hour)
    await importOne(used, false, 'used.csv')
    const kept = readdirSync(uploads())
    const orphan = upload('4-dd-orphan.csv', 'x,y\n1,2\n3,4\n', hour)
    const dead = upload('.partial-5-ee-cut.csv', 'x,y\n1,', 2 * hour)
    // Still arriving, or just arrived with its import on the way: not leftovers yet.
    upload('.partial-6-ff-arriving.csv', 'x,y\n', 60_000)
    const fresh = upload('7-gg-fresh.csv', 'x\n1\n')
    const listed = await call('datasets.leftovers', {})
    expect(listed).toEqual({
      files: [
        { name: '.partial-5-ee-cut.csv', bytes: 6, modifiedAt: expect.any(Number) },
        { name: '4-dd-orphan.csv', bytes: 12, modifiedAt: expect.any(Number) }
      ],
      bytes: 18
    })
    // A name outside the listing (a dataset's file, a fresh upload, a path out of the folder) is ignored.
    const names = ['4-dd-orphan.csv', '.partial-5-ee-cut.csv', '3-cc-used.csv', '7-gg-fresh.csv', '../paramscope.db']
    expect(await call('datasets.removeLeftovers', { names })).toEqual({ removed: ['.partial-5-ee-cut.csv', '4-dd-orphan.csv'], bytes: 18 })
    expect([orphan, dead].map(existsSync)).toEqual([false, false])
    expect([used, fresh, join(dir, 'home', 'paramscope.db')].map(existsSync)).toEqual([true, true, true])
    expect(readdirSync(uploads()).filter((n) => kept.includes(n))).toEqual(kept)
    expect((await call('datasets.leftovers', {})).files).toEqual([])
  })
})

describe('sample datasets', () => {
  it('imports a sample by name as a library copy, and counts its versions', async () => {
    const queued = await call('datasets.importSample', { name: 'classification.csv' })
    const id = await importEnded(queued.importId)
    const [listed] = (await call('datasets.list', {})).filter((d) => d.id === id)
    expect(listed).toMatchObject({ name: 'classification.csv', copied: true, origin: 'copy', rows: 800, status: 'ok', versionCount: 0 })
    expect(listed.path.startsWith(join(dir, 'home', 'library'))).toBe(true)
    await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 1 } })
    expect((await call('datasets.get', { id })).versionCount).toBe(1)
    expect((await refusal('datasets.importSample', { name: '../paramscope.db' }))?.code).toBe('INVALID_INPUT')
  })
})

describe('runs on a dataset version', () => {
  it('validates a run on the version it will read, not on the bare file', async () => {
    const path = writeTable('validate.csv')
    const id = await importOne(path)
    const v = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { kind: 'holdout', valFraction: 0.25, stratify: true, seed: 2 } })
    const config = { 'data.batch_size': 16 }
    // The bare file trains on its last column, which holds a single value; the version names its target.
    expect((await call('runs.validate', { trainer: 'mlp', config, dataset: path })).issues).not.toEqual([])
    expect(await call('runs.validate', { trainer: 'mlp', config, datasetVersionId: v.id })).toMatchObject({ issues: [] })
    expect((await call('runs.validate', { trainer: 'mlp', config: { 'data.batch_size': 1000 }, datasetVersionId: v.id })).issues).toEqual([
      expect.objectContaining({ field: 'data.batch_size', message: expect.stringContaining('training rows') })
    ])
    expect((await call('runs.validate', { trainer: 'mlp', config, datasetVersionId: 9999 })).issues).toMatchObject([{ field: 'datasetVersionId', message: 'no dataset version 9999' }])
    expect((await refusal('runs.validate', { trainer: 'mlp', config, dataset: path, datasetVersionId: v.id }))?.code).toBe('INVALID_INPUT')
  })

  it('trains through the version, records it, and says when the data changed', async () => {
    const path = writeTable('train.csv')
    const id = await importOne(path)
    const v = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { kind: 'holdout', valFraction: 0.25, stratify: true, seed: 2 } })
    const experimentId = (await call('experiments.create', { name: 'versions', description: '' })).id
    const config = { 'training.epochs': 2, 'data.batch_size': 16 }
    expect((await refusal('runs.start', { experimentId, trainer: 'mlp', config, dataset: path, datasetVersionId: v.id }))?.code).toBe('INVALID_INPUT')
    const folds = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', split: { kind: 'kfold', k: 3, stratify: true, seed: 2 } })
    expect(await refusal('runs.start', { experimentId, trainer: 'mlp', config: { ...config, 'data.fold': 3 }, datasetVersionId: folds.id })).toMatchObject({
      code: 'INVALID_CONFIG',
      details: { issues: [{ field: 'data.fold', message: expect.stringContaining('3 folds, numbered 0 to 2') }] }
    })
    const started = await call('runs.start', { experimentId, trainer: 'mlp', config, datasetVersionId: v.id })
    expect(started).toMatchObject({ datasetVersionId: v.id, datasetPath: path, datasetHash: await sha256File(path) })
    const onFold = await call('runs.start', { experimentId, trainer: 'mlp', config: { ...config, 'data.fold': 1 }, datasetVersionId: folds.id })
    // Both ended: subscribed first, then asked, so that an end before the subscription is not missed.
    const ended = (id: number) =>
      new Promise<void>((resolve) => {
        const isEnded = (status: string) => !['queued', 'running'].includes(status)
        const off = engine.events.subscribe((name, payload) => {
          const r = payload as { id: number; status: string }
          if (name === 'run.updated' && r.id === id && isEnded(r.status)) {
            off()
            resolve()
          }
        })
        void call('runs.get', { id }).then((r) => {
          if (!isEnded(r.status)) return
          off()
          resolve()
        })
      })
    await Promise.all([ended(started.id), ended(onFold.id)])
    const done = await call('runs.get', { id: started.id })
    expect(done, done.statusMessage ?? '').toMatchObject({ status: 'finished', datasetChanged: false })
    expect(done.metrics['val/accuracy'].count).toBe(2)
    const log = (await call('runs.log', { id: started.id })).text
    expect(log).toContain('15 validation rows')
    // Fold 1 of 3 validates on its 20 rows (stratified: 13 or 14 of class a) and trains on the other 40.
    expect((await call('runs.get', { id: onFold.id })).status).toBe('finished')
    const foldLog = (await call('runs.log', { id: onFold.id })).text
    expect(foldLog).toContain('fold 1 of 3 validating')
    expect(foldLog).toContain('40 training / 20 validation rows')

    appendFileSync(path, 'r60,1,1,a,k\n')
    expect((await call('runs.get', { id: started.id })).datasetChanged).toBe(true)
    const refused = await refusal('runs.start', { experimentId, trainer: 'mlp', config, datasetVersionId: v.id })
    expect(refused).toMatchObject({ code: 'DATASET_INVALID', details: { issues: [{ field: 'datasetVersionId', message: expect.stringContaining('changed') }] } })
  }, 60000)

  it('saves a version with a categorical feature and gaps, and an mlp run on it trains', async () => {
    // The label follows the region as much as a; sugar is missing in every 10th row.
    const regions = ['north', 'south', 'east', 'west']
    const lines = ['a,region,sugar,label']
    for (let i = 0; i < 200; i++) {
      const region = regions[i % 4]
      const a = ((i * 37) % 100) / 50 - 1
      lines.push(`${a},${region},${i % 10 === 3 ? '' : 4 + (i % 5) / 10},${(region === 'north' || region === 'east' ? 1 : -1) + a > 0 ? 'yes' : 'no'}`)
    }
    const path = join(dir, 'fruit.csv')
    writeFileSync(path, `${lines.join('\n')}\n`)
    const id = await importOne(path)
    const split = { kind: 'holdout', valFraction: 0.25, stratify: true, seed: 1 } as const
    const v = await call('datasets.createVersion', { datasetId: id, task: 'classification', target: 'label', features: ['a', 'region', 'sugar'], split })
    expect(v.features).toEqual(['a', 'region', 'sugar'])
    const experimentId = (await call('experiments.create', { name: 'categorical', description: '' })).id
    const started = await call('runs.start', { experimentId, trainer: 'mlp', config: { 'training.epochs': 2, 'data.batch_size': 16 }, datasetVersionId: v.id })
    const done = await new Promise<MethodOutput<'runs.get'>>((resolve) => {
      const check = () =>
        void call('runs.get', { id: started.id }).then((r) => {
          if (['queued', 'running'].includes(r.status)) return
          off()
          resolve(r)
        })
      const off = engine.events.subscribe((name, payload) => {
        if (name === 'run.updated' && (payload as { id: number }).id === started.id) check()
      })
      check()
    })
    expect(done.status, done.statusMessage ?? '').toBe('finished')
    const log = (await call('runs.log', { id: started.id })).text
    expect(log).toContain('region: one-hot, 4 levels')
    expect(log).toMatch(/sugar: 20 missing, median/)
  }, 60000)
})
