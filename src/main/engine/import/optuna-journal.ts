import { readFileSync } from 'node:fs'
import type { ParamRange } from '../store/run-repository'
import type { ParamValue } from '../../../shared/schemas/params'
import type { ImportedBatch, ImportedRun } from './model'
import { importError } from './model'
import { objectiveNames, optunaParam, optunaPoints, optunaRange, optunaStateName, optunaStatus } from './optuna-common'

// Optuna's JournalOperation codes (optuna/storages/journal/_storage.py).
const CREATE_STUDY = 0
const DELETE_STUDY = 1
const SET_STUDY_SYSTEM_ATTR = 3
const CREATE_TRIAL = 4
const SET_TRIAL_PARAM = 5
const SET_TRIAL_STATE_VALUES = 6
const SET_TRIAL_INTERMEDIATE_VALUE = 7
const SET_TRIAL_USER_ATTR = 8

interface Trial {
  studyId: number
  number: number
  state: string
  params: Record<string, ParamValue>
  values: (number | null)[] | null
  intermediate: Map<number, number>
  userAttrs: Record<string, unknown>
  start: number | null
  end: number | null
  /** The range each param was sampled from, by its distribution. */
  space: Record<string, ParamRange>
}

interface Study {
  name: string
  directions: number
  metricNames: unknown
  trials: number
}

type Op = Record<string, unknown>

/**
 * Replays an Optuna journal file (JSON lines of operations) as Optuna does: studies and trials get
 * ids in the order they were created, and a finished trial takes no more updates.
 */
export function readOptunaJournal(file: string, options: { study?: string } = {}): ImportedBatch {
  const studies = new Map<number, Study>()
  const trials: Trial[] = []
  let nextStudy = 0
  const setParam = (trial: Trial, name: string, internal: number, distribution: string) => {
    trial.params[name] = optunaParam(file, name, internal, distribution)
    const range = optunaRange(distribution)
    if (range) trial.space[name] = range
  }
  const lines = readFileSync(file, 'utf8').split('\n')
  lines.forEach((text, i) => {
    if (text.trim() === '') return
    const line = i + 1
    let op: Op
    try {
      op = JSON.parse(text) as Op
    } catch (err) {
      throw importError('imports.badJson', { file, line, reason: (err as Error).message })
    }
    const need = <T>(field: string, ok: (v: unknown) => boolean): T => {
      if (!ok(op[field])) throw importError('imports.badField', { file, line, field })
      return op[field] as T
    }
    const isInt = (v: unknown): boolean => Number.isInteger(v)
    const trialOf = (): Trial | undefined => {
      const t = trials[need<number>('trial_id', isInt)]
      return t && (t.state === 'RUNNING' || t.state === 'WAITING') && studies.has(t.studyId) ? t : undefined
    }
    switch (need<number>('op_code', isInt)) {
      case CREATE_STUDY: {
        const name = need<string>('study_name', (v) => typeof v === 'string')
        if ([...studies.values()].some((s) => s.name === name)) return
        studies.set(nextStudy++, { name, directions: need<unknown[]>('directions', Array.isArray).length, metricNames: null, trials: 0 })
        return
      }
      case DELETE_STUDY:
        studies.delete(need<number>('study_id', isInt))
        return
      case SET_STUDY_SYSTEM_ATTR: {
        const attr = need<Record<string, unknown>>('system_attr', (v) => typeof v === 'object' && v !== null)
        const study = studies.get(need<number>('study_id', isInt))
        if (study && 'study:metric_names' in attr) study.metricNames = attr['study:metric_names']
        return
      }
      case CREATE_TRIAL: {
        const studyId = need<number>('study_id', isInt)
        const study = studies.get(studyId)
        // Optuna numbers trials over the whole journal, also ones of a study that is gone.
        const trial: Trial = {
          studyId,
          number: study ? study.trials++ : -1,
          state: 'RUNNING',
          params: {},
          values: null,
          intermediate: new Map(),
          userAttrs: {},
          space: {},
          start: time(op.datetime_start),
          end: time(op.datetime_complete)
        }
        trials.push(trial)
        if (!study) return
        if (op.state !== undefined) trial.state = optunaStateName(op.state as number)
        const dists = (op.distributions ?? {}) as Record<string, string>
        for (const [k, v] of Object.entries((op.params ?? {}) as Record<string, number>)) setParam(trial, k, v, dists[k] ?? '')
        if (Array.isArray(op.values)) trial.values = op.values as number[]
        else if (typeof op.value === 'number') trial.values = [op.value]
        for (const [s, v] of Object.entries((op.intermediate_values ?? {}) as Record<string, number>)) trial.intermediate.set(Number(s), v)
        Object.assign(trial.userAttrs, op.user_attrs ?? {})
        return
      }
      case SET_TRIAL_PARAM: {
        const t = trialOf()
        const name = need<string>('param_name', (v) => typeof v === 'string')
        const internal = need<number>('param_value_internal', (v) => typeof v === 'number')
        const dist = need<string>('distribution', (v) => typeof v === 'string')
        if (t) setParam(t, name, internal, dist)
        return
      }
      case SET_TRIAL_STATE_VALUES: {
        const t = trialOf()
        if (!t) return
        t.state = optunaStateName(need<number>('state', isInt))
        if (Array.isArray(op.values)) t.values = op.values as (number | null)[]
        t.start = time(op.datetime_start) ?? t.start
        t.end = time(op.datetime_complete) ?? t.end
        return
      }
      case SET_TRIAL_INTERMEDIATE_VALUE: {
        const t = trialOf()
        const step = need<number>('step', isInt)
        const value = op.intermediate_value
        if (t) t.intermediate.set(step, typeof value === 'number' ? value : NaN)
        return
      }
      case SET_TRIAL_USER_ATTR: {
        const t = trialOf()
        if (t) Object.assign(t.userAttrs, need<Record<string, unknown>>('user_attr', (v) => typeof v === 'object' && v !== null))
        return
      }
      default:
    }
  })
  const wanted = [...studies.entries()].filter(([, s]) => options.study === undefined || s.name === options.study)
  if (options.study !== undefined && wanted.length === 0)
    throw importError('imports.noStudy', { file, study: options.study, studies: [...studies.values()].map((s) => s.name).join(', ') })
  const runs: ImportedRun[] = []
  for (const [id, study] of wanted) {
    const objectives = objectiveNames(study.directions, study.metricNames)
    for (const t of trials.filter((x) => x.studyId === id)) {
      const series = [...t.intermediate.entries()].sort((a, b) => a[0] - b[0])
      const { status, reason } = optunaStatus(t.state, series.length > 0 ? series[series.length - 1][0] : null)
      runs.push({
        source: `optuna:${file}#study=${encodeURIComponent(study.name)}&trial=${t.number}`,
        name: `${study.name} #${t.number}`,
        trainer: 'optuna',
        group: study.name,
        status,
        statusReason: reason,
        createdAt: t.start ?? t.end ?? 0,
        startedAt: t.start,
        endedAt: t.end,
        params: t.params,
        metrics: optunaPoints(objectives, t.values ?? [], series, t.end ?? t.start ?? 0),
        tags: [],
        notes: Object.keys(t.userAttrs).length > 0 ? JSON.stringify(t.userAttrs) : '',
        space: t.space
      })
    }
  }
  return { kind: 'optuna', file, runs }
}

/** The journal writes ISO times with their offset. */
function time(v: unknown): number | null {
  if (typeof v !== 'string') return null
  const ms = Date.parse(v)
  return Number.isFinite(ms) ? ms : null
}
