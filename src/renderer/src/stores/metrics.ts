import { defineStore } from 'pinia'
import { markRaw, reactive } from 'vue'
import type { Series } from '../../../shared/api'
import { useApi } from '../composables/use-api'

type SeriesMap = Record<string, Series>

interface Watched {
  /** Bumped on every append; charts recompute from it instead of deep-watching big arrays. */
  version: number
  isLoaded: boolean
  series: SeriesMap
  /** Batches that arrived while the initial fetch was in flight. */
  pending: SeriesMap[]
}

/**
 * Appends the points of `batch` to `target`, skipping points at or before the last step already
 * held: the initial fetch and the first event batches overlap. Returns the number of points added.
 */
export function appendSeries(target: SeriesMap, batch: SeriesMap): number {
  let added = 0
  for (const [name, incoming] of Object.entries(batch)) {
    let series = target[name]
    if (!series) target[name] = series = { steps: [], values: [], times: [] }
    // A command trainer's series names the channel that fed it; the first batch that says so tells.
    if (incoming.channel && !series.channel) series.channel = incoming.channel
    const lastStep = series.steps.length ? series.steps[series.steps.length - 1] : -Infinity
    for (let i = 0; i < incoming.steps.length; i++) {
      if (incoming.steps[i] <= lastStep) continue
      series.steps.push(incoming.steps[i])
      series.values.push(incoming.values[i])
      series.times.push(incoming.times[i])
      added++
    }
  }
  return added
}

/** Metric series of the runs on screen: fetched once, then grown from `run.metrics` batches. */
export const useMetricsStore = defineStore('metrics', () => {
  const api = useApi()
  const runs = reactive<Record<number, Watched>>({})

  function append(runId: number, batch: SeriesMap): void {
    const entry = runs[runId]
    if (!entry) return
    if (!entry.isLoaded) {
      entry.pending.push(batch)
      return
    }
    if (appendSeries(entry.series, batch) > 0) entry.version++
  }

  /** Starts following a run: subscribes first, then fetches, so no batch falls in between. */
  async function watchRun(runId: number): Promise<void> {
    if (runs[runId]) return
    runs[runId] = { version: 0, isLoaded: false, series: markRaw({}), pending: [] }
    try {
      await fetchAll(runId)
    } catch (err) {
      delete runs[runId]
      throw err
    }
  }

  /** Replaces the series with the engine's, then applies the batches buffered meanwhile. */
  async function fetchAll(runId: number): Promise<void> {
    const fetched = await api['runs.metrics']({ id: runId })
    const entry = runs[runId]
    if (!entry) return
    entry.series = markRaw({})
    appendSeries(entry.series, fetched)
    flushPending(entry)
  }

  function flushPending(entry: Watched): void {
    for (const batch of entry.pending) appendSeries(entry.series, batch)
    entry.pending = []
    entry.isLoaded = true
    entry.version++
  }

  function release(runId: number): void {
    delete runs[runId]
  }

  function seriesOf(runId: number): SeriesMap {
    return runs[runId]?.series ?? {}
  }

  function versionOf(runId: number): number {
    return runs[runId]?.version ?? -1
  }

  api.on('run.metrics', ({ runId, series }) => append(runId, series))
  // Batches were lost while the stream was down: refetch whole series, buffering new batches.
  api.onReconnect(() => {
    for (const [id, entry] of Object.entries(runs)) {
      if (!entry.isLoaded) continue
      entry.isLoaded = false
      // On failure keep what is drawn and go on with live batches.
      fetchAll(Number(id)).catch(() => runs[Number(id)] && flushPending(runs[Number(id)]))
    }
  })

  return { runs, watchRun, release, append, seriesOf, versionOf }
})
