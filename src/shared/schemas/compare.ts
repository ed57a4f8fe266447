import { z } from 'zod'
import { Id, runStatuses } from './runs'

/**
 * A metric's summary over its whole series. JSON has no NaN: a non-finite value is null.
 * (Named apart from the run page's `MetricSummary`, which keeps NaN and has `first`.)
 */
export const TableMetricSummary = z.object({
  last: z.number().nullable(),
  lastStep: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  count: z.number().int()
})
export type TableMetricSummary = z.infer<typeof TableMetricSummary>

/** A run's status in the table: a study's pruned trial shows as `pruned` rather than the `cancelled` of its stopped run. */
export const tableStatuses = [...runStatuses, 'pruned'] as const
export const TableStatus = z.enum(tableStatuses)
export type TableStatus = z.infer<typeof TableStatus>

export const TableParamValue = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type TableParamValue = z.infer<typeof TableParamValue>

export const TableRow = z.object({
  id: Id,
  name: z.string(),
  status: TableStatus,
  experimentId: Id,
  experimentName: z.string(),
  studyId: Id.nullable(),
  trainer: z.string(),
  tags: z.array(z.string()),
  notes: z.string(),
  /** Epoch milliseconds. */
  createdAt: z.number(),
  endedAt: z.number().nullable(),
  /** Where an imported run came from (e.g. `mlflow:/path/mlflow.db#run=abc`); null for runs trained here. */
  source: z.string().nullable(),
  /** Flat dotted keys, e.g. `optimizer.lr`. */
  params: z.record(z.string(), TableParamValue),
  /** Every series of the run except `sys/*` and per-layer diagnostics. */
  metrics: z.record(z.string(), TableMetricSummary)
})
export type TableRow = z.infer<typeof TableRow>

export const MetricGoal = z.enum(['min', 'max'])
export type MetricGoal = z.infer<typeof MetricGoal>

const Ids = z.array(Id).max(100_000)

export const RunsTableInput = z
  .object({
    experimentIds: Ids.optional(),
    studyIds: Ids.optional(),
    runIds: Ids.optional(),
    /** The first this many runs by id only (a page's first screen while the rest loads); `total` still counts all. */
    limit: z.number().int().min(1).max(100_000).optional()
  })
  .strict()
  .refine((v) => (v.experimentIds?.length ?? 0) + (v.studyIds?.length ?? 0) + (v.runIds?.length ?? 0) > 0, {
    message: 'name at least one experiment, study or run (experimentIds, studyIds, runIds)',
    path: ['experimentIds']
  })

export const RunsTable = z.object({
  rows: z.array(TableRow),
  /** Every param key of the rows, sorted. */
  paramKeys: z.array(z.string()),
  /** Every metric name of the rows, sorted. */
  metricNames: z.array(z.string()),
  /** The goal of each metric where known: a trainer's declaration or a study's objective. */
  goals: z.record(z.string(), MetricGoal)
})
export type RunsTable = z.infer<typeof RunsTable>

/**
 * `runs.table` on the wire: the same table by column, so 20,000 runs × 40 columns travel as a few
 * long arrays instead of 20,000 objects that repeat every key (compare/table-columns.ts writes and
 * reads it). Every array is by row, in run id order. Numbers are Float64Array: kept as they are by
 * IPC and by HTTP's binary body (binary-body.ts); a client of HTTP that takes only JSON gets each
 * as a list of numbers, null for NaN.
 */
const F64 = z.instanceof(Float64Array)
export const RunsTableColumns = z.object({
  /** Runs in the selection, also those past a `limit`. */
  total: z.number().int().min(0),
  ids: z.array(Id),
  names: z.array(z.string()),
  statuses: z.array(TableStatus),
  experimentIds: z.array(Id),
  /** Experiment id -> name, once per experiment. */
  experimentNames: z.record(z.string(), z.string()),
  studyIds: z.array(Id.nullable()),
  trainers: z.array(z.string()),
  tags: z.array(z.array(z.string())),
  notes: z.array(z.string()),
  createdAt: z.array(z.number()),
  endedAt: z.array(z.number().nullable()),
  sources: z.array(z.string().nullable()),
  /** By param key: `{ f64 }` (by row, NaN: none) for a column of numbers, else `{ values }` (null: none). */
  params: z.record(z.string(), z.union([z.object({ f64: F64 }), z.object({ values: z.array(TableParamValue) })])),
  /** By metric name: `values`, 5 × n — last, min, max (NaN: none), last step, count (0: no series). */
  metrics: z.record(z.string(), z.object({ values: F64 })),
  paramKeys: z.array(z.string()),
  metricNames: z.array(z.string()),
  goals: z.record(z.string(), MetricGoal)
})
export type RunsTableColumns = z.infer<typeof RunsTableColumns>

export const MetricAtInput = z.object({ runIds: Ids.min(1), metric: z.string().min(1), step: z.number().int() }).strict()
export const MetricAt = z.object({
  /** By run id: the value at the step, else the last point before it, else null (also for NaN). */
  values: z.record(z.string(), z.number().nullable())
})
