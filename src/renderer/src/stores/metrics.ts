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
    let initial: SeriesMap
    try {
      initial = await api['runs.metrics']({ id: runId })
    } catch (err) {
      delete runs[runId]
      throw err
    }
    const entry = runs[runId]
    if (!entry) return
    appendSeries(entry.series, initial)
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

  return { runs, watchRun, release, append, seriesOf, versionOf }
})
