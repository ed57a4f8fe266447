import { z } from 'zod'
import { Id } from './runs'

export const analysisMethods = ['sobol', 'morris', 'fanova', 'quantile', 'correlation', 'oat', 'surface'] as const
export const AnalysisMethod = z.enum(analysisMethods)
export type AnalysisMethod = z.infer<typeof AnalysisMethod>

/** Where the table of results comes from: a CSV of results, or ParamScope runs. */
export const AnalysisSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('csv'), path: z.string().min(1) }),
  z.object({
    kind: z.literal('runs'),
    experimentId: Id.optional(),
    runIds: z.array(Id).max(100000).optional(),
    /** Which value of a metric series a run contributes. */
    reduce: z.enum(['last', 'min', 'max']).default('last')
  })
])
export type AnalysisSource = z.infer<typeof AnalysisSource>

/** A column of the source, as the Analysis page offers it. */
export const AnalysisColumn = z.object({
  name: z.string(),
  kind: z.enum(['float', 'int', 'categorical']),
  log: z.boolean(),
  /** Rows with a value. */
  count: z.number().int(),
  /** Whether it looks like an outcome (metric) rather than a parameter. */
  isMetric: z.boolean()
})

/** A parameter column that holds one value in every row: listed once, never analysed. */
export const HeldConstant = z.object({ name: z.string(), value: z.union([z.number(), z.string(), z.null()]) })
export type HeldConstant = z.infer<typeof HeldConstant>

/**
 * Something the page must say, as a code with parameters that each language words itself;
 * `message` is the English wording for the CLI and JSON readers.
 */
export const AnalysisNotice = z.object({
  code: z.enum(['estimatorSwitched']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string()
})
export type AnalysisNotice = z.infer<typeof AnalysisNotice>

export const AnalysisColumns = z.object({
  rows: z.number().int(),
  columns: z.array(AnalysisColumn),
  /** Non-metric columns with one value in every row: never offered as parameters. */
  constants: z.array(HeldConstant),
  /** The design the rows follow when it can be recognised (Saltelli and Morris need their own layout). */
  design: z.enum(['saltelli', 'morris', 'oat', 'other']),
  /** The method that fits the data at hand. */
  suggestedMethod: AnalysisMethod,
  suggestedTarget: z.string().nullable()
})
export type AnalysisColumns = z.infer<typeof AnalysisColumns>

const Num = z.number().nullable()

/**
 * One analysis, in the shape `paramscope analyze --json` prints: per parameter its indices under
 * the method's names, each with `<name>_lo` / `<name>_hi` where the method has intervals.
 */
export const AnalysisResult = z.object({
  method: AnalysisMethod,
  target: z.string(),
  goal: z.enum(['min', 'max']),
  n: z.number().int(),
  seed: z.number().int().nullable(),
  params: z.array(z.object({ name: z.string() }).catchall(z.union([z.number(), z.string(), z.boolean(), z.null()]))),
  // The catch-all admits the pair's own names so TypeScript accepts objects built in code.
  pairs: z.array(z.object({ params: z.tuple([z.string(), z.string()]) }).catchall(z.union([Num, z.tuple([z.string(), z.string()])]))).optional(),
  r2: z.number().optional(),
  /** Method-specific figures: fANOVA's main/pair totals and unexplained share, Sobol's replicates
   *  and interval kind, the surface's adjusted R² and stationary point, the design recognised. */
  facts: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).optional(),
  /** Things a reader must know: low out-of-bag R², parameters active in only some rows, dropped rows. */
  warnings: z.array(z.string()),
  /** Coded notices, worded by each language: the estimator that ran when it is not the one asked for. */
  notices: z.array(AnalysisNotice),
  /** Parameter columns left out because they hold one value in every row. */
  constants: z.array(HeldConstant),
  /** Sensitivity tier and recommended range per parameter. */
  tiers: z.array(
    z.object({
      name: z.string(),
      tier: z.enum(['high', 'medium', 'low', 'noise']),
      low: Num.optional(),
      high: Num.optional(),
      best: z.union([z.number(), z.string(), z.null()]).optional()
    })
  ),
  /** The seed-noise floor, when rows repeat configurations over seeds. */
  noise: z.object({ std: z.number(), std_lo: z.number(), std_hi: z.number(), groups: z.number().int() }).nullable(),
  /** The rows analysed, in each parameter's sampled measure, for slice and parallel-coordinate plots. */
  rows: z.object({
    names: z.array(z.string()),
    values: z.array(z.array(z.union([z.number(), z.string(), z.null()]))),
    target: z.array(z.number())
  }),
  /** Importance per epoch when the source has per-epoch metrics. */
  overTraining: z.object({ epochs: z.array(z.number()), names: z.array(z.string()), values: z.array(z.array(z.number())) }).nullable()
})
export type AnalysisResult = z.infer<typeof AnalysisResult>

export const AnalysisRequest = z.object({
  /** Chosen by the caller, so it can follow progress events and cancel. */
  requestId: z.string().min(1).max(100),
  source: AnalysisSource,
  target: z.string().min(1),
  goal: z.enum(['min', 'max']).default('min'),
  method: AnalysisMethod,
  /** Columns to treat as parameters; default: every non-metric column. */
  params: z.array(z.string()).optional(),
  /** A search space (JSON object) giving bounds, log scales and choices. */
  space: z.record(z.string(), z.unknown()).optional(),
  seed: z.number().int().min(0).optional()
})

export const AnalysisContourRequest = z.object({
  requestId: z.string().min(1).max(100),
  source: AnalysisSource,
  target: z.string().min(1),
  params: z.tuple([z.string(), z.string()]),
  size: z.number().int().min(5).max(200).default(40)
})

export const AnalysisContour = z.object({
  params: z.tuple([z.string(), z.string()]),
  x: z.array(z.number()),
  y: z.array(z.number()),
  /** z[i][j] at (x[j], y[i]), from the quadratic response surface. */
  z: z.array(z.array(z.number())),
  r2: z.number()
})

export const AnalysisProgress = z.object({ requestId: z.string(), stage: z.string(), fraction: z.number().min(0).max(1) })
