import { z } from 'zod'
import { ParamValue } from './params'

export const designMethods = ['grid', 'random', 'lhs', 'sobol', 'saltelli', 'morris', 'ccd', 'box-behnken', 'oat'] as const
export const DesignMethod = z.enum(designMethods)
export type DesignMethod = z.infer<typeof DesignMethod>

/** What a design's `n` counts, for each method. */
export const designCountMeaning: Record<DesignMethod, string> = {
  grid: 'levels per continuous parameter (discrete ones use all their values up to n)',
  random: 'points',
  lhs: 'points',
  sobol: 'points (a power of two keeps the balance)',
  saltelli: 'base rows over all replicates (SALib’s N)',
  morris: 'trajectories',
  ccd: 'centre points',
  'box-behnken': 'centre points',
  oat: 'levels per parameter'
}

const Bounds = { low: z.number(), high: z.number(), log: z.boolean(), baseline: z.number().optional() }

/** One parameter of a search space, in the measure it is searched in. */
export const SpaceParamSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('float'), ...Bounds, step: z.number().optional() }),
  z.object({ type: z.literal('int'), ...Bounds, step: z.number().int() }),
  z.object({ type: z.literal('categorical'), choices: z.array(ParamValue).min(1), baseline: ParamValue.optional() })
])

/** A checked search space as a file writes it: its parameters by name, in order. */
export const SearchSpaceSpec = z.object({ params: z.record(z.string(), SpaceParamSpec) })
export type SearchSpaceSpec = z.infer<typeof SearchSpaceSpec>

export const DesignRequest = z.object({
  /** Checked by the engine, which names each bad field (`params.lr.low`). */
  space: z.record(z.string(), z.unknown()),
  method: DesignMethod,
  n: z.number().int().min(0),
  /** Drawn, and returned, when not given, so the design can be repeated. */
  seed: z.number().int().min(0).optional(),
  /** Morris grid levels (default 4). */
  levels: z.number().int().min(2).optional(),
  /** Saltelli: independently scrambled replicates (default 8) and second-order rows (default true). */
  replicates: z.number().int().min(1).optional(),
  secondOrder: z.boolean().optional(),
  /** Central composite: rotatable (default) or face-centred. */
  variant: z.enum(['rotatable', 'face']).optional()
})

export const Design = z.object({
  method: DesignMethod,
  seed: z.number().int(),
  names: z.array(z.string()),
  /** Values in the parameters' own measure, one array per row, in design order. */
  rows: z.array(z.array(ParamValue)),
  /** What an analysis needs to read the rows back (replicates, levels, α...). */
  meta: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
})
export type Design = z.infer<typeof Design>
