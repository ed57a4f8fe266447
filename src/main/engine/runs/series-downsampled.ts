import type { EngineApi, MethodParsedInput } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { DownsampledSeries } from '../../../shared/schemas/downsampled'
import type { Store } from '../store'
import { createMetricWindow, type MetricXY } from '../store/metric-window'
import { downsample, stepsToEpochs } from './downsample'

type Input = MethodParsedInput<'runs.seriesDownsampled'>

/** `runs.seriesDownsampled`: the compare view's curves, read from the store and cut to the chart's width. */
export function createSeriesDownsampledApi(store: Store): Pick<EngineApi, 'runs.seriesDownsampled'> {
  const window = createMetricWindow(store.db)

  const mustExist = (runId: number): void => {
    if (!store.runs.get(runId)) throw AppError.coded('NOT_FOUND', msg('run.notFound', { id: runId }), { issues: [codedIssue('runIds', msg('run.noRun', { id: runId }))] })
  }

  /** A run's points with their x, whole or in the range. */
  const pointsOf = (runId: number, metric: string, { x, range }: Input): MetricXY | null => {
    if (x !== 'epoch') return window.read(runId, metric, x, range)
    const epochs = epochPoints(runId)
    const cols = window.read(runId, metric, 'step')
    if (!cols) return null
    const xs = stepsToEpochs(cols.xs, epochs.xs, epochs.values)
    if (!range) return { xs, values: cols.values }
    const inside = xs.flatMap((e, i) => (e >= range[0] && e <= range[1] ? [i] : []))
    return { xs: inside.map((i) => xs[i]), values: inside.map((i) => cols.values[i]) }
  }

  /** The run's finite `epoch` points by step; a run without any is refused, naming it. */
  const epochPoints = (runId: number): MetricXY => {
    const cols = window.read(runId, 'epoch', 'step')
    const keep = cols ? cols.values.flatMap((v, i) => (Number.isFinite(v) ? [i] : [])) : []
    if (!cols || keep.length === 0) {
      throw AppError.coded('INVALID_INPUT', msg('downsample.noEpoch', { id: runId }), { issues: [codedIssue('x', msg('downsample.noEpochField', { id: runId }))] })
    }
    return { xs: keep.map((i) => cols.xs[i]), values: keep.map((i) => cols.values[i]) }
  }

  return {
    'runs.seriesDownsampled': async (input) => {
      const { runIds, metrics, width, range } = input
      if (range && !(range[0] < range[1])) {
        throw AppError.coded('INVALID_INPUT', msg('downsample.badRange', { from: range[0], to: range[1] }), {
          issues: [codedIssue('range', msg('downsample.badRangeField', { from: range[0], to: range[1] }))]
        })
      }
      runIds.forEach(mustExist)
      const series: DownsampledSeries[] = []
      for (const runId of runIds) {
        for (const metric of metrics) {
          const points = pointsOf(runId, metric, input)
          // A run without the metric has no curve for it; the view says which runs lack one.
          if (!points) continue
          series.push({ runId, metric, ...downsample(points.xs, points.values, width), total: points.values.length })
        }
      }
      return { series }
    }
  }
}
