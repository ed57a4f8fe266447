import { fork } from 'node:child_process'
import type { EngineToTrainer, TrainerToEngine } from '../trainers/protocol'
import type { Launcher, LaunchOptions, TrainerProcess } from './launcher'

/**
 * Starts trainers with `child_process.fork`: headless engine, CLI and tests. `execArgv` lets tests
 * run the TypeScript entry through a loader (e.g. `['--import', 'tsx']`).
 */
export function createNodeLauncher(execArgv: string[] = []): Launcher {
  return {
    launch(options: LaunchOptions): TrainerProcess {
      const child = fork(options.entry, [], {
        cwd: options.cwd,
        env: { ...process.env, ...options.env },
        execArgv,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced'
      })
      let exited = false
      child.once('exit', () => {
        exited = true
      })
      return {
        get pid() {
          return child.pid
        },
        send(message: EngineToTrainer) {
          if (!exited && child.connected) child.send(message)
        },
        onMessage(listener) {
          child.on('message', (message) => listener(message as TrainerToEngine))
        },
        onOutput(listener) {
          child.stdout?.setEncoding('utf8').on('data', (text: string) => listener('stdout', text))
          child.stderr?.setEncoding('utf8').on('data', (text: string) => listener('stderr', text))
        },
        onExit(listener) {
          // 'close' waits for stdio to drain, so the log holds the trainer's last words.
          child.once('close', (code, signal) => listener(code, signal))
          child.once('error', () => {
            if (child.exitCode === null && child.signalCode === null && child.pid === undefined) listener(null, null)
          })
        },
        kill(signal: NodeJS.Signals = 'SIGTERM') {
          if (!exited) child.kill(signal)
        }
      }
    }
  }
}
