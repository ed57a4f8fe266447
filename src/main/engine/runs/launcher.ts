import type { EngineToTrainer, TrainerToEngine } from '../trainers/protocol'

/** A running trainer process, as the supervisor sees it, whatever started it. */
export interface TrainerProcess {
  readonly pid: number | undefined
  send(message: EngineToTrainer): void
  onMessage(listener: (message: TrainerToEngine) => void): void
  onOutput(listener: (stream: 'stdout' | 'stderr', text: string) => void): void
  /** Called once; `signal` is null when the process exited by itself. */
  onExit(listener: (code: number | null, signal: string | null) => void): void
  kill(signal?: NodeJS.Signals): void
}

export interface LaunchOptions {
  /** Path of the trainer entry script (out/main/trainer.js once built). */
  entry: string
  env?: Record<string, string>
  cwd?: string
  /** A name for process lists and crash reports. */
  serviceName?: string
}

/**
 * Starts trainer processes: `child_process.fork` headless and in tests, Electron's
 * `utilityProcess.fork` in the desktop app.
 */
export interface Launcher {
  launch(options: LaunchOptions): TrainerProcess
}
