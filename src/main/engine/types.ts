import type { EngineApi } from '../../shared/api'
import type { Gpu } from './devices/gpus'
import type { EventBus } from './events'
import type { Launcher } from './runs/launcher'

/** Native dialogs exist only in the desktop app; headless engines have none. */
export interface Dialogs {
  pickFile(options: { title?: string; extensions?: string[] }): Promise<string | null>
  /** The file to write; the dialog itself asks before an existing file is chosen. */
  pickSaveFile(options: { title?: string; defaultPath?: string; extensions?: string[] }): Promise<string | null>
}

export interface EngineOptions {
  /** Folder that holds paramscope.db and the runs' work folders. */
  dataDir: string
  launcher: Launcher
  /** Path of the built trainer entry (out/main/trainer.js). */
  trainerEntry: string
  dialogs?: Dialogs
  /** Milliseconds between a cancel request and SIGKILL. */
  cancelGraceMs?: number
  /**
   * Runs start or resume only with this many bytes free in the data folder; default
   * `PARAMSCOPE_MIN_FREE_MB` (in MB) when set, else 200 MB.
   */
  minFreeBytes?: number
  /** Size of the file kept in the data folder to record how runs end on a full disk; default 1 MB. */
  diskReserveBytes?: number
  /**
   * Trainer processes at once; runs beyond wait as `queued`. Default `PARAMSCOPE_MAX_RUNS` when
   * set, else one per core.
   */
  maxConcurrentRuns?: number
  /** The sample datasets' folder; default resources/samples beside an ancestor of the engine's code. */
  samplesDir?: string
  /** Memory a run's estimated peak is held to; default the machine's, or its cgroup limit. */
  memoryLimitBytes?: number
  /**
   * CPU threads a study's trials share (each holds its `runtime.threads`); default
   * `PARAMSCOPE_THREADS` when set, else the machine's cores.
   */
  threadBudget?: number
  /** The GPUs trials are placed on; default those nvidia-smi lists, else one per onnxruntime accelerator. */
  gpus?: Gpu[]
  /**
   * Milliseconds between samples of the sys/* metrics (CPU and memory of a trainer's process
   * tree, its GPU's use); default `PARAMSCOPE_SYS_INTERVAL_MS` when set, else 5000; 0 turns them off.
   */
  sysIntervalMs?: number
  /** The nvidia-smi to run (a path); default the one on PATH. */
  nvidiaSmi?: string
  /** Bytes of output a run's stored log keeps (its first and last half, the cut noted); default 32 MiB. */
  logCapBytes?: number
  /**
   * Prints a report's HTML to PDF: the desktop app's Electron printToPDF. Absent, reports print
   * with a Chromium this machine has (see report/chromium.ts).
   */
  printPdf?: (html: string, options: { paper: 'a4' | 'letter'; landscape: boolean }) => Promise<Buffer>
}

export interface Engine {
  api: EngineApi
  events: EventBus
  /** Cancels active runs, waits for their processes, closes the store. */
  close(): Promise<void>
}
