import { z } from 'zod'
import { Id } from './runs'

/** What a report covers: a study's trials, an experiment's runs, or a chosen set of runs. */
export const ReportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('study'), studyId: Id }).strict(),
  z.object({ kind: z.literal('experiment'), experimentId: Id }).strict(),
  z.object({ kind: z.literal('runs'), runIds: z.array(Id).min(1).max(100_000) }).strict()
])
export type ReportSource = z.infer<typeof ReportSource>

export const reportPapers = ['a4', 'letter'] as const
export const ReportPaper = z.enum(reportPapers)
export type ReportPaper = z.infer<typeof ReportPaper>

export const reportNormalizations = ['minmax', 'zscore', 'none'] as const

export const ReportRequest = z
  .object({
    source: ReportSource,
    lang: z.enum(['en', 'zh-CN']).default('en'),
    paper: ReportPaper.default('a4'),
    landscape: z.boolean().default(false),
    format: z.enum(['html', 'pdf']).default('pdf'),
    /** The file to write (absolute, or relative to the engine's working folder); replaced when it exists. */
    out: z.string().min(1).max(4096),
    /** Also write the HTML here when the format is pdf. */
    htmlOut: z.string().min(1).max(4096).optional(),
    /** The metric that ranks the runs; default: a study's objective, else val/loss, loss or the first. */
    metric: z.string().min(1).max(500).optional(),
    goal: z.enum(['min', 'max']).optional(),
    /** Metrics shown as table columns and curves beside the ranking metric (default: up to 4 others). */
    metrics: z.array(z.string().min(1).max(500)).max(20).optional(),
    /** Parameters shown as table columns (default: those that differ, up to 8). */
    params: z.array(z.string().min(1).max(500)).max(40).optional(),
    /** The colour of the table's metric cells, per column. */
    normalization: z.enum(reportNormalizations).default('minmax')
  })
  .strict()
export type ReportRequest = z.infer<typeof ReportRequest>
export type ReportRequestInput = z.input<typeof ReportRequest>

export const ReportResult = z.object({
  path: z.string(),
  format: z.enum(['html', 'pdf']),
  bytes: z.number().int(),
  htmlPath: z.string().nullable(),
  runs: z.number().int(),
  /** The browser that printed the PDF ('electron' in the app), null for HTML. */
  printer: z.string().nullable()
})
export type ReportResult = z.infer<typeof ReportResult>
