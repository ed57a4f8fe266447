import type { MetricPoint } from '../../../shared/api'
import { msg, type CodedMessage } from '../../../shared/messages'
import { createTreeMeter, readProcesses, type ProcessTable } from '../devices/process-tree'
import { queryNvidiaUsage, type NvidiaFailure, type NvidiaUsage } from '../devices/nvidia-usage'

/**
 * The system metrics of a run, on a time axis: their step is the whole seconds since the run's
 * trainer started, not a training step. Each is skipped where the platform or the driver does
 * not tell it.
 */
export const SYS_METRICS = {
  /** CPU of the trainer's process tree, summed: 100 = one core busy. */
  cpu: 'sys/cpu_percent',
  /** Resident memory of the trainer's process tree, MB (10^6 bytes). */
  memory: 'sys/memory_mb',
  /** Utilisation of the run's GPU, percent (nvidia-smi's utilization.gpu). */
  gpuUtil: 'sys/gpu_util_percent',
  /** Memory used on the run's GPU by every process, MiB (nvidia-smi's memory.used). */
  gpuMemory: 'sys/gpu_memory_mb',
  /** Memory the trainer's process tree holds on its GPU, MiB (nvidia-smi's compute apps, matched by pid). */
  gpuProcessMemory: 'sys/gpu_process_memory_mb'
} as const

export const SYS_PREFIX = 'sys/'
export const DEFAULT_SYS_INTERVAL_MS = 5000

export interface SystemSamplerOptions {
  /** Milliseconds between samples; default `PARAMSCOPE_SYS_INTERVAL_MS` when set, else 5000. 0 turns sampling off. */
  intervalMs?: number
  /** The nvidia-smi to ask (a path or a name on PATH); null never asks. Default 'nvidia-smi'. */
  nvidiaSmi?: string | null
  /** How long one nvidia-smi query may take before the runs waiting on it stop asking; default 3000 ms. */
  nvidiaTimeoutMs?: number
  /** The machine's processes; the platform's reader by default. */
  readProcesses?: () => Promise<ProcessTable | null>
}

/** What the sampler needs of one run. */
export interface SampledRun {
  /** The trainer's pid, once it has one. */
  pid(): number | undefined
  /** When the trainer was launched (ms since the epoch): step 0 of the sys series. */
  startedAt: number
  /**
   * nvidia-smi's index of the run's GPU; 'any' for a run whose GPU is not known beforehand (the
   * one its processes hold memory on is sampled); null for none.
   */
  gpu(): number | 'any' | null
  points(points: MetricPoint[]): void
  /** For a run on 'any' GPU: the GPU its processes were seen holding memory on (nvidia-smi's index). */
  gpuSeen?(index: number): void
  /** A line for the run's log, coded (GPU sampling stopped). */
  log(message: CodedMessage): void
}

interface Watched {
  run: SampledRun
  meter: ReturnType<typeof createTreeMeter>
  /** nvidia-smi failed or hung while this run was waiting on it: it is not asked again for this run. */
  gpuOff: boolean
}

/** The interval from the environment: `PARAMSCOPE_SYS_INTERVAL_MS`, a whole number ≥ 0; else the default. */
export function sysIntervalFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PARAMSCOPE_SYS_INTERVAL_MS)
  return env.PARAMSCOPE_SYS_INTERVAL_MS !== undefined && env.PARAMSCOPE_SYS_INTERVAL_MS !== '' && Number.isInteger(n) && n >= 0 ? n : DEFAULT_SYS_INTERVAL_MS
}

const MB = 1e6

/**
 * Samples every running trainer's process tree, and the GPUs, on one timer: the process table is
 * read once and nvidia-smi asked once per interval for all runs. A sample never blocks a run: a
 * tick still waiting when the next one is due is skipped, and a failing or slow nvidia-smi turns
 * GPU sampling off for the runs that waited on it (and for good when there is no nvidia-smi).
 */
export function createSystemSampler(options: SystemSamplerOptions = {}) {
  const intervalMs = options.intervalMs ?? sysIntervalFromEnv()
  const timeoutMs = options.nvidiaTimeoutMs ?? 3000
  const read = options.readProcesses ?? (() => readProcesses())
  let nvidiaSmi = options.nvidiaSmi === undefined ? 'nvidia-smi' : options.nvidiaSmi
  const watched = new Map<number, Watched>()
  let timer: NodeJS.Timeout | undefined
  let soon: NodeJS.Timeout | undefined
  let busy = false
  let tableFailedLogged = false

  const tick = async () => {
    if (busy || watched.size === 0) return
    busy = true
    try {
      await sample()
    } catch (err) {
      console.error('[paramscope] system metrics sample failed:', err)
    } finally {
      busy = false
    }
  }

  const sample = async () => {
    const runs = [...watched.entries()]
    const asking = runs.filter(([, w]) => !w.gpuOff && w.run.gpu() !== null)
    const [table, nvidia] = await Promise.all([
      read(),
      asking.length > 0 && nvidiaSmi !== null ? queryNvidiaUsage(nvidiaSmi, timeoutMs) : Promise.resolve(null)
    ])
    if (table === null && !tableFailedLogged) {
      tableFailedLogged = true
      console.debug(`[paramscope] the process table of this ${process.platform} machine cannot be read; no CPU or memory metrics for runs`)
    }
    if (nvidia !== null && !('gpus' in nvidia)) gpuFailed(asking, nvidia)
    const now = Date.now()
    for (const [id, w] of runs) {
      if (watched.get(id) !== w) continue
      const usage = table ? w.meter.measure(table, now) : undefined
      const step = Math.max(0, Math.floor((now - w.run.startedAt) / 1000))
      const points: MetricPoint[] = []
      const add = (name: string, value: number | undefined) => {
        if (value !== undefined && Number.isFinite(value)) points.push({ name, step, value: Math.round(value * 100) / 100, time: now })
      }
      if (usage) {
        add(SYS_METRICS.cpu, usage.cpuPercent)
        add(SYS_METRICS.memory, usage.memoryBytes / MB)
      }
      if (nvidia && 'gpus' in nvidia && !w.gpuOff) gpuPoints(w, nvidia, usage?.pids ?? [], add)
      if (points.length > 0) w.run.points(points)
    }
  }

  const gpuFailed = (asking: [number, Watched][], failure: NvidiaFailure) => {
    if (failure.missing) {
      // No nvidia-smi on this machine: nobody asks again.
      nvidiaSmi = null
      return
    }
    for (const [, w] of asking) {
      if (w.gpuOff) continue
      w.gpuOff = true
      w.run.log(msg('system.gpuStopped', { reason: failure.reason }))
    }
  }

  const gpuPoints = (w: Watched, nvidia: NvidiaUsage, pids: number[], add: (name: string, value: number | undefined) => void) => {
    const mine = new Set(pids)
    const held = nvidia.processes.filter((p) => mine.has(p.pid))
    const want = w.run.gpu()
    const gpu =
      want === 'any'
        ? nvidia.gpus.filter((g) => held.some((p) => p.gpuUuid === g.uuid)).sort((a, b) => a.index - b.index)[0]
        : nvidia.gpus.find((g) => g.index === want)
    if (!gpu) return
    if (want === 'any') w.run.gpuSeen?.(gpu.index)
    add(SYS_METRICS.gpuUtil, gpu.utilPercent)
    add(SYS_METRICS.gpuMemory, gpu.memoryUsedMb)
    const onIt = held.filter((p) => p.gpuUuid === gpu.uuid && p.usedMemoryMb !== undefined)
    // Only a tree that holds memory there says how much: an absent process is 0 once the tree is known.
    if (onIt.length > 0) add(SYS_METRICS.gpuProcessMemory, onIt.reduce((n, p) => n + p.usedMemoryMb!, 0))
    else if (pids.length > 0) add(SYS_METRICS.gpuProcessMemory, 0)
  }

  return {
    intervalMs,
    /** Samples `run` until the returned function is called; the first sample comes within a second. */
    watch(runId: number, run: SampledRun): () => void {
      if (intervalMs <= 0) return () => {}
      const w: Watched = { run, meter: createTreeMeter(() => run.pid(), run.startedAt), gpuOff: false }
      watched.set(runId, w)
      if (!timer) {
        timer = setInterval(() => void tick(), intervalMs)
        timer.unref()
      }
      soon ??= setTimeout(() => {
        soon = undefined
        void tick()
      }, Math.min(intervalMs, 1000))
      soon.unref()
      return () => {
        if (watched.get(runId) !== w) return
        watched.delete(runId)
        if (watched.size > 0) return
        clearInterval(timer)
        clearTimeout(soon)
        timer = undefined
        soon = undefined
      }
    }
  }
}

export type SystemSampler = ReturnType<typeof createSystemSampler>
