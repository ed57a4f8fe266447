import { z } from 'zod'
import { COMMAND_TRAINER_NAME } from './schemas/command-trainers'
import { Config, TrainerInfo } from './schemas/params'
import { AnalysisColumns, AnalysisContour, AnalysisContourRequest, AnalysisProgress, AnalysisRequest, AnalysisResult, AnalysisSource } from './schemas/analysis'
import { Dataset, DatasetDetail, DatasetVersion, ImportProgress, LeftoverFile, SampleName, Split, Task } from './schemas/datasets'
import { DownsampleRequest, DownsampleResult } from './schemas/downsampled'
import { MessageValue } from './schemas/messages'
import { ParsedLog } from './schemas/metric-files'
import { ReportRequest, ReportResult } from './schemas/report'
import { RunsImport, RunsImportInput } from './schemas/imports'
import { Experiment, Id, Run, RunDetail, Series } from './schemas/runs'
import { MetricAt, MetricAtInput, RunsTableColumns, RunsTableInput } from './schemas/compare'
import { Design, DesignRequest, DeviceSlot, SearchSpaceSpec, Study, StudyDefinition, StudyExtension, Trial, TrialStatus } from './schemas/studies'

export * from './schemas/analysis'
export * from './schemas/compare'
export * from './schemas/datasets'
export * from './schemas/downsampled'
export * from './schemas/metric-files'
export * from './schemas/params'
export * from './schemas/report'
export * from './schemas/runs'
export * from './schemas/studies'
export type { ErrorCode, ErrorPayload, FieldIssue } from './errors'

interface MethodSpec<I extends z.ZodType, O extends z.ZodType> {
  input: I
  output: O
  doc: string
}
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string): MethodSpec<I, O> => ({
  input,
  output,
  doc
})

const FieldIssue = z.object({
  field: z.string(),
  message: z.string(),
  rule: z.string().optional(),
  values: z.record(z.string(), MessageValue).optional()
})
const Empty = z.object({}).strict()
const Ok = z.object({ ok: z.literal(true) })

/**
 * The whole engine API. Every binding (IPC, HTTP, CLI) validates against these schemas and
 * delegates; nothing else declares a method.
 */
export const api = {
  'app.info': method(
    Empty,
    z.object({
      version: z.string(),
      dataDir: z.string(),
      platform: z.string(),
      /** Execution providers onnxruntime offers on this machine, best first; 'cpu' always last. */
      providers: z.array(z.string()),
      /** True inside the desktop app, where a native file picker exists. */
      nativeDialogs: z.boolean()
    }),
    'Versions, data folder and capabilities of this engine.'
  ),
  'experiments.list': method(Empty, z.array(Experiment), 'All experiments, newest first.'),
  'experiments.get': method(z.object({ id: Id }).strict(), Experiment, 'One experiment.'),
  'experiments.create': method(
    z.object({ name: z.string().trim().min(1).max(200), description: z.string().max(5000).default('') }).strict(),
    Experiment,
    'Creates an experiment; names are unique.'
  ),
  'experiments.delete': method(
    z.object({ id: Id }).strict(),
    Ok,
    'Deletes an experiment with its runs; refused while one of them is active.'
  ),
  'trainers.list': method(Empty, z.array(TrainerInfo), 'Trainers with their parameter schemas.'),
  'trainers.add': method(
    z.object({ definition: z.record(z.string(), z.unknown()), replace: z.boolean().default(false) }).strict(),
    z.object({ trainer: TrainerInfo, replaced: z.boolean() }),
    'Registers a command trainer (see shared/schemas/command-trainers.ts); every problem named by field. A taken name needs `replace`.'
  ),
  'trainers.remove': method(z.object({ name: z.string().min(1).max(64) }).strict(), Ok, 'Removes a registered command trainer; its runs keep their records.'),
  'trainers.export': method(
    z.object({ name: z.string().min(1).max(64), format: z.enum(['yaml', 'json']).default('yaml') }).strict(),
    z.object({ name: z.string(), text: z.string() }),
    'A registered command trainer as a definition file, every default written out.'
  ),
  'trainers.draft': method(
    z
      .object({
        /** The script's command as an argument list (`["${python}", "train.py"]`); `--help` is added to read its options. */
        command: z.array(z.string().min(1).max(100_000)).min(1).max(1000),
        cwd: z.string().min(1).max(4096).optional(),
        name: z.string().regex(COMMAND_TRAINER_NAME).max(64).optional()
      })
      .strict(),
    z.object({
      /** The draft definition as YAML, with comments on what to check and what was left out. */
      text: z.string(),
      params: z.number().int(),
      style: z.enum(['argparse', 'hf', 'unknown'])
    }),
    "Drafts a command trainer from its script's --help (argparse, HfArgumentParser): one parameter per tunable option."
  ),
  'trainers.parseLog': method(
    z.object({ name: z.string().min(1).max(255), contentBase64: z.string() }).strict(),
    ParsedLog,
    'The format tester: which metric series a stdout log, .jsonl, trainer_state.json or TensorBoard file yields (at most PARSE_LOG_MAX_BYTES).'
  ),
  'runs.list': method(
    z
      .object({
        experimentId: Id.optional(),
        limit: z.number().int().min(1).max(100000).default(1000),
        /** Only runs older than this one (a smaller id): the next page after the last run of the previous. */
        beforeId: Id.optional()
      })
      .strict(),
    z.array(Run),
    'Runs, newest first, optionally of one experiment; at most `limit`, older than `beforeId` when given.'
  ),
  'runs.get': method(z.object({ id: Id }).strict(), RunDetail, 'One run with a summary of each metric.'),
  'runs.validate': method(
    z
      .object({
        trainer: z.string(),
        config: z.record(z.string(), z.unknown()),
        dataset: z.string().optional(),
        /** The version runs.start will read through: checked with its roles and split, not as a bare file. */
        datasetVersionId: Id.optional()
      })
      .strict()
      .refine((v) => v.dataset === undefined || v.datasetVersionId === undefined, {
        message: 'give a dataset file or a datasetVersionId, not both',
        path: ['dataset']
      }),
    z.object({ config: Config, issues: z.array(FieldIssue) }),
    'Checks a config (and the dataset file or version, when given) without starting anything.'
  ),
  'runs.start': method(
    z
      .object({
        experimentId: Id,
        trainer: z.string(),
        config: z.record(z.string(), z.unknown()).default({}),
        /** A data file path, or `datasetVersionId`: a registered dataset with its roles and split. */
        dataset: z.string().min(1).optional(),
        datasetVersionId: Id.optional(),
        name: z.string().max(200).optional()
      })
      .strict()
      // Built-in trainers need one of the two (runs.start says so by field); a command trainer takes neither.
      .refine((v) => v.dataset === undefined || v.datasetVersionId === undefined, {
        message: 'give a dataset file or a datasetVersionId, not both',
        path: ['dataset']
      }),
    Run,
    'Validates, records and launches a run in its own process, on a data file or a dataset version.'
  ),
  'runs.cancel': method(z.object({ id: Id }).strict(), Run, 'Asks a run to stop; kills it after a grace period.'),
  'runs.update': method(
    z
      .object({ id: Id, name: z.string().max(200).optional(), notes: z.string().max(100000).optional(), tags: z.array(z.string().min(1).max(64)).max(64).optional() })
      .strict(),
    Run,
    'Renames a run or sets its notes and tags.'
  ),
  'runs.delete': method(z.object({ id: Id }).strict(), Ok, 'Deletes a finished run and its metrics.'),
  'runs.metrics': method(
    z.object({ id: Id, names: z.array(z.string()).optional(), afterStep: z.number().int().optional() }).strict(),
    z.record(z.string(), Series),
    'Metric series at full resolution, optionally only points after a step.'
  ),
  'runs.seriesDownsampled': method(
    DownsampleRequest,
    DownsampleResult,
    'The metrics of runs downsampled to about `width` points (LTTB with a min/max envelope), by step, time or epoch, optionally in an x range.'
  ),
  'runs.log': method(
    z.object({ id: Id, offset: z.number().int().min(0).default(0) }).strict(),
    z.object({ text: z.string(), nextOffset: z.number().int() }),
    "The run's trainer output from a character offset."
  ),
  'runs.resume': method(
    z.object({ id: Id }).strict(),
    Run,
    'Resumes a cancelled, interrupted or crashed run from its latest checkpoint: parameters and optimizer state restored, steps and metrics continued.'
  ),
  'runs.table': method(
    RunsTableInput,
    RunsTableColumns,
    'The runs of experiments, studies and run ids (their union) with flat params and a summary of each metric, in one query, by column (decodeRunsTable makes rows of it).'
  ),
  'runs.import': method(
    RunsImportInput,
    RunsImport,
    'Imports the runs of an Optuna storage, an MLflow store, a W&B CSV export, a CSV or JSON lines, in one transaction; runs imported before are skipped.'
  ),
  'runs.metricAt': method(MetricAtInput, MetricAt, "Each run's value of a metric at a step, else its last point before it, else null."),
  'runs.exportModel': method(
    z
      .object({
        id: Id,
        /** The .onnx file to write, in a folder that exists. */
        out: z.string().min(1),
        checkpoint: z.enum(['best', 'latest']).default('best'),
        /** Replace `out` when it exists; refused otherwise. */
        overwrite: z.boolean().default(false)
      })
      .strict(),
    z.object({
      path: z.string(),
      checkpoint: z.enum(['best', 'latest']),
      /** The step of the exported state and the validation metrics measured on it. */
      step: z.number().int(),
      metrics: z.record(z.string(), z.number()),
      inputs: z.array(z.string()),
      outputs: z.array(z.string()),
      bytes: z.number().int()
    }),
    "Writes a standalone ONNX inference model of a run's best (or latest) checkpoint, LoRA merged and no training nodes."
  ),
  'datasets.import': method(
    z
      .object({
        paths: z.array(z.string().min(1)).min(1).max(100),
        copy: z.boolean().default(false),
        /** The name each dataset gets, in the order of `paths` (an upload's own name); the file name by default. */
        names: z.array(z.string().trim().min(1).max(200)).max(100).optional()
      })
      .strict()
      .refine((i) => !i.names || i.names.length === i.paths.length, { path: ['names'], message: 'needs one name per path' }),
    z.array(ImportProgress),
    'Queues files for import (streamed, hashed, profiled); progress arrives as dataset.import events.'
  ),
  'datasets.importSample': method(
    z.object({ name: SampleName }).strict(),
    ImportProgress,
    'Queues one of the sample datasets that ship with the app for import, as a copy in the library.'
  ),
  'datasets.imports': method(Empty, z.array(ImportProgress), 'Imports queued, running or recently ended.'),
  'datasets.dismissImport': method(
    z.object({ importId: z.string() }).strict(),
    Ok,
    'Forgets an ended import, so no window lists it again; one still running is kept.'
  ),
  'datasets.cancelImport': method(z.object({ importId: z.string() }).strict(), ImportProgress, 'Cancels a queued or running import; nothing of it is kept.'),
  'datasets.list': method(Empty, z.array(Dataset), 'Registered datasets, newest first, with file status.'),
  'datasets.get': method(z.object({ id: Id }).strict(), DatasetDetail, 'One dataset with its stored profile and versions.'),
  'datasets.rows': method(
    z.object({ id: Id, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    z.object({ rows: z.array(z.array(z.string())), total: z.number().int() }),
    'A window of rows as text, for the virtualized preview.'
  ),
  'datasets.delete': method(z.object({ id: Id }).strict(), Ok, 'Forgets a dataset (and deletes its library copy); runs keep its hash.'),
  'datasets.leftovers': method(
    Empty,
    z.object({ files: z.array(LeftoverFile), bytes: z.number().int() }),
    'Uploaded files that no dataset references and no import is reading (an upload never imported), with their sizes.'
  ),
  'datasets.removeLeftovers': method(
    z.object({ names: z.array(z.string().min(1).max(300)).max(10_000) }).strict(),
    z.object({ removed: z.array(z.string()), bytes: z.number().int() }),
    'Deletes the named leftover uploads that are still leftovers; any other name is ignored.'
  ),
  'datasets.createVersion': method(
    z
      .object({
        datasetId: Id,
        task: Task,
        target: z.string().nullable().default(null),
        features: z.array(z.string()).default([]),
        text: z.string().nullable().default(null),
        ignored: z.array(z.string()).default([]),
        split: Split
      })
      .strict(),
    DatasetVersion,
    'Saves roles and a split as a dataset version (the same inputs give the same version).'
  ),
  'spaces.read': method(
    z.object({ path: z.string() }).strict(),
    SearchSpaceSpec,
    'Reads a search space from a JSON or YAML file and checks it, naming the file and each bad field.'
  ),
  'designs.generate': method(
    DesignRequest.strict(),
    Design,
    'A seeded design of experiments over a search space: one row of parameter values per point.'
  ),
  'studies.create': method(
    z
      .object({
        experimentId: Id,
        /** The definition itself, or `path`: a .json, .yaml or .yml file that holds it. */
        definition: StudyDefinition.optional(),
        path: z.string().min(1).optional(),
        /** Start running it at once in this engine. */
        start: z.boolean().default(false)
      })
      .strict()
      .refine((v) => (v.definition === undefined) !== (v.path === undefined), { message: 'give a definition or a path: one of the two', path: ['definition'] }),
    Study,
    'Checks a study against its trainer and data, records it and plans its trials in the ledger.'
  ),
  'studies.list': method(z.object({ experimentId: Id.optional() }).strict(), z.array(Study), 'Studies, newest first, with trial counts and the best trial.'),
  'studies.get': method(z.object({ id: Id }).strict(), Study, 'One study with trial counts per status and its best trial.'),
  'studies.trials': method(
    z.object({ id: Id, status: TrialStatus.optional(), offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(100000).default(10000) }).strict(),
    z.array(Trial),
    "A study's trials in plan order, optionally of one status."
  ),
  'studies.resume': method(
    z.object({ id: Id }).strict(),
    Study,
    'Runs a pending or paused study in this engine: only its unfinished trials, up to its concurrency.'
  ),
  'studies.pause': method(z.object({ id: Id }).strict(), Study, 'Stops launching trials; running ones stop and are queued again, to resume from their checkpoints.'),
  'studies.cancel': method(z.object({ id: Id }).strict(), Study, 'Ends a study: running trials stop, they and the queued ones become cancelled.'),
  'studies.extend': method(
    z
      .object({
        id: Id,
        n: z.number().int().min(0).max(100_000).default(0),
        repeats: z.number().int().min(0).max(1000).default(0),
        /** A wider search space for the new points: a warm start, TPE learning from every earlier trial. */
        space: StudyExtension.shape.space
      })
      .strict()
      .refine((v) => v.n > 0 || v.repeats > 0, { message: 'add points (n) or repeats', path: ['n'] }),
    Study,
    'Plans more trials: n more design points (from a wider space when given), or more seeds for every point; a finished study becomes paused.'
  ),
  'studies.export': method(
    z.object({ id: Id, format: z.enum(['yaml', 'json']).default('yaml') }).strict(),
    z.object({ text: z.string(), format: z.enum(['yaml', 'json']) }),
    'The definition as a file that reproduces the study: every default, the seed and the extensions written out.'
  ),
  'studies.estimate': method(
    z.object({ trainer: z.string().min(1), trials: z.number().int().min(0).max(10_000_000), concurrency: z.number().int().min(1).max(1024).optional() }).strict(),
    z.object({ medianRunSeconds: z.number().nullable(), runsMeasured: z.number().int(), estimatedSeconds: z.number().nullable() }),
    "How long a study's trials would take, from the median duration of this trainer's finished runs (null when none ran)."
  ),
  'studies.slots': method(
    z.object({}).strict(),
    z.array(DeviceSlot),
    "The engine's device slots (the CPU with its thread budget, each GPU) and the trials on each now."
  ),
  'analysis.columns': method(
    z.object({ source: AnalysisSource }).strict(),
    AnalysisColumns,
    'The columns of a results table (CSV or runs), with the design, method and target that fit it.'
  ),
  'analysis.run': method(
    AnalysisRequest.strict(),
    AnalysisResult,
    'Runs a sensitivity analysis off the engine thread; progress arrives as analysis.progress events.'
  ),
  'analysis.contour': method(AnalysisContourRequest.strict(), AnalysisContour, 'Response-surface contour data for a pair of parameters.'),
  'analysis.cancel': method(z.object({ requestId: z.string() }).strict(), Ok, 'Stops a running analysis; its call fails with CANCELLED.'),
  'reports.create': method(
    ReportRequest,
    ReportResult,
    'Writes a comparison report of a study, an experiment or chosen runs: self-contained HTML, or its PDF (printed by Electron in the app, else by a Chromium this machine has).'
  ),
  'system.pickFile': method(
    z.object({ title: z.string().optional(), extensions: z.array(z.string()).optional() }).strict(),
    z.object({ path: z.string().nullable() }),
    'Opens the native file picker (desktop app only).'
  ),
  'system.pickSaveFile': method(
    z.object({ title: z.string().optional(), defaultPath: z.string().optional(), extensions: z.array(z.string()).optional() }).strict(),
    z.object({ path: z.string().nullable() }),
    'Opens the native save dialog (desktop app only); a path it returns may be replaced, the dialog asked.'
  ),
  'system.disk': method(
    Empty,
    z.object({
      /** The data folder. */
      dir: z.string(),
      /** Bytes free for this user, and the size of the file system that holds the folder. */
      freeBytes: z.number(),
      totalBytes: z.number(),
      /** Runs start or resume only with at least this many bytes free. */
      minFreeBytes: z.number(),
      /** freeBytes < minFreeBytes: runs.start and runs.resume are refused until space is freed. */
      low: z.boolean()
    }),
    'Free space in the data folder, and the least a run needs to start.'
  )
} as const

/** Events the engine pushes to every connected window. */
export const events = {
  /** A run was created or changed status or progress (throttled). */
  'run.updated': Run,
  /** New metric points of a run, in batches (throttled). */
  'run.metrics': z.object({ runId: Id, series: z.record(z.string(), Series) }),
  /** New trainer output of a run. */
  'run.log': z.object({ runId: Id, text: z.string() }),
  /** An experiment was created, changed or deleted. */
  'experiments.changed': z.object({}),
  /** Progress of a dataset import (throttled), and its end. */
  'dataset.import': ImportProgress,
  /** A dataset was registered, deleted, or its file changed. */
  'datasets.changed': z.object({}),
  /** A study was created, or its status or one of its trials changed. */
  'studies.changed': z.object({ id: Id }),
  /** Progress of a running analysis. */
  'analysis.progress': AnalysisProgress
} as const

export type Api = typeof api
export type MethodName = keyof Api
export type MethodInput<M extends MethodName> = z.input<Api[M]['input']>
export type MethodParsedInput<M extends MethodName> = z.output<Api[M]['input']>
export type MethodOutput<M extends MethodName> = z.output<Api[M]['output']>
export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

export const methodNames = Object.keys(api) as MethodName[]
export const eventNames = Object.keys(events) as EventName[]

/** What the engine implements: each method takes its parsed input. */
export type EngineApi = { [M in MethodName]: (input: MethodParsedInput<M>) => Promise<MethodOutput<M>> }

/** What a client calls: inputs before defaults are applied. */
export type ClientApi = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> }

export type EventListener<E extends EventName> = (payload: EventPayload<E>) => void
