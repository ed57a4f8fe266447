import { z } from 'zod'
import { Id } from './runs'

/** What the x axis of a compare chart measures: the step, wall-clock time (ms) or the run's logged epoch. */
export const SeriesX = z.enum(['step', 'time', 'epoch'])
export type SeriesX = z.infer<typeof SeriesX>

export const DownsampleRequest = z
  .object({
    runIds: z.array(Id).min(1).max(1000),
    metrics: z.array(z.string().min(1)).min(1).max(100),
    /** The chart's plot width in pixels: about this many points come back per series. */
    width: z.number().int().min(3).max(20000),
    x: SeriesX.default('step'),
    /** Only this x range, at full detail up to `width` (a zoomed chart's window). */
    range: z.tuple([z.number(), z.number()]).optional()
  })
  .strict()
export type DownsampleRequest = z.infer<typeof DownsampleRequest>

/** JSON has no NaN: a gap (a non-finite value, e.g. a diverged step) is null in y, min and max. */
export const DownsampledSeries = z.object({
  runId: Id,
  metric: z.string(),
  x: z.array(z.number()),
  y: z.array(z.number().nullable()),
  /** The envelope: the smallest and largest value of the points each kept point stands for. */
  min: z.array(z.number().nullable()),
  max: z.array(z.number().nullable()),
  /** How many stored points (in the range, when given) the series was drawn from. */
  total: z.number().int()
})
export type DownsampledSeries = z.infer<typeof DownsampledSeries>

export const DownsampleResult = z.object({ series: z.array(DownsampledSeries) })
export type DownsampleResult = z.infer<typeof DownsampleResult>
