import type { MetricPoint, Run, StatusReason } from '../../../shared/api'
import type { EventBus } from '../events'
import type { RunPatch, Store } from '../store'
import { formatBytes } from '../../../shared/format-bytes'
import { formatMessage, isCodedMessage, msg, reasonMessage, type CodedMessage, type MessageValue } from '../../../shared/messages'
import { codedLogLine } from '../../../shared/messages/log-lines'
import { type DiskReserve, diskFullError, diskFullText, diskSpace, isDiskFull } from './disk-space'
import type { FinalStatus, TrainerJob, TrainerToEngine } from '../trainers/protocol'
import { isValidPoint, throttle, toSeries } from './ingest'
import type { Launcher, TrainerProcess } from './launcher'
import { type MemoryWatch, watchMemory } from './oom'
import { probeProcess, startTokenNow } from './process-identity'
import { createSystemSampler, type SystemSampler } from './system-metrics'
import { gpuLabel, nvidiaIndexOf, type Gpu } from '../devices/gpus'

export interface SupervisorOptions {
  store: Store
  launcher: Launcher
  events: EventBus
  trainerEntry: string
  /** Milliseconds between a cancel request and SIGKILL. */
  cancelGraceMs: number
  /** How often buffered metrics and logs are written, in one transaction. */
  flushMs?: number
  /** How often writes that failed (a full disk, a locked file) are tried again. */
  retryMs?: number
  /** The data folder: named when its disk is full, and where free space is measured. */
  dataDir: string
  /** Given back when the disk is full, so that how a run ended can still be written. */
  reserve?: DiskReserve
  /** The machine's GPU slots: a run placed on one records it by name ('cuda:0 (NVIDIA H200)'). */
  gpus?: readonly Gpu[]
  /** Samples the sys/* metrics of every run's process tree and GPU; one with the defaults when absent. */
  system?: SystemSampler
  /** Bytes of output a run's stored log keeps: its first and last half, with a note of the cut. */
  logCapBytes?: number
}

/** A run's stored log past this keeps its first and last 16 MiB (metrics still see every line). */
export const DEFAULT_LOG_CAP_BYTES = 32 * 1024 * 1024

/** Consecutive output of one stream as one piece: one append, one look at the log's cap. */
function mergeLogs(logs: { stream: 'stdout' | 'stderr'; text: string }[]): { stream: 'stdout' | 'stderr'; text: string }[] {
  const merged: { stream: 'stdout' | 'stderr'; text: string }[] = []
  for (const l of logs) {
    const last = merged.at(-1)
    if (last && last.stream === l.stream) last.text += l.text
    else merged.push({ ...l })
  }
  return merged
}

/**
 * Points a run keeps in memory while they cannot be written; past this the oldest are dropped
 * and counted, so a trainer that will not stop cannot fill the engine's memory either.
 */
export const MAX_KEPT_POINTS = 200_000
const MAX_KEPT_LOG_CHARS = 1_000_000

interface ActiveRun {
  proc: TrainerProcess
  /** Points and output received and not written yet: new ones, and any a failed write left. */
  points: MetricPoint[]
  logs: { stream: 'stdout' | 'stderr'; text: string }[]
  /** Fields of the run's record still to write, with the next batch. */
  patch: RunPatch
  step: number
  totalSteps: number | null
  done?: { status: FinalStatus; message?: string; reason?: CodedMessage }
  cancelRequested: boolean
  /** A write of this run found the disk full: the trainer is stopped and the run fails, saying so. */
  diskFull: boolean
  /** Points dropped because more than MAX_KEPT_POINTS waited to be written. */
  droppedPoints: number
  /** The last write failed; its error was reported once. */
  writeFailing: boolean
  killTimer?: NodeJS.Timeout
  exited: Promise<void>
  announce: ReturnType<typeof throttle<Run>>
  /** The trainer's pid is in the run's record (a launcher may know it only once the process runs). */
  trainerRecorded: boolean
  /** Tells an out-of-memory death from other crashes. */
  memory: MemoryWatch
  /** The GPU slot a scheduler gave the run ('cuda:1'), recorded as its device when the trainer computes on it. */
  gpuSlot: string | null
  /** Milliseconds between a cancel request and SIGKILL for this run. */
  graceMs: number
  /** The GPU whose use is sampled: nvidia-smi's index, 'any' (the one the run's processes are seen on), or none. */
  sysGpu: number | 'any' | null
  /** Stops sampling the run's sys/* metrics. */
  unwatch: () => void
}

/** A run whose process is not the trainer entry: a command trainer, started by `start`, with its own grace period. */
export interface CustomLaunch {
  start(): TrainerProcess
  graceMs: number
}

/** How a run ended, not yet written: the store refused it (a full disk), so it is tried again. */
interface PendingEnd {
  patch: RunPatch
  line: string
}

/**
 * Owns trainer processes: launches them, batches what they send into transactions, pushes
 * throttled events, and records truthfully how each one ended, whatever happened to it. A write
 * that fails never takes the engine down: what it held stays in memory and is tried again, and a
 * full disk stops the run as `failed`, saying so and counting the points it could not keep.
 */
export function createSupervisor(options: SupervisorOptions) {
  const { store, launcher, events } = options
  const flushMs = options.flushMs ?? 100
  const retryMs = options.retryMs ?? 1000
  const logCapBytes = options.logCapBytes ?? DEFAULT_LOG_CAP_BYTES
  const active = new Map<number, ActiveRun>()
  const gpus = options.gpus ?? []
  const system = options.system ?? createSystemSampler()
  const pendingEnds = new Map<number, PendingEnd>()
  let flushTimer: NodeJS.Timeout | undefined

  const scheduleFlush = (delay = flushMs) => {
    flushTimer ??= setTimeout(flushAll, delay)
  }

  /** Keeps what a failed write held, within bounds: the oldest points and output go first. */
  const keepWithinBounds = (a: ActiveRun) => {
    const excess = a.points.length - MAX_KEPT_POINTS
    if (excess > 0) {
      a.points.splice(0, excess)
      a.droppedPoints += excess
    }
    let chars = a.logs.reduce((n, l) => n + l.text.length, 0)
    while (chars > MAX_KEPT_LOG_CHARS && a.logs.length > 1) chars -= a.logs.shift()!.text.length
  }

  const onWriteFailure = (runId: number, a: ActiveRun, err: unknown) => {
    if (!a.writeFailing) {
      a.writeFailing = true
      console.error(`[paramscope] could not record output of run ${runId}; keeping it to try again:`, err)
    }
    if (isDiskFull(err) && !a.diskFull) {
      a.diskFull = true
      events.emit('run.log', { runId, text: `[paramscope] the disk of the data folder ${options.dataDir} is full; stopping the trainer\n` })
      stop(a)
    }
    scheduleFlush(retryMs)
  }

  /** Writes what the run has waiting in one transaction; on failure keeps it for the next try. */
  const flushRun = (runId: number, a: ActiveRun): void => {
    const points = a.points
    const logs = a.logs
    const patch: RunPatch = { ...a.patch, step: a.step, totalSteps: a.totalSteps }
    if (points.length === 0 && logs.length === 0 && Object.keys(a.patch).length === 0) return
    let run: Run
    try {
      run = store.transaction(() => {
        if (points.length) store.metrics.append(runId, points)
        for (const l of mergeLogs(logs)) store.logs.append(runId, l.stream, l.text, logCapBytes)
        return store.runs.update(runId, patch)
      })
    } catch (err) {
      keepWithinBounds(a)
      onWriteFailure(runId, a, err)
      return
    }
    // Nothing arrives while the transaction runs (it is synchronous): all of it was written.
    a.points = []
    a.logs = []
    a.patch = {}
    a.writeFailing = false
    if (points.length) events.emit('run.metrics', { runId, series: toSeries(points) })
    if (logs.length) events.emit('run.log', { runId, text: logs.map((l) => l.text).join('') })
    a.announce.call(run)
  }

  /** Writes how a run ended with its last log line; gives back the disk reserve if that is what it takes. */
  const writeEnd = (runId: number, end: PendingEnd): Run | undefined => {
    const write = () =>
      store.transaction(() => {
        const run = store.runs.update(runId, end.patch)
        store.logs.append(runId, 'engine', end.line)
        return run
      })
    try {
      return write()
    } catch (err) {
      if (isDiskFull(err) && options.reserve?.release()) {
        console.error(`[paramscope] the disk of ${options.dataDir} is full; gave back the reserve file to record how run ${runId} ended`)
        try {
          return write()
        } catch {
          // Still full: tried again below, until the engine closes.
        }
      }
      if (!pendingEnds.has(runId)) console.error(`[paramscope] could not record how run ${runId} ended; trying again:`, err)
      return undefined
    }
  }

  const flushAll = () => {
    flushTimer = undefined
    for (const [id, a] of active) flushRun(id, a)
    for (const [id, end] of pendingEnds) {
      const run = writeEnd(id, end)
      if (!run) continue
      pendingEnds.delete(id)
      events.emit('run.updated', run)
    }
    if (pendingEnds.size > 0) scheduleFlush(retryMs)
  }

  /**
   * Puts the trainer's pid and start token in the run's record, so another engine can tell it
   * still runs even when this engine is gone. The token is read at once where that is cheap
   * (Linux), else looked up and written when it arrives. Throws when the write fails.
   */
  const recordTrainer = (runId: number, a: ActiveRun): void => {
    const pid = a.proc.pid
    if (a.trainerRecorded || pid === undefined) return
    const now = startTokenNow(pid)
    store.runs.setTrainer(runId, { pid, start: now ?? null })
    a.trainerRecorded = true
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
    if (!a.trainerRecorded) {
      try {
        recordTrainer(runId, a)
      } catch (err) {
        onWriteFailure(runId, a, err)
      }
    }
    switch (message.type) {
      case 'started': {
        a.totalSteps = message.totalSteps
        // A placed run's trainer sees its GPU alone, as device 0: the record names the machine's GPU.
        const onSlot = a.gpuSlot !== null && message.provider !== 'cpu'
        Object.assign(a.patch, { provider: message.provider, device: onSlot ? gpuLabel(gpus, a.gpuSlot!) : message.device, seed: message.seed })
        // An unplaced CUDA run is on whichever GPU its process is seen on.
        a.sysGpu = onSlot ? nvidiaIndexOf(gpus, a.gpuSlot!) : message.provider === 'cuda' ? 'any' : null
        flushRun(runId, a)
        break
      }
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
        a.done = { status: message.status, message: message.message, reason: isCodedMessage(message.reason) ? message.reason : undefined }
        break
    }
  }

  /** The end of a run whose disk filled up: it failed, and says where and what was lost. */
  const diskFullEnd = (a: ActiveRun, unsaved: number): { message: string; reason: StatusReason } => {
    const dir = options.dataDir
    let free = '?'
    try {
      free = formatBytes(diskSpace(dir).freeBytes)
    } catch {
      // The folder cannot be measured: say so with '?'.
    }
    const lost = unsaved > 0 ? `${unsaved} metric points could not be written` : 'every metric point received was written'
    const trainerSaid = !a.diskFull && a.done?.message ? ` (the trainer reported: ${a.done.message})` : ''
    return {
      message: `Disk full: the data folder ${dir} has ${free} free, so the run was stopped; ${lost}${trainerSaid}`,
      reason: { rule: 'diskFull', values: { dir, free, unsaved } }
    }
  }

  const onExit = (runId: number, a: ActiveRun, code: number | null, signal: string | null) => {
    if (a.killTimer) clearTimeout(a.killTimer)
    a.unwatch()
    flushRun(runId, a)
    a.announce.flush()
    active.delete(runId)
    const outOfMemory = a.memory.end(code, signal)
    let status: Run['status']
    let message: string | null
    let reason: StatusReason | null = null
    const unsaved = a.points.length + a.droppedPoints
    if (a.diskFull || (a.done?.status === 'failed' && diskFullText(a.done.message ?? ''))) {
      status = 'failed'
      ;({ message, reason } = diskFullEnd(a, unsaved))
    } else if (a.done) {
      status = a.done.status
      message = a.done.message ?? null
      if (a.done.reason) reason = { rule: a.done.reason.code, values: a.done.reason.values ?? {} }
    } else if (a.cancelRequested) {
      status = 'cancelled'
      reason = { rule: 'cancelKilled', values: { ms: a.graceMs } }
      message = formatMessage('en', msg('reasons.cancelKilled', reason.values))
    } else if (outOfMemory) {
      status = 'crashed'
      ;({ message, reason } = outOfMemory)
    } else {
      status = 'crashed'
      reason = signal ? { rule: 'killed', values: { signal } } : { rule: 'exited', values: { code: String(code) } }
      message = formatMessage('en', reasonMessage(reason)!)
    }
    if (unsaved > 0 && !['diskFull', 'outOfMemory', 'likelyOutOfMemory'].includes(reason?.rule ?? '')) {
      const said: MessageValue = (reason && reasonMessage(reason)) ?? message ?? msg(`status.${status}`)
      reason = { rule: 'pointsLost', values: { message: said, unsaved } }
      message = formatMessage('en', reasonMessage(reason)!)
    }
    const why = (reason && reasonMessage(reason)) ?? message
    const line = `${codedLogLine(why ? msg('log.runEndedBecause', { status: msg(`status.${status}`), message: why }) : msg('log.runEnded', { status: msg(`status.${status}`) }))}\n`
    const end: PendingEnd = {
      patch: { ...a.patch, status, statusMessage: message, statusReason: reason, endedAt: Date.now(), exitCode: code, exitSignal: signal, step: a.step, totalSteps: a.totalSteps },
      line
    }
    const written = writeEnd(runId, end)
    if (!written) {
      pendingEnds.set(runId, end)
      scheduleFlush(retryMs)
    }
    // Windows and followers learn the end now, written or not yet.
    let shown = written
    try {
      shown ??= { ...store.runs.get(runId)!, ...end.patch }
    } catch {
      // Not even readable: the event is skipped, the record is tried again.
    }
    if (shown) events.emit('run.updated', shown)
    events.emit('run.log', { runId, text: line })
  }

  /** Samples the run's process tree and GPU as sys/* points, written with its other metrics. */
  const watchSystem = (runId: number, a: ActiveRun, startedAt: number) => {
    let seenOn: string | undefined
    return system.watch(runId, {
      pid: () => a.proc.pid,
      startedAt,
      gpu: () => a.sysGpu,
      points(points) {
        a.points.push(...points)
        scheduleFlush()
      },
      gpuSeen(index) {
        const device = gpuLabel(gpus, `cuda:${index}`)
        if (seenOn === device) return
        seenOn = device
        Object.assign(a.patch, { provider: 'cuda', device })
        scheduleFlush()
      },
      log(message) {
        a.logs.push({ stream: 'stderr', text: `${codedLogLine(message)}\n` })
        scheduleFlush()
      }
    })
  }

  /** Asks the trainer to stop; kills it if it is still there after the grace period. */
  const stop = (a: ActiveRun) => {
    if (a.cancelRequested) return
    a.cancelRequested = true
    a.proc.send({ type: 'cancel' })
    a.killTimer = setTimeout(() => a.proc.kill('SIGKILL'), a.graceMs)
  }

  return {
    /**
     * Launches the trainer for a queued run; the run is `running` once the process exists. When
     * that cannot be recorded the process is stopped before it has its job, and the call throws.
     */
    launch(run: Run, job: TrainerJob, custom?: CustomLaunch): Run {
      // The device slot's environment (CUDA_VISIBLE_DEVICES for an NVIDIA GPU) is the process's own.
      const proc = custom
        ? custom.start()
        : launcher.launch({ entry: options.trainerEntry, serviceName: `paramscope-run-${run.id}`, ...(job.device ? { env: job.device.env } : {}) })
      let resolveExit!: () => void
      const a: ActiveRun = {
        proc,
        points: [],
        logs: [],
        patch: {},
        step: 0,
        totalSteps: null,
        cancelRequested: false,
        diskFull: false,
        droppedPoints: 0,
        writeFailing: false,
        exited: new Promise<void>((r) => (resolveExit = r)),
        announce: throttle<Run>(250, (r) => events.emit('run.updated', r)),
        trainerRecorded: false,
        memory: watchMemory(() => proc.pid, job.memoryEstimate),
        gpuSlot: job.device && job.device.slot !== 'cpu' ? job.device.slot : null,
        graceMs: custom?.graceMs ?? options.cancelGraceMs,
        sysGpu: null,
        unwatch: () => {}
      }
      if (custom) {
        // A command says nothing of its device: a GPU slot is its GPU, else it runs on the CPU
        // until its processes are seen holding memory on a GPU.
        const slot = a.gpuSlot
        a.patch.provider = slot ? slot.split(':')[0] : 'cpu'
        a.patch.device = slot ? gpuLabel(gpus, slot) : 'cpu'
        a.sysGpu = slot ? nvidiaIndexOf(gpus, slot) : 'any'
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
      let started: Run
      try {
        started = store.transaction(() => {
          recordTrainer(run.id, a)
          return store.runs.update(run.id, { status: 'running', startedAt: Date.now(), ...a.patch })
        })
        a.patch = {}
      } catch (err) {
        a.cancelRequested = true
        a.diskFull = isDiskFull(err)
        if (!a.diskFull) {
          const reason = msg('reasons.startNotRecorded', { error: err instanceof Error ? err.message : String(err) })
          a.done = { status: 'failed', message: formatMessage('en', reason), reason }
        }
        proc.kill('SIGKILL')
        if (a.diskFull) throw diskFullError(options.dataDir)
        throw err
      }
      a.unwatch = watchSystem(run.id, a, started.startedAt ?? Date.now())
      proc.send({ type: 'start', job })
      events.emit('run.updated', started)
      return started
    },

    /** Asks the trainer to stop; kills it if it is still there after the grace period. */
    cancel(runId: number): boolean {
      const a = active.get(runId)
      if (!a) return false
      stop(a)
      return true
    },

    isActive: (runId: number) => active.has(runId),
    /** Resolves once the run's trainer has exited and how it ended is recorded (at once when none is active). */
    ended: (runId: number): Promise<void> => active.get(runId)?.exited ?? Promise.resolve(),
    pid: (runId: number) => active.get(runId)?.proc.pid,

    /** Cancels every active run, waits for the processes to end, and tries once more to record what waits. */
    async shutdown(): Promise<void> {
      const waits = [...active.values()].map((a) => {
        stop(a)
        return a.exited
      })
      await Promise.all(waits)
      if (flushTimer) clearTimeout(flushTimer)
      flushTimer = undefined
      if (pendingEnds.size > 0) flushAll()
      if (flushTimer) clearTimeout(flushTimer)
      for (const id of pendingEnds.keys()) console.error(`[paramscope] run ${id} ended, but that could not be recorded: the disk is still full`)
      pendingEnds.clear()
    }
  }
}

export type Supervisor = ReturnType<typeof createSupervisor>
