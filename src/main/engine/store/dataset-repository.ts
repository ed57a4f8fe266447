import type { Database } from 'better-sqlite3'
import type { Dataset, DatasetFormat, DatasetProfile, DatasetVersion, Split, Task } from '../../../shared/schemas/datasets'

/** A dataset as stored: everything but its status, which depends on the file now. */
export type DatasetRecord = Omit<Dataset, 'status' | 'versionCount' | 'origin'>

export interface NewDataset {
  name: string
  path: string
  format: DatasetFormat
  size: number
  mtimeMs: number
  sha256: string
  copied: boolean
  profile: DatasetProfile
}

export type NewDatasetVersion = Omit<DatasetVersion, 'id' | 'createdAt'> & {
  /** Identifies the inputs (roles and split): equal keys mean the same version. */
  canonicalKey: string
}

export interface DatasetRepository {
  insert(dataset: NewDataset): DatasetRecord
  get(id: number): DatasetRecord | undefined
  /** Newest first. */
  list(): DatasetRecord[]
  /** The dataset registered from this file with this content, if any. */
  findByFile(path: string, sha256: string): DatasetRecord | undefined
  profile(id: number): DatasetProfile | undefined
  /** Records a new modification time once the content was found unchanged (a `touch`). */
  setMtime(id: number, mtimeMs: number): void
  /** False when it did not exist; its versions go with it, runs keep their path and hash. */
  delete(id: number): boolean
  /** Inserts the version, or returns the existing one with the same canonical key. */
  insertVersion(version: NewDatasetVersion): DatasetVersion
  getVersion(id: number): DatasetVersion | undefined
  /** Versions of one dataset, oldest first. */
  listVersions(datasetId: number): DatasetVersion[]
}

interface DatasetRow {
  id: number
  name: string
  path: string
  format: string
  size: number
  mtime_ms: number
  sha256: string
  copied: number
  rows: number
  columns: number
  created_at: number
}

interface VersionRow {
  id: number
  dataset_id: number
  task: string
  target: string | null
  features_json: string
  text_column: string | null
  ignored_json: string
  split_json: string
  parts_json: string
  created_at: number
}

const datasetColumns = 'id, name, path, format, size, mtime_ms, sha256, copied, rows, columns, created_at'

const toDataset = (r: DatasetRow): DatasetRecord => ({
  id: r.id,
  name: r.name,
  path: r.path,
  format: r.format as DatasetFormat,
  size: r.size,
  mtimeMs: r.mtime_ms,
  sha256: r.sha256,
  copied: r.copied === 1,
  rows: r.rows,
  columns: r.columns,
  createdAt: r.created_at
})

const toVersion = (r: VersionRow): DatasetVersion => ({
  id: r.id,
  datasetId: r.dataset_id,
  task: r.task as Task,
  target: r.target,
  features: JSON.parse(r.features_json) as string[],
  text: r.text_column,
  ignored: JSON.parse(r.ignored_json) as string[],
  split: JSON.parse(r.split_json) as Split,
  parts: JSON.parse(r.parts_json) as DatasetVersion['parts'],
  createdAt: r.created_at
})

export function createDatasetRepository(db: Database): DatasetRepository {
  const insertStmt = db.prepare(`
    INSERT INTO datasets (name, path, format, size, mtime_ms, sha256, copied, rows, columns, profile_json, created_at)
    VALUES (@name, @path, @format, @size, @mtimeMs, @sha256, @copied, @rows, @columns, @profileJson, @createdAt)`)
  const getStmt = db.prepare<[number], DatasetRow>(`SELECT ${datasetColumns} FROM datasets WHERE id = ?`)
  const listStmt = db.prepare<[], DatasetRow>(`SELECT ${datasetColumns} FROM datasets ORDER BY id DESC`)
  const findStmt = db.prepare<[string, string], DatasetRow>(
    `SELECT ${datasetColumns} FROM datasets WHERE path = ? AND sha256 = ? ORDER BY id DESC LIMIT 1`
  )
  const profileStmt = db.prepare<[number], { profile_json: string }>('SELECT profile_json FROM datasets WHERE id = ?')
  const mtimeStmt = db.prepare<[number, number]>('UPDATE datasets SET mtime_ms = ? WHERE id = ?')
  const deleteStmt = db.prepare<[number]>('DELETE FROM datasets WHERE id = ?')
  const insertVersionStmt = db.prepare(`
    INSERT INTO dataset_versions (dataset_id, task, target, features_json, text_column, ignored_json, split_json,
      parts_json, canonical_key, created_at)
    VALUES (@datasetId, @task, @target, @featuresJson, @text, @ignoredJson, @splitJson, @partsJson, @canonicalKey, @createdAt)
    ON CONFLICT (dataset_id, canonical_key) DO NOTHING`)
  const versionByKeyStmt = db.prepare<[number, string], VersionRow>('SELECT * FROM dataset_versions WHERE dataset_id = ? AND canonical_key = ?')
  const versionStmt = db.prepare<[number], VersionRow>('SELECT * FROM dataset_versions WHERE id = ?')
  const versionsStmt = db.prepare<[number], VersionRow>('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY id')

  const get = (id: number): DatasetRecord | undefined => {
    const row = getStmt.get(id)
    return row && toDataset(row)
  }

  return {
    insert(d) {
      const { lastInsertRowid } = insertStmt.run({
        name: d.name,
        path: d.path,
        format: d.format,
        size: d.size,
        mtimeMs: d.mtimeMs,
        sha256: d.sha256,
        copied: d.copied ? 1 : 0,
        rows: d.profile.rows,
        columns: d.profile.columns.length,
        profileJson: JSON.stringify(d.profile),
        createdAt: Date.now()
      })
      return get(Number(lastInsertRowid))!
    },
    get,
    list: () => listStmt.all().map(toDataset),
    findByFile(path, sha256) {
      const row = findStmt.get(path, sha256)
      return row && toDataset(row)
    },
    profile(id) {
      const row = profileStmt.get(id)
      return row && (JSON.parse(row.profile_json) as DatasetProfile)
    },
    setMtime: (id, mtimeMs) => void mtimeStmt.run(mtimeMs, id),
    delete: (id) => deleteStmt.run(id).changes > 0,
    insertVersion(v) {
      insertVersionStmt.run({
        datasetId: v.datasetId,
        task: v.task,
        target: v.target,
        featuresJson: JSON.stringify(v.features),
        text: v.text,
        ignoredJson: JSON.stringify(v.ignored),
        splitJson: JSON.stringify(v.split),
        partsJson: JSON.stringify(v.parts),
        canonicalKey: v.canonicalKey,
        createdAt: Date.now()
      })
      return toVersion(versionByKeyStmt.get(v.datasetId, v.canonicalKey)!)
    },
    getVersion(id) {
      const row = versionStmt.get(id)
      return row && toVersion(row)
    },
    listVersions: (datasetId) => versionsStmt.all(datasetId).map(toVersion)
  }
}
