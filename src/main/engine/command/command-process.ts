import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { formatMessage, msg, type CodedMessage } from '../../../shared/messages'
import { codedLogLine } from '../../../shared/messages/log-lines'
import type { MetricPoint } from '../../../shared/api'
import { isValidPoint } from '../runs/ingest'
import type { TrainerProcess } from '../runs/launcher'
import type { EngineToTrainer, TrainerToEngine } from '../trainers/protocol'
import type { Invocation } from './invocation'
import { nodePlatform, signalTree, treeSpawnOptions, type TreePlatform } from './kill-tree'
import { RunMetricsCollector } from './metrics/collector'
import type { MetricPoint as ReadPoint } from './metrics/types'

export interface CommandProcessOptions {
  runDir: string
  /** Seconds between SIGTERM and SIGKILL of the process group (the definition's `stopGraceSeconds`). */
  graceSeconds: number
  /** How often the metric files under the run folder are read; 1000 ms by default. */
  pollMs?: number
  /** The platform the process tree is started and killed on; this machine's by default (tests inject Windows). */
  tree?: TreePlatform
}

/**
 * Starts one run of a command trainer and shows it to the supervisor as a trainer process: the
 * invocation's config files are written into the run folder, the command is spawned with no shell
 * in its own process group, its output goes to the run log and through RunMetricsCollector, whose
 * points arrive as `metrics` messages. The exit code is the result: 0 finished, else failed;
 * cancelled when the engine stopped it (`cancel` creates PARAMSCOPE_STOP_FILE, then SIGTERM to the
 * group; the supervisor sends SIGKILL after the grace period, which kills the whole group).
 */
export function startCommandProcess(invocation: Invocation, options: CommandProcessOptions): TrainerProcess {
  const tree = options.tree ?? nodePlatform
  mkdirSync(options.runDir, { recursive: true })
  for (const f of invocation.files) {
    mkdirSync(dirname(f.path), { recursive: true })
    writeFileSync(f.path, f.content)
  }
  const child = spawn(invocation.file, invocation.args, {
    cwd: invocation.cwd,
    env: { ...process.env, ...invocation.env },
    shell: false,
    ...treeSpawnOptions(tree),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const collector = new RunMetricsCollector({ runDir: options.runDir, metricsFile: invocation.metricsFile })
  const messageListeners: ((m: TrainerToEngine) => void)[] = []
  const outputListeners: ((stream: 'stdout' | 'stderr', text: string) => void)[] = []
  const exitListeners: ((code: number | null, signal: string | null) => void)[] = []
  let stopRequested = false
  let killedAfterGrace = false
  let ended = false
  let maxStep = -1

  const message = (m: TrainerToEngine) => {
    for (const l of messageListeners) l(m)
  }
  const output = (stream: 'stdout' | 'stderr', text: string) => {
    for (const l of outputListeners) l(stream, text)
  }
  const deliver = (read: ReadPoint[]) => {
    const time = Date.now()
    const points: MetricPoint[] = []
    let top = -1
    for (const p of read) {
      // The channel the merger kept the series from: the run page says where each curve came from.
      const point: MetricPoint = { name: p.name, step: p.step, value: p.value, time, channel: p.channel }
      if (!isValidPoint(point)) continue
      points.push(point)
      if (point.step > top) top = point.step
    }
    if (points.length === 0) return
    message({ type: 'metrics', points })
    if (top > maxStep) {
      maxStep = top
      // No total is known for a command: the step alone is the progress.
      message({ type: 'progress', step: maxStep, totalSteps: null })
    }
  }
  const warn = (warnings: CodedMessage[]) => {
    for (const w of warnings) output('stderr', `${codedLogLine(msg('commandTrainers.run.metricWarning', { warning: w }))}\n`)
  }
  const poll = setInterval(() => {
    const r = collector.poll()
    deliver(r.points)
    warn(r.warnings)
  }, options.pollMs ?? 1000)

  /** Signals the whole process tree (its group; on Windows taskkill /T); one that is gone already is no error. */
  const signalGroup = (signal: NodeJS.Signals) => {
    if (child.pid !== undefined) signalTree(child.pid, signal, tree)
  }

  const end = (code: number | null, signal: string | null, startError?: Error) => {
    if (ended) return
    ended = true
    clearInterval(poll)
    const last = collector.finish()
    deliver(last.points)
    warn(last.warnings)
    let done: { status: 'finished' | 'failed' | 'cancelled'; reason: CodedMessage } | undefined
    if (startError) done = { status: 'failed', reason: msg('commandTrainers.run.notStarted', { file: invocation.file, error: startError.message }) }
    else if (stopRequested)
      done = {
        status: 'cancelled',
        reason: killedAfterGrace ? msg('commandTrainers.run.cancelKilled', { seconds: options.graceSeconds }) : msg('commandTrainers.run.cancelled')
      }
    else if (code === 0) done = undefined
    else if (code !== null) done = { status: 'failed', reason: msg('commandTrainers.run.exitCode', { code }) }
    // Killed by a signal nobody here sent: no result, and the supervisor records a crash.
    if (code === 0 && !stopRequested && !startError) message({ type: 'done', status: 'finished' })
    else if (done) message({ type: 'done', status: done.status, message: formatMessage('en', done.reason), reason: done.reason })
    for (const l of exitListeners) l(code, signal)
  }

  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output('stdout', text)
    deliver(collector.stdout(text))
  })
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    output('stderr', text)
    deliver(collector.stderr(text))
  })
  // The run is over when its script is: what it left in its process group (a data loader, a
  // child holding the GPU or the output pipes) is killed with it, however it ended.
  // (Windows: taskkill finds no tree under a pid that has exited, and the pid may be reused.)
  child.once('exit', () => {
    if (tree.platform !== 'win32') signalGroup('SIGKILL')
  })
  // 'close' waits for stdout and stderr to drain, so the last lines and metrics are kept.
  child.once('close', (code, signal) => end(code, signal))
  child.once('error', (err) => {
    if (child.pid === undefined) end(null, null, err)
  })

  return {
    get pid() {
      return child.pid
    },
    send(m: EngineToTrainer) {
      if (m.type !== 'cancel' || ended || stopRequested) return
      stopRequested = true
      try {
        writeFileSync(invocation.stopFile, '')
      } catch {
        // The run folder is gone or full: SIGTERM still asks the script to stop.
      }
      signalGroup('SIGTERM')
    },
    onMessage(listener) {
      messageListeners.push(listener)
    },
    onOutput(listener) {
      outputListeners.push(listener)
    },
    onExit(listener) {
      exitListeners.push(listener)
    },
    kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (ended) return
      if (signal === 'SIGKILL' && stopRequested) killedAfterGrace = true
      signalGroup(signal)
    }
  }
}
