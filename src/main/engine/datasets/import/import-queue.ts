import { randomUUID } from 'node:crypto'
import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rename, rm, stat } from 'node:fs/promises'
import { basename, join, relative, resolve, isAbsolute } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { AppError } from '../../../../shared/errors'
import type { DatasetFormat, DatasetProfile, ImportProgress } from '../../../../shared/schemas/datasets'
import type { EventBus } from '../../events'
import type { Store } from '../../store'
import { fileAccessProblem } from '../dataset-error'
import { msg, type CodedMessage, type MessageValue } from '../../../../shared/messages'
import { uploadsDirOf } from './leftovers'

/** What reading a file gives: the registration fields and the profile. */
export interface ImportedFile {
  format: DatasetFormat
  size: number
  mtimeMs: number
  sha256: string
  profile: DatasetProfile
}

export type ImportFile = (
  path: string,
  options: { signal: AbortSignal; onProgress: (p: { bytesRead: number; rows: number }) => void }
) => Promise<ImportedFile>

export interface ImportQueueOptions {
  store: Store
  events: EventBus
  importFile: ImportFile
  /** `<dataDir>/library`: copies go here, and files already inside are not copied again. */
  libraryDir: string
  /** Least time between two progress events of one import. */
  progressMs?: number
  /** How many ended imports `list` keeps. */
  keepEnded?: number
}

interface Entry {
  progress: ImportProgress
  /** The dataset's name: what the user called the file (an upload's own name), else its file name. */
  name: string
  copy: boolean
  controller: AbortController
}

const ended = (p: ImportProgress) => p.state === 'done' || p.state === 'failed' || p.state === 'cancelled'

export const isInside = (dir: string, path: string): boolean => {
  const rel = relative(resolve(dir), resolve(path))
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)
}

/** Whether a registered dataset reads the file at `path` (absolute). */
export const isUsed = (path: string, store: Store): boolean => store.datasets.list().some((d) => resolve(d.path) === path)

/** Keeps letters, digits and `._-` of a file name, so it is safe as one path segment anywhere. */
export function safeFileName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? ''
  const cleaned = last.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '').slice(-120)
  return cleaned === '' ? 'file' : cleaned
}

/**
 * Imports files one at a time, in the order asked. Each import streams, reports throttled
 * progress, can be cancelled, and registers a dataset only when the whole file was read: a
 * failed or cancelled import leaves nothing behind (not its library copy, nor the upload it read).
 */
export function createImportQueue(options: ImportQueueOptions) {
  const { store, events, importFile, libraryDir, progressMs = 200, keepEnded = 100 } = options
  const uploadsDir = uploadsDirOf(libraryDir)
  const entries = new Map<string, Entry>()
  const pending: Entry[] = []
  let running: Promise<void> | undefined
  /** Uploads of imports cancelled while queued, being removed. */
  let dropping: Promise<void> = Promise.resolve()
  let closed = false

  const emit = (e: Entry) => events.emit('dataset.import', { ...e.progress })

  const prune = () => {
    const done = [...entries.values()].filter((e) => ended(e.progress))
    for (const e of done.slice(0, Math.max(0, done.length - keepEnded))) entries.delete(e.progress.importId)
  }

  /** Copies the file to `to`; on failure waits until the partial file is closed, so it can be removed. */
  async function copyFile(from: string, to: string, signal: AbortSignal): Promise<void> {
    await mkdir(libraryDir, { recursive: true })
    const out = createWriteStream(to)
    try {
      await pipeline(createReadStream(from), out, { signal })
    } catch (err) {
      if (!out.closed) await once(out, 'close')
      throw err
    }
  }

  async function importOne(e: Entry): Promise<void> {
    const { signal } = e.controller
    const p = e.progress
    const started = performance.now()
    let partial: string | undefined
    p.state = 'reading'
    emit(e)
    // No trailing timer is needed: the final state is always announced.
    let lastEmit = performance.now()
    try {
      const info = await stat(p.path).catch((err: unknown) => {
        throw AppError.coded('DATASET_INVALID', msg('dataset.pathProblem', { name: basename(p.path), problem: fileAccessProblem(err), path: p.path }))
      })
      if (!info.isFile()) throw AppError.coded('DATASET_INVALID', msg('dataset.notAFile', { name: basename(p.path), path: p.path }))
      p.totalBytes = info.size
      const copy = e.copy && !isInside(libraryDir, p.path)
      if (copy) {
        // The extension stays: readers pick the format by it.
        partial = join(libraryDir, `.partial-${p.importId}-${safeFileName(p.path)}`)
        await copyFile(p.path, partial, signal)
      }
      signal.throwIfAborted()
      const read = await importFile(partial ?? p.path, {
        signal,
        onProgress: ({ bytesRead, rows }) => {
          p.bytesRead = bytesRead
          p.rows = rows
          p.mbPerSecond = bytesRead / 1e6 / Math.max(1e-3, (performance.now() - started) / 1000)
          if (performance.now() - lastEmit >= progressMs) {
            lastEmit = performance.now()
            emit(e)
          }
        }
      })
      signal.throwIfAborted()
      let path = p.path
      if (partial) {
        path = join(libraryDir, `${read.sha256.slice(0, 12)}-${safeFileName(p.path)}`)
        await rename(partial, path)
        partial = undefined
      }
      const dataset =
        store.datasets.findByFile(path, read.sha256) ??
        store.datasets.insert({
          name: e.name, path, format: read.format, size: read.size, mtimeMs: read.mtimeMs, sha256: read.sha256, copied: copy || isInside(libraryDir, path), profile: read.profile
        })
      Object.assign(p, { state: 'done', bytesRead: read.size, totalBytes: read.size, rows: read.profile.rows, datasetId: dataset.id })
      events.emit('datasets.changed', {})
    } catch (err) {
      if (partial) await rm(partial, { force: true })
      p.state = signal.aborted ? 'cancelled' : 'failed'
      if (!signal.aborted) {
        p.error = inUserWords(err instanceof Error ? err.message : String(err), e)
        const coded = err instanceof AppError ? err.details?.message : undefined
        if (coded) p.errorMessage = codedInUserWords(coded, e)
      }
      await dropUpload(p.path)
    }
    emit(e)
  }

  /** A message about a staged upload names the user's file, not the name it is stored under. */
  function inUserWords(message: string, e: Entry): string {
    const staged = e.progress.path
    if (!isInside(uploadsDir, staged)) return message
    return message.split(staged).join(e.name).split(basename(staged)).join(e.name)
  }

  /** The same for a coded message: each text among its values names the user's file. */
  function codedInUserWords(message: CodedMessage, e: Entry): CodedMessage {
    const word = (v: MessageValue): MessageValue =>
      typeof v === 'string' ? inUserWords(v, e) : Array.isArray(v) ? v.map(word) : typeof v === 'object' ? codedInUserWords(v, e) : v
    return { code: message.code, values: Object.fromEntries(Object.entries(message.values ?? {}).map(([k, v]) => [k, word(v)])) }
  }

  /** An upload whose import failed or was cancelled is worth nothing, unless a dataset or another import has it. */
  async function dropUpload(path: string): Promise<void> {
    if (!isInside(uploadsDir, path) || isUsed(path, store) || isImporting(path)) return
    await rm(path, { force: true }).catch(() => undefined)
  }

  const isImporting = (path: string): boolean => [...entries.values()].some((e) => !ended(e.progress) && e.progress.path === path)

  async function drain(): Promise<void> {
    for (let e = pending.shift(); e; e = pending.shift()) {
      await importOne(e)
      prune()
    }
    running = undefined
  }

  return {
    /** Queues the files (named by `names`, in order, where given); they start as soon as the imports before them end. */
    enqueue(paths: string[], copy: boolean, names?: string[]): ImportProgress[] {
      if (closed) throw AppError.coded('CONFLICT', msg('dataset.closing'))
      const added = paths.map((path, i): Entry => {
        const name = names?.[i]?.trim() || basename(path)
        const progress: ImportProgress = { importId: randomUUID(), name, path: resolve(path), state: 'queued', bytesRead: 0, totalBytes: 0, rows: 0, mbPerSecond: 0 }
        return { progress, name, copy, controller: new AbortController() }
      })
      for (const e of added) {
        entries.set(e.progress.importId, e)
        pending.push(e)
        emit(e)
      }
      // Started on the next tick, so the caller gets every entry as queued and can subscribe first.
      running ??= Promise.resolve().then(drain)
      return added.map((e) => ({ ...e.progress }))
    },

    list: (): ImportProgress[] => [...entries.values()].map((e) => ({ ...e.progress })),

    /** Forgets an ended import; a queued or running one, or one not known, is left as it is. */
    dismiss(importId: string): void {
      const e = entries.get(importId)
      if (e && ended(e.progress)) entries.delete(importId)
    },

    /** Whether a queued or running import has the file at `path` (absolute). */
    isImporting,

    /** Cancels a queued import at once, a running one as soon as its reader stops. */
    cancel(importId: string): ImportProgress {
      const e = entries.get(importId)
      if (!e) throw AppError.coded('NOT_FOUND', msg('dataset.noImport', { id: importId }), { issues: [{ field: 'importId', message: `no import ${importId}` }] })
      if (ended(e.progress)) return { ...e.progress }
      e.controller.abort()
      const at = pending.indexOf(e)
      if (at >= 0) {
        pending.splice(at, 1)
        e.progress.state = 'cancelled'
        emit(e)
        dropping = dropping.then(() => dropUpload(e.progress.path))
      }
      return { ...e.progress }
    },

    /** Resolves once nothing is queued or running. */
    idle: async (): Promise<void> => {
      while (running) await running
      await dropping
    },

    /** Cancels everything and waits for the running import to let go of its files. */
    async close(): Promise<void> {
      closed = true
      for (const e of [...pending]) this.cancel(e.progress.importId)
      for (const e of entries.values()) if (!ended(e.progress)) e.controller.abort()
      await this.idle()
    }
  }
}

export type ImportQueue = ReturnType<typeof createImportQueue>
