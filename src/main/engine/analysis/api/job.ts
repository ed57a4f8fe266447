import type { ErrorPayload } from '../../../../shared/errors'
import type { AnalysisMethod, AnalysisNotice } from '../../../../shared/schemas/analysis'
import type { ParamHint } from '../table'

/**
 * What the engine thread hands to an analysis worker. Reading the store stays on the engine
 * thread (one connection, one writer); everything from parsing a CSV onwards runs in the worker.
 */
export interface RunRow {
  id: number
  config: Record<string, unknown>
  /** One value per metric, already reduced (last, min or max); NaN where a run has none. */
  metrics: Record<string, number>
  /** The target metric's values in order of evaluation (one per epoch for validation metrics). */
  curve?: number[]
}

export type SourceData =
  | { kind: 'csv'; path: string }
  | {
    kind: 'runs'
    runs: RunRow[]
    /** Kinds, log scales and bounds from the trainers' parameter schemas and imported runs' ranges. */
    hints: Record<string, ParamHint>
    /** Config keys that hold the run's seed. */
    seedKeys: string[]
    /** Runs left out on the engine side (still running), for the warnings. */
    notes: AnalysisNotice[]
    /** The target to offer first (a study's objective). */
    preferredTarget?: string
    /**
     * A study's repeats over seeds when `runs` holds each design point once (their means, so the
     * design's layout holds): the seed-noise floor is read from these.
     */
    repeats?: { runs: RunRow[]; seedKeys: string[] }
  }

export interface RunOptions {
  target: string
  goal: 'min' | 'max'
  method: AnalysisMethod
  params?: string[]
  space?: Record<string, unknown>
  /** The request's, or DEFAULT_ANALYSIS_SEED when it gave none; the result states it. */
  seed: number
}

export interface ContourOptions {
  target: string
  params: [string, string]
  size: number
}

export type Job =
  | { op: 'columns'; data: SourceData }
  | { op: 'run'; data: SourceData; options: RunOptions }
  | { op: 'contour'; data: SourceData; options: ContourOptions }

/** Progress as the math reports it: a stage name and the fraction of the whole job done. */
export type Progress = (stage: string, fraction: number) => void

/** Messages a worker posts back. */
export type WorkerMessage =
  | { type: 'progress'; stage: string; fraction: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; error: ErrorPayload }
