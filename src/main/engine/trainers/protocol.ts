import type { Config, DatasetVersion, FieldIssue, MetricPoint, TrainerInfo } from '../../../shared/api'
import type { VersionSource } from '../datasets/versions/version-data'
import { formatMessage, type CodedMessage } from '../../../shared/messages'

/** Everything a trainer process needs to run one run. Sent once, right after the process starts. */
export interface TrainerJob {
  runId: number
  trainer: string
  config: Config
  datasetPath: string
  /** Set when the run reads a dataset version: its roles and split replace the config's data choices. */
  version?: VersionSource
  /** A folder of the run's own for checkpoints and exports. */
  workDir: string
  /** Execution providers the engine found, best first (the trainer resolves `runtime.device`). */
  providers: string[]
  /** Set when the run resumes: its latest checkpoint, holding parameters, optimizer state and position. */
  resume?: string
  /** Set by `finetune.from_run`: the other run's checkpoint whose weights start this one. */
  startFrom?: { runId: number; checkpoint: string }
  /** The engine's estimate of the trainer's peak memory in bytes, to explain an out-of-memory death. */
  memoryEstimate?: number
  /** The device slot a study's scheduler gave the run; absent for a run started by hand. */
  device?: DeviceAssignment
}

/**
 * Where a run computes when a scheduler placed it. A GPU slot's process sees only its GPU
 * (`env` holds `CUDA_VISIBLE_DEVICES` for an NVIDIA one), so the provider's device id inside it
 * is `deviceId`, 0 for NVIDIA; a CPU slot changes nothing in the process.
 */
export interface DeviceAssignment {
  /** The slot's id: 'cpu', or a GPU such as 'cuda:1'. */
  slot: string
  deviceId: number | null
  env: Record<string, string>
}

export type EngineToTrainer = { type: 'start'; job: TrainerJob } | { type: 'cancel' }

export type FinalStatus = 'finished' | 'failed' | 'diverged' | 'cancelled'

export type TrainerToEngine =
  | { type: 'started'; provider: string; device: string; totalSteps: number; seed: number | null }
  /** Each point is checked on arrival (isValidPoint); a command trainer's name their channel, a built-in's none. */
  | { type: 'metrics'; points: MetricPoint[] }
  | { type: 'progress'; step: number; totalSteps: number | null }
  | { type: 'done'; status: FinalStatus; message?: string; reason?: CodedMessage }

/** What a training function gets inside the trainer process. */
export interface TrainContext {
  job: TrainerJob
  /** Reports the provider and device actually used and the planned number of optimizer steps. */
  started(info: { provider: string; device: string; totalSteps: number; seed: number | null }): void
  /** Queues one metric point; points are sent in batches. `time` defaults to now. */
  metric(name: string, step: number, value: number, time?: number): void
  progress(step: number, totalSteps: number): void
  /** True once the engine asked to stop; the trainer should return `cancelled` soon after. */
  isCancelled(): boolean
  /** A line for the run's log (`codedLogLine` makes one a reader's language can word). */
  log(line: string): void
}

export interface TrainOutcome {
  status: FinalStatus
  message?: string
  /** `message` as a code and values, for the reader's language. */
  reason?: CodedMessage
}

/** An end the trainer words from the catalog: the English as `message`, the code as `reason`. */
export function outcome(status: FinalStatus, reason: CodedMessage): TrainOutcome {
  return { status, message: formatMessage('en', reason), reason }
}

export type TrainFunction = (ctx: TrainContext) => Promise<TrainOutcome>

/** What the engine knows of a run's data before it starts: the file, its size, and the version it reads. */
export interface DataShape {
  path: string
  bytes: number
  version?: VersionSource
}

/** One share of a run's estimated peak memory, with the parameters that drive it. */
export interface MemoryPart {
  what: 'runtime' | 'parameters' | 'activations' | 'data'
  bytes: number
  fields: string[]
}

/** A trainer's estimate of its process's peak resident memory, from the config and the data's shape. */
export interface MemoryEstimate {
  bytes: number
  parts: MemoryPart[]
}

/**
 * The engine-side half of a trainer: its schema, and checks that need the dataset. It must not
 * import onnxruntime, so listing trainers stays cheap.
 */
export interface TrainerDefinition {
  info(providers: string[]): TrainerInfo
  /** Dataset-dependent checks run before any process starts (target column exists, numeric...). */
  checkDataset(config: Config, datasetPath: string): Promise<FieldIssue[]>
  /** Checks for a run on a dataset version (task, split, part sizes); absent: versions are refused. */
  checkVersion?(config: Config, version: DatasetVersion): FieldIssue[]
  /**
   * The peak memory a run of this config would take on this data, so the engine refuses one the
   * machine cannot hold before a process starts. Called only for a config and data that passed the checks.
   */
  estimateMemory?(config: Config, data: DataShape): Promise<MemoryEstimate>
  /**
   * A standalone inference model (ONNX bytes) from one of the trainer's checkpoint files, adapters
   * merged and no training nodes; absent: the trainer's runs cannot be exported.
   */
  exportModel?(checkpointPath: string): { bytes: Uint8Array; inputs: string[]; outputs: string[] }
}
