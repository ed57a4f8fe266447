import type { MetricPoint, Run } from '../../../shared/api'
import type { EventBus } from '../events'
import type { Store } from '../store'
import type { FinalStatus, TrainerJob, TrainerToEngine } from '../trainers/protocol'
import { isValidPoint, throttle, toSeries } from './ingest'
import type { Launcher, TrainerProcess } from './launcher'
import { probeProcess, startTokenNow } from './process-identity'

export interface SupervisorOptions {
  store: Store
  launcher: Launcher
  events: EventBus
  trainerEntry: string
  /** Milliseconds between a cancel request and SIGKILL. */
  cancelGraceMs: number
  /** How often buffered metrics and logs are written, in one transaction. */
  flushMs?: number
}

interface ActiveRun {
  proc: TrainerProcess
  points: MetricPoint[]
  logs: { stream: 'stdout' | 'stderr'; text: string }[]
  step: number
  totalSteps: number | null
  done?: { status: FinalStatus; message?: string }
  cancelRequested: boolean
  killTimer?: NodeJS.Timeout
  exited: Promise<void>
  announce: ReturnType<typeof throttle<Run>>
  /** The trainer's pid is in the run's record (a launcher may know it only once the process runs). */
  trainerRecorded: boolean
}

/**
 * Owns trainer processes: launches them, batches what they send into transactions, pushes
 * throttled events, and records truthfully how each one ended, whatever happened to it.
 */
export function createSupervisor(options: SupervisorOptions) {
  const { store, launcher, events } = options
  const flushMs = options.flushMs ?? 100
  const active = new Map<number, ActiveRun>()
  let flushTimer: NodeJS.Timeout | undefined

  const flushRun = (runId: number, a: ActiveRun) => {
    if (a.points.length === 0 && a.logs.length === 0) return
    const points = a.points
    const logs = a.logs
    a.points = []
    a.logs = []
    try {
      store.transaction(() => {
        if (points.length) store.metrics.append(runId, points)
        for (const l of logs) store.logs.append(runId, l.stream, l.text)
        store.runs.update(runId, { step: a.step, totalSteps: a.totalSteps })
      })
    } catch (err) {
      // A failing write (disk full, locked file) must not take the engine down with it.
      console.error(`[paramscope] could not record output of run ${runId}:`, err)
      return
    }
    if (points.length) events.emit('run.metrics', { runId, series: toSeries(points) })
    if (logs.length) events.emit('run.log', { runId, text: logs.map((l) => l.text).join('') })
    a.announce.call(store.runs.get(runId)!)
  }

  const flushAll = () => {
    flushTimer = undefined
    for (const [id, a] of active) flushRun(id, a)
  }
  const scheduleFlush = () => {
    flushTimer ??= setTimeout(flushAll, flushMs)
  }

  const update = (runId: number, patch: Parameters<Store['runs']['update']>[1]) => {
    const run = store.runs.update(runId, patch)
    events.emit('run.updated', run)
    return run
  }

  /**
   * Puts the trainer's pid and start token in the run's record, so another engine can tell it
   * still runs even when this engine is gone. The token is read at once where that is cheap
   * (Linux), else looked up and written when it arrives.
   */
  const recordTrainer = (runId: number, a: ActiveRun): void => {
    const pid = a.proc.pid
    if (a.trainerRecorded || pid === undefined) return
    a.trainerRecorded = true
    const now = startTokenNow(pid)
    store.runs.setTrainer(runId, { pid, start: now ?? null })
    if (now !== undefined) return
    void probeProcess(pid).then((probe) => {
      if (!probe.alive || probe.start === null || active.get(runId) !== a) return
      try {
        store.runs.setTrainer(runId, { pid, start: probe.start })
      } catch (err) {
        console.error(`[paramscope] could not record the trainer of run ${runId}:`, err)
      }
    })
  }

  const onMessage = (runId: number, a: ActiveRun, message: TrainerToEngine) => {
    if (!a.trainerRecorded) recordTrainer(runId, a)
    switch (message.type) {
      case 'started':
        a.totalSteps = message.totalSteps
        update(runId, {
          provider: message.provider,
          device: message.device,
          totalSteps: message.totalSteps,
          seed: message.seed
        })
        break
      case 'metrics':
        if (!Array.isArray(message.points)) return
        for (const p of message.points) if (isValidPoint(p)) a.points.push(p)
        scheduleFlush()
        break
      case 'progress':
        a.step = message.step
        a.totalSteps = message.totalSteps
        scheduleFlush()
        a.announce.call({ ...store.runs.get(runId)!, step: a.step, totalSteps: a.totalSteps })
        break
      case 'done':
        a.done = { status: message.status, message: message.message }
        break
    }
  }

  const onExit = (runId: number, a: ActiveRun, code: number | null, signal: string | null) => {
    if (a.killTimer) clearTimeout(a.killTimer)
    flushRun(runId, a)
    a.announce.flush()
    active.delete(runId)
    let status: Run['status']
    let message: string | null
    if (a.done) {
      status = a.done.status
      message = a.done.message ?? null
    } else if (a.cancelRequested) {
      status = 'cancelled'
      message = `Cancelled; the trainer did not stop within ${options.cancelGraceMs} ms and was killed`
    } else {
      status = 'crashed'
      message = signal
        ? `The trainer process was killed by ${signal}`
        : `The trainer process exited with code ${code} before reporting a result`
    }
    const final = update(runId, { status, statusMessage: message, endedAt: Date.now(), exitCode: code, exitSignal: signal, step: a.step })
    store.logs.append(runId, 'engine', `[paramscope] run ${final.status}${message ? `: ${message}` : ''}\n`)
    events.emit('run.log', { runId, text: `[paramscope] run ${final.status}${message ? `: ${message}` : ''}\n` })
  }

  return {
    /** Launches the trainer for a queued run; the run is `running` once the process exists. */
    launch(run: Run, job: TrainerJob): Run {
      const proc = launcher.launch({ entry: options.trainerEntry, serviceName: `paramscope-run-${run.id}` })
      let resolveExit!: () => void
      const a: ActiveRun = {
        proc,
        points: [],
        logs: [],
        step: 0,
        totalSteps: null,
        cancelRequested: false,
        exited: new Promise<void>((r) => (resolveExit = r)),
        announce: throttle<Run>(250, (r) => events.emit('run.updated', r)),
        trainerRecorded: false
      }
      active.set(run.id, a)
      proc.onMessage((m) => onMessage(run.id, a, m))
      proc.onOutput((stream, text) => {
        a.logs.push({ stream, text })
        scheduleFlush()
      })
      proc.onExit((code, signal) => {
        onExit(run.id, a, code, signal)
        resolveExit()
      })
      proc.send({ type: 'start', job })
      return store.transaction(() => {
        recordTrainer(run.id, a)
        return update(run.id, { status: 'running', startedAt: Date.now() })
      })
    },

    /** Asks the trainer to stop; kills it if it is still there after the grace period. */
    cancel(runId: number): boolean {
      const a = active.get(runId)
      if (!a) return false
      if (!a.cancelRequested) {
        a.cancelRequested = true
        a.proc.send({ type: 'cancel' })
        a.killTimer = setTimeout(() => a.proc.kill('SIGKILL'), options.cancelGraceMs)
      }
      return true
    },

    isActive: (runId: number) => active.has(runId),
    pid: (runId: number) => active.get(runId)?.proc.pid,

    /** Cancels every active run and waits for the processes to end. */
    async shutdown(): Promise<void> {
      const waits = [...active.entries()].map(([id, a]) => {
        this.cancel(id)
        return a.exited
      })
      await Promise.all(waits)
      if (flushTimer) clearTimeout(flushTimer)
    }
  }
}

export type Supervisor = ReturnType<typeof createSupervisor>
