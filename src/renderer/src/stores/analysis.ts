import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AnalysisColumns, AnalysisResult, AnalysisSource, EventPayload, MethodOutput } from '../../../shared/api'
import { errorCodeOf } from '../api/client'
import { useApi } from '../composables/use-api'
import { buildRequest, formDefaults, newRequestId, type AnalysisForm } from './analysis-form'

type Progress = Pick<EventPayload<'analysis.progress'>, 'stage' | 'fraction'>

/** Least time between two automatic analyses of a running study. */
export const REFRESH_MS = 3000

/**
 * The Analysis page's state, kept while the user visits other pages: the source, its columns,
 * the form, and the running or finished analysis. The work itself runs in the engine off its main
 * thread; here it is one call, followed through `analysis.progress` events by request id.
 */
export const useAnalysisStore = defineStore('analysis', () => {
  const api = useApi()
  const source = ref<AnalysisSource | null>(null)
  /** What the user knows the source as: the file's name, or the experiment's. */
  const sourceLabel = ref('')
  const columns = ref<AnalysisColumns | null>(null)
  const columnsError = ref<unknown>(null)
  const isLoadingColumns = ref(false)
  const form = ref<AnalysisForm | null>(null)

  const requestId = ref<string | null>(null)
  const progress = ref<Progress | null>(null)
  const result = ref<AnalysisResult | null>(null)
  const runError = ref<unknown>(null)
  const wasCancelled = ref(false)
  const isRunning = computed(() => requestId.value !== null)
  /** Trials the last analysis of a study read; a later one that read more says so. */
  const refreshedWith = ref<number | null>(null)
  let studyTrials = 0
  let refreshTimer: ReturnType<typeof setTimeout> | null = null
  let columnsLoad = 0

  /** Reads a source's columns and resets the form to what fits it. */
  async function useSource(next: AnalysisSource, label: string): Promise<void> {
    const load = ++columnsLoad
    source.value = next
    sourceLabel.value = label
    columns.value = null
    columnsError.value = null
    form.value = null
    // A result belongs to its source: contours and slices would mix two tables.
    result.value = null
    refreshedWith.value = null
    runError.value = null
    wasCancelled.value = false
    isLoadingColumns.value = true
    try {
      const cols = await api['analysis.columns']({ source: next })
      // A newer source chosen meanwhile wins.
      if (load !== columnsLoad) return
      columns.value = cols
      form.value = formDefaults(cols)
    } catch (err) {
      if (load === columnsLoad) columnsError.value = err
    } finally {
      if (load === columnsLoad) isLoadingColumns.value = false
    }
  }

  /** A study's trials that an analysis reads now: finished ones, and pruned ones when included. */
  async function countStudyTrials(): Promise<number | null> {
    const s = source.value
    if (s?.kind !== 'study') return null
    try {
      const study = await api['studies.get']({ id: s.studyId })
      return study.counts.finished + (s.includePruned ? study.counts.pruned : 0)
    } catch {
      return null
    }
  }

  /** The user's run: a result they asked for is not one "updated as the study went on". */
  async function run(): Promise<void> {
    if (isRunning.value) return
    refreshedWith.value = null
    await analyse()
  }

  async function analyse(): Promise<void> {
    if (!source.value || !columns.value || !form.value || isRunning.value) return
    studyTrials = (await countStudyTrials()) ?? 0
    const id = newRequestId()
    requestId.value = id
    progress.value = { stage: '', fraction: 0 }
    runError.value = null
    wasCancelled.value = false
    try {
      const answer = await api['analysis.run'](buildRequest(id, source.value, columns.value, form.value))
      if (requestId.value === id) result.value = answer
    } catch (err) {
      if (requestId.value !== id) return
      if (errorCodeOf(err) === 'CANCELLED') wasCancelled.value = true
      else runError.value = err
    } finally {
      if (requestId.value === id) {
        requestId.value = null
        progress.value = null
      }
    }
  }

  async function cancel(): Promise<void> {
    const id = requestId.value
    if (!id) return
    try {
      await api['analysis.cancel']({ requestId: id })
    } catch (err) {
      // It may have finished meanwhile; the run call has the last word then.
      if (requestId.value === id) runError.value = err
    }
  }

  /** Response-surface data for a pair, over the same source and target as the result. */
  function contour(params: [string, string]): Promise<MethodOutput<'analysis.contour'>> {
    if (!source.value || !result.value) return Promise.reject(new Error('no analysis to draw a contour for'))
    return api['analysis.contour']({ requestId: newRequestId(), source: source.value, target: result.value.target, params })
  }

  /**
   * While a study runs, an analysis the user ran is run again as trials finish: at most once every
   * few seconds, and only when more trials are in than the last one read.
   */
  async function refresh(): Promise<void> {
    refreshTimer = null
    if (source.value?.kind !== 'study' || !result.value) return
    // Busy with an analysis: look again later, so the study's last trials are not missed.
    if (isRunning.value) return schedule()
    const before = studyTrials
    const count = await countStudyTrials()
    if (count === null || count <= before) return
    await analyse()
    if (result.value && !runError.value) refreshedWith.value = studyTrials
  }

  function schedule(): void {
    if (refreshTimer === null) refreshTimer = setTimeout(() => void refresh(), REFRESH_MS)
  }

  api.on('studies.changed', ({ id }) => {
    if (source.value?.kind !== 'study' || source.value.studyId !== id || !result.value) return
    schedule()
  })

  api.on('analysis.progress', (p) => {
    if (p.requestId === requestId.value) progress.value = { stage: p.stage, fraction: p.fraction }
  })

  return {
    source, sourceLabel, columns, columnsError, isLoadingColumns, form, requestId, progress, result, runError, wasCancelled, isRunning, refreshedWith, useSource, run, cancel, contour
  }
})
