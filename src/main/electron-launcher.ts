import type { ForkOptions, UtilityProcess } from 'electron'
import type { Launcher, LaunchOptions, TrainerProcess } from './engine/runs/launcher'
import type { EngineToTrainer, TrainerToEngine } from './engine/trainers/protocol'

/** `utilityProcess.fork`, passed in so this module loads (and is tested) without Electron. */
export type UtilityFork = (modulePath: string, args: string[], options: ForkOptions) => UtilityProcess

/** After 'exit', how long to wait for the pipes to deliver the trainer's last output. */
const DRAIN_MS = 1000

type ExitListener = (code: number | null, signal: string | null) => void
type OutputListener = (stream: 'stdout' | 'stderr', text: string) => void

function streamEnded(stream: NodeJS.ReadableStream | null): Promise<void> {
  if (!stream) return Promise.resolve()
  return new Promise((resolve) => {
    stream.once('end', resolve)
    stream.once('error', () => resolve())
    stream.once('close', resolve)
  })
}

/**
 * Trainers in the desktop app run as Electron utility processes: a Node environment that the
 * OS and `app.getAppMetrics` see as part of the app. The trainer side talks through
 * `process.parentPort` (see trainers/entry.ts); here messages go through `postMessage` and the
 * 'message' event. Electron reports only an exit code, so when this launcher killed the process
 * it reports the signal it sent, which keeps "killed" distinguishable from "crashed".
 */
export function createElectronLauncher(fork: UtilityFork): Launcher {
  return {
    launch(options: LaunchOptions): TrainerProcess {
      const child = fork(options.entry, [], {
        stdio: 'pipe',
        serviceName: options.serviceName ?? 'ParamScope trainer',
        env: { ...process.env, ...options.env },
        cwd: options.cwd
      })
      const { stdout, stderr } = child
      const outputListeners: OutputListener[] = []
      const exitListeners: ExitListener[] = []
      let exit: { code: number | null; signal: string | null } | null = null
      let exited = false
      let sentSignal: NodeJS.Signals | null = null

      // Read the pipes from the start: an unread pipe fills up and blocks the trainer.
      stdout?.setEncoding('utf8')
      stderr?.setEncoding('utf8')
      stdout?.on('data', (text: string) => outputListeners.forEach((l) => l('stdout', text)))
      stderr?.on('data', (text: string) => outputListeners.forEach((l) => l('stderr', text)))

      child.on('error', (type, location) => {
        outputListeners.forEach((l) => l('stderr', `[paramscope] trainer process ${type} at ${location}\n`))
      })
      child.once('exit', (code) => {
        exited = true
        const drained = Promise.all([streamEnded(stdout), streamEnded(stderr)])
        const timeout = new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())
        void Promise.race([drained, timeout]).then(() => {
          exit = { code, signal: sentSignal }
          exitListeners.forEach((l) => l(code, sentSignal))
        })
      })

      return {
        get pid() {
          return child.pid
        },
        send(message: EngineToTrainer) {
          if (!exited) child.postMessage(message)
        },
        onMessage(listener) {
          child.on('message', (message: unknown) => listener(message as TrainerToEngine))
        },
        onOutput(listener) {
          outputListeners.push(listener)
        },
        onExit(listener) {
          if (exit) listener(exit.code, exit.signal)
          else exitListeners.push(listener)
        },
        kill(signal: NodeJS.Signals = 'SIGTERM') {
          if (exited) return
          sentSignal = signal
          // utilityProcess.kill() only sends SIGTERM; a hung trainer needs the real SIGKILL.
          if (signal === 'SIGKILL' && child.pid !== undefined) {
            try {
              process.kill(child.pid, 'SIGKILL')
              return
            } catch {
              // Already gone between the check and the kill: fall through to the polite way.
            }
          }
          child.kill()
        }
      }
    }
  }
}
