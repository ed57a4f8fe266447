import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { ImportProgress, SampleName } from '../../../shared/api'
import type { FileSource } from '../api/file-source'
import { useApi } from '../composables/use-api'
import { baseName, fromProgress, isEnded, isNewer, type QueueItem } from './import-queue'

/**
 * The import queue: files on their way to the engine (uploads), then the engine's imports as
 * `dataset.import` events report them. Rows stay until dismissed, so failures can be read.
 */
export const useImportsStore = defineStore('imports', () => {
  const api = useApi()
  const items = ref<QueueItem[]>([])
  // Names the user knows: an uploaded file's path on the server is not its name.
  const names = new Map<string, string>()
  const uploads = new Map<string, AbortController>()
  let localCount = 0

  function put(item: QueueItem, replaceKey = item.key): void {
    const i = items.value.findIndex((it) => it.key === replaceKey)
    if (i >= 0) items.value[i] = item
    else items.value.push(item)
  }

  function apply(progress: ImportProgress): void {
    const current = items.value.find((it) => it.key === progress.importId)
    if (!isNewer(current, progress)) return
    put(fromProgress(progress, names.get(progress.importId) ?? progress.name ?? current?.name ?? baseName(progress.path)))
  }

  /** Queues files by path (the desktop picker, or paths already known). */
  async function importPaths(paths: string[], copy = false): Promise<void> {
    for (const p of await api['datasets.import']({ paths, copy })) apply(p)
  }

  /** Queues a sample dataset that ships with the app; returns the row's key. */
  async function importSample(name: SampleName): Promise<string> {
    const progress = await api['datasets.importSample']({ name })
    names.set(progress.importId, name)
    apply(progress)
    return progress.importId
  }

  async function importFile(file: File, source: FileSource, copy: boolean): Promise<void> {
    const key = `local-${++localCount}`
    const controller = new AbortController()
    uploads.set(key, controller)
    put({ key, importId: null, name: file.name, state: 'uploading', bytesRead: 0, totalBytes: file.size, rows: 0, mbPerSecond: 0 })
    try {
      const path = await source.pathOf(file, controller.signal)
      // Cancelled after the upload ended: nothing was queued yet, so nothing is.
      controller.signal.throwIfAborted()
      // The dataset is named after the file the user dropped, not the name an upload is stored under.
      const [progress] = await api['datasets.import']({ paths: [path], copy, names: [file.name] })
      names.set(progress.importId, file.name)
      const known = items.value.find((it) => it.key === progress.importId)
      // Events may already have created the engine's row; then only the local row goes.
      if (known) {
        items.value = items.value.filter((it) => it.key !== key)
        put({ ...known, name: file.name })
      } else put(fromProgress(progress, file.name), key)
      apply(progress)
    } catch (err) {
      const error = controller.signal.aborted ? undefined : err instanceof Error ? err.message : String(err)
      const row = items.value.find((it) => it.key === key)
      if (row) put({ ...row, state: controller.signal.aborted ? 'cancelled' : 'failed', error })
    } finally {
      uploads.delete(key)
    }
  }

  /** Dropped or picked files: each resolved to a path (or uploaded) and queued on its own. */
  function importFiles(files: File[], source: FileSource, copy = false): Promise<void> {
    return Promise.all(files.map((f) => importFile(f, source, copy))).then(() => undefined)
  }

  async function cancel(key: string): Promise<void> {
    const upload = uploads.get(key)
    if (upload) return upload.abort()
    const item = items.value.find((it) => it.key === key)
    if (!item?.importId) return
    try {
      apply(await api['datasets.cancelImport']({ importId: item.importId }))
    } catch (err) {
      // Usually the import ended meanwhile; its last event has the final word on the row.
      const row = items.value.find((it) => it.key === key)
      if (row && !isEnded(row.state)) put({ ...row, error: err instanceof Error ? err.message : String(err) })
    }
  }

  /** Drops an ended row here and in the engine, so a reload or another window does not list it again. */
  function dismiss(key: string): void {
    const item = items.value.find((it) => it.key === key)
    if (!item || !isEnded(item.state)) return
    items.value = items.value.filter((it) => it.key !== key)
    if (item.importId) api['datasets.dismissImport']({ importId: item.importId }).catch(() => undefined)
  }

  /**
   * The engine's imports, as on a reload: what is still under way and what failed (to be read and
   * dismissed); finished and cancelled ones need no word after the fact, unless already shown.
   */
  async function load(): Promise<void> {
    for (const p of await api['datasets.imports']({})) {
      const isShown = items.value.some((it) => it.key === p.importId)
      if (isShown || p.state !== 'done' && p.state !== 'cancelled') apply(p)
    }
  }

  api.on('dataset.import', apply)
  api.onReconnect(() => load().catch(() => undefined))

  const activeCount = computed(() => items.value.filter((it) => !isEnded(it.state)).length)

  return { items, activeCount, importPaths, importFiles, importSample, cancel, dismiss, load, apply }
})
