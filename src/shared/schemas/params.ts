import { z } from 'zod'

/** Text in every UI language. */
export const Localized = z.object({ en: z.string(), 'zh-CN': z.string() })
export type Localized = z.infer<typeof Localized>

export const ParamValue = z.union([z.number(), z.string(), z.boolean()])
export type ParamValue = z.infer<typeof ParamValue>

/** A config: values by dotted key (`optimizer.lr`). Nested objects are flattened on the way in. */
export const Config = z.record(z.string(), ParamValue)
export type Config = z.infer<typeof Config>

const paramBase = {
  /** Dotted key, `<group>.<name>`. */
  key: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/),
  group: z.string(),
  label: Localized,
  help: Localized,
  unit: Localized.optional(),
  /** Allowed to be empty / absent: the trainer decides (e.g. target = last column). */
  optional: z.boolean().optional()
}

const numericBase = {
  ...paramBase,
  min: z.number().optional(),
  max: z.number().optional(),
  /** When true the bound itself is not allowed (lr > 0). */
  minExclusive: z.boolean().optional(),
  maxExclusive: z.boolean().optional(),
  /** Searched and drawn on a log scale. */
  log: z.boolean().optional(),
  /** The range practitioners usually use; shown as a hint, never enforced. */
  usual: z.tuple([z.number(), z.number()]).optional()
}

export const FloatParam = z.object({ ...numericBase, type: z.literal('float'), default: z.number() })
export const IntParam = z.object({ ...numericBase, type: z.literal('int'), default: z.number().int() })
export const BoolParam = z.object({ ...paramBase, type: z.literal('bool'), default: z.boolean() })
export const ChoiceParam = z.object({
  ...paramBase,
  type: z.literal('choice'),
  default: z.string(),
  choices: z.array(z.object({ value: z.string(), label: Localized })).min(1)
})
export const StringParam = z.object({
  ...paramBase,
  type: z.literal('string'),
  default: z.string(),
  placeholder: Localized.optional()
})

export const ParamSpec = z.discriminatedUnion('type', [FloatParam, IntParam, BoolParam, ChoiceParam, StringParam])
export type ParamSpec = z.infer<typeof ParamSpec>
export type ParamType = ParamSpec['type']

export const GroupSpec = z.object({ id: z.string(), label: Localized, help: Localized.optional() })
export type GroupSpec = z.infer<typeof GroupSpec>

/** What a trainer declares: its identity and the schema that drives forms, validation and sweeps. */
export const TrainerInfo = z.object({
  id: z.string(),
  version: z.string(),
  label: Localized,
  description: Localized,
  /** File kinds the trainer reads, e.g. ['csv']. */
  datasetKinds: z.array(z.string()),
  groups: z.array(GroupSpec),
  params: z.array(ParamSpec),
  /** Metrics the trainer emits, in the order a UI shows them. */
  metrics: z.array(z.object({ name: z.string(), label: Localized, goal: z.enum(['min', 'max']).optional() })),
  /** A command trainer's argument list, macros unexpanded; absent for a built-in trainer. */
  command: z.array(z.string()).optional()
})
export type TrainerInfo = z.infer<typeof TrainerInfo>
