import type { Job, Progress } from './job'
import { buildResult } from './build-result'
import { contourOf } from './contour'
import { describeColumns } from './describe-columns'
import { loadSource } from './load-source'
import { runMethod } from './methods'
import { prepareTable } from './prepare-table'
import { recogniseDesign, unitColumns } from './recognise'

/**
 * The one code path of every analysis, whether a worker thread runs it (the engine) or a caller
 * runs it directly (benchmarks): read the source, build the table, recognise the design, run the
 * method, and add tiers, noise and rows.
 */
export function runJob(job: Job, progress: Progress): unknown {
  progress('reading', 0.02)
  const src = loadSource(job.data)
  if (job.op === 'columns') return describeColumns(src)
  if (job.op === 'contour') return contourOf(src, job.options, progress)
  const { options } = job
  progress('table', 0.1)
  const prepared = prepareTable(src, options)
  if (job.data.kind === 'runs' && job.data.repeats) {
    // The same parameters over every repeat, for the seed-noise floor alone.
    const { runs, seedKeys } = job.data.repeats
    const params = prepared.table.params.map((p) => p.name)
    prepared.repeats = prepareTable(loadSource({ ...job.data, runs, seedKeys, repeats: undefined }), { ...options, params }).table
  }
  const { unit, continuous } = unitColumns(prepared.table.params, prepared.space)
  const recognised = recogniseDesign(prepared.table.params, unit, continuous)
  const out = runMethod(options.method, { prepared, recognised, unit, continuous, goal: options.goal, seed: options.seed, progress })
  out.facts.design ??= recognised.design
  const result = buildResult(prepared, options, out, progress)
  progress('done', 1)
  return result
}
