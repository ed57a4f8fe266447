import { z } from 'zod'
import { analysisMessageCodes } from '../messages/analysis'
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
  }),
  z.object({
    kind: z.literal('study'),
    studyId: Id,
    /**
     * Pruned trials at the last value they reported; left out by default, since a value taken
     * before the end does not compare with finished trials. The result says which was done.
     */
    includePruned: z.boolean().default(false)
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
 * Something the page must say, as a code with parameters that each language words itself
 * (src/shared/messages/analysis.ts); `message` is the English wording for JSON readers.
 */
export const AnalysisNotice = z.object({
  code: z.enum(analysisMessageCodes),
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
  suggestedTarget: z.string().nullable(),
  /** The direction the source knows for the suggested target (a study's objective). */
  suggestedGoal: z.enum(['min', 'max']).optional()
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
  /** The notices' English sentences, in order, for readers of the JSON. */
  warnings: z.array(z.string()),
  /**
   * What a reader must know, coded and worded by each language: the estimator that ran instead of
   * the one asked for, too few evaluations, low out-of-bag R², dropped rows, deterministic repeats…
   */
  notices: z.array(AnalysisNotice),
  /** Parameter columns left out because they hold one value in every row. */
  constants: z.array(HeldConstant),
  /**
   * Sensitivity tier and recommended range per parameter. The tier reads `importance` (the index
   * named by `basis`) and its interval, which is what the page prints beside it; `unclear` is an
   * interval that spans the low threshold, so the data cannot tell low from more.
   */
  tiers: z.array(
    z.object({
      name: z.string(),
      tier: z.enum(['high', 'medium', 'low', 'unclear', 'noise']),
      basis: z.string().optional(),
      importance: Num.optional(),
      importance_lo: Num.optional(),
      importance_hi: Num.optional(),
      low: Num.optional(),
      high: Num.optional(),
      /** The range was widened to take in the best run's value, which lay outside most good runs. */
      widened: z.boolean().optional(),
      best: z.union([z.number(), z.string(), z.null()]).optional()
    })
  ),
  /**
   * The seed-noise floor, from configurations repeated with different seeds; null when none is.
   * `deterministic` counts configurations repeated with one seed that gave identical results.
   */
  noise: z
    .object({ std: z.number(), std_lo: z.number(), std_hi: z.number(), groups: z.number().int(), deterministic: z.number().int().optional() })
    .nullable(),
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
  /** Seed of the stochastic methods (bootstrap, forests); default DEFAULT_ANALYSIS_SEED. */
  seed: z.number().int().min(0).optional()
})

/**
 * The seed an analysis uses when none is given: fixed, so the same request gives the same answer;
 * the result states it and a request may choose another.
 */
export const DEFAULT_ANALYSIS_SEED = 0

export const AnalysisContourRequest = z.object({
  requestId: z.string().min(1).max(100),
  source: AnalysisSource,
  target: z.string().min(1),
  params: z.tuple([z.string(), z.string()]),
  size: z.number().int().min(5).max(200).default(40)
})

export const AnalysisContour = z.object({
  params: z.tuple([z.string(), z.string()]),
  /** The grid spans the bounding box of the runs in the pair (in each parameter's measure). */
  x: z.array(z.number()),
  y: z.array(z.number()),
  /** z[i][j] at (x[j], y[i]), from the quadratic response surface; null outside the runs' convex hull. */
  z: z.array(z.array(z.number().nullable())),
  /** The runs fitted, in natural units, with their target: drawn over the surface. */
  points: z.array(z.tuple([z.number(), z.number(), z.number()])),
  r2: z.number(),
  /** Leave-one-out (PRESS) R²: how well the surface predicts a run it was not fitted to. */
  r2_cv: z.number().nullable(),
  /** Where the surface is drawn: the convex hull of the runs. */
  region: z.literal('hull')
})

export const AnalysisProgress = z.object({ requestId: z.string(), stage: z.string(), fraction: z.number().min(0).max(1) })
