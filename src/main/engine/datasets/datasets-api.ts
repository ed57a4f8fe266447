import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { EngineApi } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { Dataset, DatasetFormat } from '../../../shared/schemas/datasets'
import type { EventBus } from '../events'
import type { DatasetRecord, Store } from '../store'
import type { FileStatus } from './import/file-status'
import { type ImportQueue, isInside, isUsed } from './import/import-queue'
import { type LeftoverDeps, listLeftovers, removeLeftovers, uploadsDirOf } from './import/leftovers'
import { assignParts, summarizeParts, toLabels } from './versions/part-split'
import { canonicalKey, hasClasses, normalizeRoles, versionIssues, withDefaults } from './versions/versions'

/** Streams rows of a file as text cells, data rows only, from `offset`, cells in `columns` order. */
export type ReadRows = (
  path: string,
  format: DatasetFormat,
  options: { offset?: number; limit?: number; signal?: AbortSignal; columns?: string[] }
) => AsyncIterable<string[]>

type DatasetsApi = Pick<
  EngineApi,
  | 'datasets.import'
  | 'datasets.importSample'
  | 'datasets.imports'
  | 'datasets.cancelImport'
  | 'datasets.dismissImport'
  | 'datasets.list'
  | 'datasets.get'
  | 'datasets.rows'
  | 'datasets.delete'
  | 'datasets.leftovers'
  | 'datasets.removeLeftovers'
  | 'datasets.createVersion'
>

interface Deps {
  store: Store
  events: EventBus
  queue: ImportQueue
  readRows: ReadRows
  fileStatus: FileStatus
  libraryDir: string
  /** Where the sample datasets are; null where the app's resources cannot be found. */
  samplesDir: string | null
}

/** Every cell of one column, in row order; refuses a file whose row count moved since import. */
export async function readColumn(readRows: ReadRows, d: DatasetRecord, columns: string[], column: number): Promise<string[]> {
  const values: string[] = []
  for await (const row of readRows(d.path, d.format, { columns })) values.push((row[column] ?? '').trim())
  if (values.length !== d.rows)
    throw AppError.coded('DATASET_INVALID', msg('dataset.rowsChanged', { name: d.name, rows: values.length, imported: d.rows }))
  return values
}

/** The dataset methods: the import queue, registered files with their status, versions. */
export function createDatasetsApi({ store, events, queue, readRows, fileStatus, libraryDir, samplesDir }: Deps): DatasetsApi {
  const mustGet = (id: number, field = 'id'): DatasetRecord => {
    const d = store.datasets.get(id)
    if (!d) throw AppError.coded('NOT_FOUND', msg('dataset.notFound', { id }), { issues: [codedIssue(field, msg('dataset.noDataset', { id }))] })
    return d
  }
  const leftoverDeps: LeftoverDeps = { uploadsDir: uploadsDirOf(libraryDir), isReferenced: (path) => isUsed(path, store), isImporting: queue.isImporting }
  const originOf = (d: DatasetRecord): Dataset['origin'] => (isInside(leftoverDeps.uploadsDir, d.path) ? 'upload' : d.copied ? 'copy' : 'file')
  const withStatus = async (d: DatasetRecord): Promise<Dataset> => ({
    ...d,
    status: await fileStatus.of(d),
    versionCount: store.datasets.listVersions(d.id).length,
    origin: originOf(d)
  })
  const mustBeIntact = async (d: DatasetRecord, field: string): Promise<void> => {
    const status = await fileStatus.of(d)
    if (status === 'ok') return
    const why = status === 'missing' ? msg('dataset.fileGone', { path: d.path }) : msg('dataset.fileChanged', { path: d.path })
    throw AppError.coded('DATASET_INVALID', msg('dataset.fileStatus', { name: d.name, why }), { issues: [codedIssue(field, why)] })
  }

  return {
    'datasets.import': async ({ paths, copy, names }) => queue.enqueue(paths, copy, names),
    // Copied: the app's own folder moves with each update (and an AppImage's with each launch).
    'datasets.importSample': async ({ name }) => {
      if (!samplesDir) throw AppError.coded('UNSUPPORTED', msg('dataset.noSamples'))
      return queue.enqueue([join(samplesDir, name)], true, [name])[0]
    },
    'datasets.imports': async () => queue.list(),
    'datasets.cancelImport': async ({ importId }) => queue.cancel(importId),
    'datasets.dismissImport': async ({ importId }) => {
      queue.dismiss(importId)
      return { ok: true as const }
    },

    'datasets.list': async () => Promise.all(store.datasets.list().map(withStatus)),

    'datasets.get': async ({ id }) => {
      const d = mustGet(id)
      return { ...(await withStatus(d)), profile: store.datasets.profile(id)!, versions: store.datasets.listVersions(id) }
    },

    'datasets.rows': async ({ id, offset, limit }) => {
      const d = mustGet(id)
      await mustBeIntact(d, 'id')
      const rows: string[][] = []
      const columns = store.datasets.profile(id)!.columns.map((c) => c.name)
      for await (const row of readRows(d.path, d.format, { offset, limit, columns })) {
        rows.push(row)
        if (rows.length >= limit) break
      }
      return { rows, total: d.rows }
    },

    'datasets.delete': async ({ id }) => {
      const d = mustGet(id)
      store.datasets.delete(id)
      // Copies and browser uploads belong to the app; files the user registered in place do not.
      if (isInside(libraryDir, d.path)) await rm(d.path, { force: true })
      events.emit('datasets.changed', {})
      return { ok: true as const }
    },

    'datasets.leftovers': async () => {
      const files = await listLeftovers(leftoverDeps)
      return { files, bytes: files.reduce((sum, f) => sum + f.bytes, 0) }
    },

    'datasets.removeLeftovers': async ({ names }) => {
      const result = await removeLeftovers(names, leftoverDeps)
      if (result.removed.length) events.emit('datasets.changed', {})
      return result
    },

    'datasets.createVersion': async ({ datasetId, ...input }) => {
      const d = mustGet(datasetId, 'datasetId')
      const profile = store.datasets.profile(datasetId)!
      const issues = versionIssues(profile, withDefaults(profile, input))
      if (issues.length) throw AppError.fromIssues('DATASET_INVALID', issues, msg('dataset.versionNotSaved', { name: d.name }))
      const roles = normalizeRoles(profile, input)
      const key = canonicalKey(roles)
      const existing = store.datasets.listVersions(datasetId).find((v) => canonicalKey(v) === key)
      if (existing) return existing
      await mustBeIntact(d, 'datasetId')
      const names = profile.columns.map((c) => c.name)
      const labels =
        hasClasses(roles.task) && roles.target !== null ? toLabels(await readColumn(readRows, d, names, names.indexOf(roles.target))) : undefined
      const part = assignParts(d.rows, roles.split, labels)
      const version = store.datasets.insertVersion({ datasetId, ...roles, parts: summarizeParts(part, roles.split, labels), canonicalKey: key })
      events.emit('datasets.changed', {})
      return version
    }
  }
}
