import { randomUUID } from 'node:crypto'
import type { AnalysisSource, EngineApi } from '../../../../shared/api'
import { analysisNotice } from '../../../../shared/messages/analysis'
import { DEFAULT_ANALYSIS_SEED, type AnalysisNotice } from '../../../../shared/schemas/analysis'
import type { ParamSpec } from '../../../../shared/schemas/params'
import type { EventBus } from '../../events'
import type { Store } from '../../store'
import type { SourceData } from './job'
import { readRuns } from './read-runs'
import { OBJECTIVE_COLUMN, readStudy, type StudyData } from './read-study'
import { createWorkerHost, type WorkerHost } from './worker-host'

type AnalysisApi = Pick<EngineApi, 'analysis.columns' | 'analysis.run' | 'analysis.contour' | 'analysis.cancel'>

export interface AnalysisDeps {
  store: Store
  events: EventBus
  /** A trainer's parameter schema (kinds, log scales, bounds) by trainer id. */
  specsOf: (trainer: string) => ParamSpec[] | undefined
  /** Runs jobs off the engine thread; one worker thread per job by default. */
  host?: WorkerHost
  /** Least milliseconds between two progress events of one analysis. */
  progressEveryMs?: number
}

/**
 * The analysis methods of the API. The engine thread only reads the store; parsing, fitting and
 * resampling run in a worker thread, so other calls keep answering, and cancelling ends the
 * thread. Progress events are throttled; the last one always goes out.
 */
/**
 * A study whose design lost points no longer reads as that design, so another method ran: when no
 * estimatorSwitched notice says which, the study's notice names it; never a silent switch.
 */
function sayWhatRan<R extends { method: string; notices: AnalysisNotice[] }>(result: R): R {
  if (result.notices.some((n) => n.code === 'estimatorSwitched')) return result
  const notices = result.notices.map((n) => (n.code === 'studyDesignIncomplete' ? analysisNotice('studyDesignIncompleteRan', { ...n.params, ran: result.method }) : n))
  return { ...result, notices }
}

export function createAnalysisApi(deps: AnalysisDeps): { api: AnalysisApi; close(): Promise<void> } {
  const host = deps.host ?? createWorkerHost()
  const every = deps.progressEveryMs ?? 100

  const sourceData = (source: AnalysisSource, curveMetric?: string): SourceData => {
    if (source.kind === 'csv') return { kind: 'csv', path: source.path }
    if (source.kind === 'study') return readStudy(deps.store, source, { specsOf: deps.specsOf, curveMetric }).data
    return readRuns(deps.store, source, { specsOf: deps.specsOf, curveMetric })
  }

  /** A study's swept parameters and search space, unless the request names its own. */
  const studyDefaults = (request: { params?: string[]; space?: Record<string, unknown> }, data: StudyData) => {
    const params = request.params ?? data.params
    if (request.space) return { params, space: request.space }
    // The study's bounds, log scales and choices for the parameters analysed that it swept.
    const swept = Object.entries(data.space.params).filter(([name]) => params.includes(name))
    return { params, space: swept.length > 0 ? { params: Object.fromEntries(swept) } : undefined }
  }

  function reporter(requestId: string): (stage: string, fraction: number) => void {
    let last = 0
    return (stage, fraction) => {
      const now = Date.now()
      if (fraction < 1 && now - last < every) return
      last = now
      deps.events.emit('analysis.progress', { requestId, stage, fraction: Math.min(1, Math.max(0, fraction)) })
    }
  }

  const api: AnalysisApi = {
    'analysis.columns': async ({ source }) => {
      const result = (await host.run(`columns-${randomUUID()}`, { op: 'columns', data: sourceData(source) }, () => {})) as Awaited<ReturnType<AnalysisApi['analysis.columns']>>
      const study = source.kind === 'study' ? deps.store.studies.get(source.studyId) : undefined
      if (study && result.suggestedTarget === OBJECTIVE_COLUMN) result.suggestedGoal = study.definition.objective.direction
      return result
    },
    'analysis.run': async (request) => {
      const seed = request.seed ?? DEFAULT_ANALYSIS_SEED
      const { source } = request
      let data: SourceData
      let chosen = { params: request.params, space: request.space }
      if (source.kind === 'study') {
        const study = readStudy(deps.store, source, { specsOf: deps.specsOf, curveMetric: request.target })
        data = study.data
        chosen = studyDefaults(request, study)
      } else data = sourceData(source, source.kind === 'runs' ? request.target : undefined)
      const options = { target: request.target, goal: request.goal, method: request.method, ...chosen, seed }
      const result = (await host.run(request.requestId, { op: 'run', data, options }, reporter(request.requestId))) as Awaited<ReturnType<AnalysisApi['analysis.run']>>
      return source.kind === 'study' ? sayWhatRan(result) : result
    },
    'analysis.contour': async (request) => {
      const options = { target: request.target, params: request.params, size: request.size }
      const result = await host.run(request.requestId, { op: 'contour', data: sourceData(request.source), options }, reporter(request.requestId))
      return result as Awaited<ReturnType<AnalysisApi['analysis.contour']>>
    },
    'analysis.cancel': async ({ requestId }) => {
      host.cancel(requestId)
      return { ok: true }
    }
  }
  return { api, close: () => host.close() }
}
