import { z } from 'zod'
import { CodedMessage } from './messages'
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
  /** Saltelli: independently scrambled replicates (default 1: accurate; 8 for honest intervals) and second-order rows (default true). */
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

/** How a study places its points: a fixed design, or adaptive TPE asking for one point at a time. */
export const studyDesignMethods = [...designMethods, 'tpe'] as const
export const StudyDesignMethod = z.enum(studyDesignMethods)
export type StudyDesignMethod = z.infer<typeof StudyDesignMethod>

/** A parameter searched only while another has one of the given values (momentum only for sgd). */
export const SpaceCondition = z
  .object({ param: z.string().min(1), equals: z.union([ParamValue, z.array(ParamValue).min(1)]) })
  .strict()
export type SpaceCondition = z.infer<typeof SpaceCondition>

export const StudyObjective = z
  .object({
    metric: z.string().min(1).default('val/loss'),
    direction: z.enum(['min', 'max']).default('min'),
    /** The run's last value of the metric, its best, or its value at `step` (the last at or before it). */
    value: z.enum(['last', 'best', 'at']).default('last'),
    step: z.number().int().min(0).optional()
  })
  .strict()
  .refine((o) => (o.value === 'at') === (o.step !== undefined), { message: 'give step exactly when value is "at"', path: ['step'] })
export type StudyObjective = z.infer<typeof StudyObjective>

export const prunerTypes = ['none', 'median', 'asha', 'hyperband'] as const
const Resource = z.number().positive()
const Bootstrap = z.number().int().min(0).default(0)
/**
 * When a trial is stopped early on the objective's metric as it reports it; the settings are
 * Optuna's, with its defaults (pruners/ decides).
 */
export const StudyPruner = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z
    .object({
      type: z.literal('median'),
      /** Trials that finish before any is pruned, steps of a trial before it may be, how often it is checked, and trials needed at a step. */
      nStartupTrials: z.number().int().min(0).default(5),
      nWarmupSteps: z.number().int().min(0).default(0),
      intervalSteps: z.number().int().min(1).default(1),
      nMinTrials: z.number().int().min(1).default(1)
    })
    .strict(),
  z
    .object({
      type: z.literal('asha'),
      minResource: Resource.default(1),
      reductionFactor: z.number().int().min(2).default(4),
      minEarlyStoppingRate: z.number().int().min(0).default(0),
      bootstrapCount: Bootstrap
    })
    .strict(),
  z
    .object({
      type: z.literal('hyperband'),
      minResource: Resource.default(1),
      /** The most steps a trial takes; `auto` reads it from the first trials that finish. */
      maxResource: z.union([Resource, z.literal('auto')]).default('auto'),
      reductionFactor: z.number().int().min(2).default(3),
      bootstrapCount: Bootstrap
    })
    .strict()
])
export type StudyPruner = z.infer<typeof StudyPruner>

/** More trials added to a study after it was planned, kept so the definition reproduces them. */
export const StudyExtension = z
  .object({
    /** More design points (random, LHS, Sobol, Morris, TPE). */
    n: z.number().int().min(0).default(0),
    /** More seeds for every point. */
    repeats: z.number().int().min(0).default(0),
    /**
     * A wider search space from this extension on (each range holding the one before, each list
     * of choices too): its points are drawn from it, and TPE learns from every earlier trial.
     */
    space: z
      .object({ params: z.record(z.string(), z.unknown()), conditions: z.record(z.string(), SpaceCondition).optional() })
      .strict()
      .optional()
  })
  .strict()
export type StudyExtension = z.infer<typeof StudyExtension>

/**
 * A whole study as a file holds it: the same definition plans the same trials with the same
 * hashes. The engine checks the space and the base config against the trainer's schema.
 */
export const StudyDefinition = z
  .object({
    name: z.string().trim().min(1).max(200),
    trainer: z.string().min(1),
    /** The base config every trial starts from: any schema value, nested groups or dotted keys. */
    config: z.record(z.string(), z.unknown()).default({}),
    /** A data file, or a registered dataset version (neither for a command trainer, which reads its own data). */
    dataset: z.string().min(1).optional(),
    datasetVersionId: z.number().int().positive().optional(),
    space: z
      .object({
        /** As a search-space file writes them: `{ "optimizer.lr": { type: float, low, high, log } }`. */
        params: z.record(z.string(), z.unknown()),
        /** Parameters searched only while another has a given value. */
        conditions: z.record(z.string(), SpaceCondition).default({})
      })
      .strict(),
    design: z
      .object({
        method: StudyDesignMethod,
        /** Points of the design (what n counts for each method: `designCountMeaning`). */
        n: z.number().int().min(1).max(100_000),
        levels: z.number().int().min(2).optional(),
        replicates: z.number().int().min(1).optional(),
        secondOrder: z.boolean().optional(),
        variant: z.enum(['rotatable', 'face']).optional()
      })
      .strict(),
    /** Each point runs once per seed: the first is the base config's training.seed (or the study seed), then +1, +2... */
    repeats: z.number().int().min(1).max(1000).default(1),
    /** Seeds the design and the sampler; drawn and kept when absent. */
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    objective: StudyObjective.default({ metric: 'val/loss', direction: 'min', value: 'last' }),
    budget: z
      .object({ maxTrials: z.number().int().min(1).optional(), maxWallSeconds: z.number().positive().optional() })
      .strict()
      .default({}),
    pruner: StudyPruner.default({ type: 'none' }),
    /** Trials at once for this study; the engine's maxConcurrentRuns holds as well. */
    concurrency: z.number().int().min(1).max(1024).optional(),
    /** Studies sharing the engine's trainers: a higher priority starts its trials first. */
    priority: z.number().int().min(-100).max(100).default(0),
    /**
     * What becomes of a trial whose engine stopped under it (the app or CLI closed, or was killed):
     * queued again (resumed from its checkpoint) or failed. The study itself comes back paused
     * either way and runs again only when resumed.
     */
    onEngineStop: z.enum(['requeue', 'fail']).default('requeue'),
    extensions: z.array(StudyExtension).default([])
  })
  .strict()
  // Neither for a command trainer, which reads its own data; a built-in trainer's run asks for one.
  .refine((d) => d.dataset === undefined || d.datasetVersionId === undefined, {
    message: 'give a dataset file or a datasetVersionId, not both',
    path: ['dataset']
  })
export type StudyDefinition = z.output<typeof StudyDefinition>
export type StudyDefinitionInput = z.input<typeof StudyDefinition>

export const studyStatuses = ['pending', 'running', 'paused', 'finished', 'cancelled'] as const
export const StudyStatus = z.enum(studyStatuses)
export type StudyStatus = z.infer<typeof StudyStatus>

export const trialStatuses = ['queued', 'running', 'finished', 'failed', 'pruned', 'cancelled'] as const
export const TrialStatus = z.enum(trialStatuses)
export type TrialStatus = z.infer<typeof TrialStatus>

export const Trial = z.object({
  id: z.number().int().positive(),
  studyId: z.number().int().positive(),
  /** Order in the study's plan, from 0. */
  index: z.number().int(),
  /** SHA-256 of the canonical parameters and the repeat: the same point and repeat is one trial. */
  hash: z.string(),
  /** The swept parameters active in this trial (inactive conditional ones are left out). */
  params: z.record(z.string(), ParamValue),
  repeat: z.number().int(),
  seed: z.number().int().nullable(),
  status: TrialStatus,
  runId: z.number().int().nullable(),
  objective: z.number().nullable(),
  prunedStep: z.number().int().nullable(),
  /** Why it failed, was pruned or cancelled, or why its objective is missing. */
  message: z.string().nullable(),
  /** The same message as a catalog code and values, for the reader's language (absent on older trials). */
  messageCoded: CodedMessage.nullable().optional(),
  /** Launches of its run: more than one after a requeue. */
  attempts: z.number().int(),
  /** The device slot its run was given ('cpu', 'cuda:0'); null before it ran, or when run by an engine without slots. */
  device: z.string().nullable(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable()
})
export type Trial = z.infer<typeof Trial>

/**
 * A place trials run: the CPU, whose threads a budget shares among its trials, or one GPU, one
 * trial at a time. `busy` names the trials on it (runId null while its run is being started).
 */
export const DeviceSlot = z.object({
  /** 'cpu', or a GPU as trials record it ('cuda:0'). */
  id: z.string(),
  kind: z.enum(['cpu', 'gpu']),
  name: z.string(),
  /** Total memory in bytes, when the driver says (GPUs). */
  memory: z.number().optional(),
  /** The CPU's thread budget, and how many of its threads trials hold now. */
  threads: z.number().int().optional(),
  threadsInUse: z.number().int().optional(),
  busy: z.array(z.object({ studyId: z.number().int(), trialId: z.number().int(), runId: z.number().int().nullable() }))
})
export type DeviceSlot = z.infer<typeof DeviceSlot>

export const TrialCounts = z.object(Object.fromEntries(trialStatuses.map((s) => [s, z.number().int()])) as Record<TrialStatus, z.ZodNumber>)

export const Study = z.object({
  id: z.number().int().positive(),
  experimentId: z.number().int().positive(),
  name: z.string(),
  trainer: z.string(),
  status: StudyStatus,
  /** Why it stopped or paused (budget, done, engine stopped), in English. */
  statusMessage: z.string().nullable(),
  /** The same message as a catalog code and values, for the reader's language (absent on older studies). */
  statusCoded: CodedMessage.nullable().optional(),
  definition: StudyDefinition,
  /** Trials planned so far (TPE plans one at a time, up to its n). */
  planned: z.number().int(),
  counts: TrialCounts,
  best: Trial.nullable(),
  /** Milliseconds the study has been running, over all its sessions. */
  elapsedMs: z.number(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  endedAt: z.number().nullable()
})
export type Study = z.infer<typeof Study>
