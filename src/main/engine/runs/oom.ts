import { readFileSync } from 'node:fs'
import type { StatusReason } from '../../../shared/api'
import { formatBytes } from '../../../shared/format-bytes'
import { machineMemory, type MachineMemory } from './memory-check'

type Read = (path: string) => string
const readText: Read = (path) => readFileSync(path, 'utf8')

/** Where the kernel counts the processes its out-of-memory killer ended: cgroup v2, then v1. */
const OOM_COUNTERS = ['/sys/fs/cgroup/memory.events', '/sys/fs/cgroup/memory/memory.oom_control']

/** Processes of this cgroup the out-of-memory killer has ended so far, or null where no counter is readable. */
export function oomKills(read: Read = readText): number | null {
  for (const path of OOM_COUNTERS) {
    try {
      const m = /^oom_kill (\d+)$/m.exec(read(path))
      if (m) return Number(m[1])
    } catch {
      // Not this cgroup version, or not Linux.
    }
  }
  return null
}

/** The peak resident memory of a process (VmHWM), or null where /proc does not say. */
export function peakRss(pid: number, read: Read = readText): number | null {
  try {
    const m = /^VmHWM:\s+(\d+) kB$/m.exec(read(`/proc/${pid}/status`))
    return m ? Number(m[1]) * 1024 : null
  } catch {
    return null
  }
}

export interface MemoryWatch {
  /**
   * Stops watching; for a trainer that died without reporting a result, how memory explains it:
   * the kernel's out-of-memory killer counted a kill meanwhile, or the trainer was SIGKILLed, which
   * nothing in ParamScope does unasked and the out-of-memory killer does. Null otherwise.
   */
  end(code: number | null, signal: string | null): { message: string; reason: StatusReason } | null
}

export interface WatchOptions {
  /** How often the trainer's peak is read: the last reading is its peak as far as the engine knows. */
  everyMs?: number
  read?: Read
  memory?: () => MachineMemory
}

/** Watches a trainer's memory from its launch: the out-of-memory kills before it, its peak while it runs. */
export function watchMemory(pid: () => number | undefined, estimate: number | undefined, o: WatchOptions = {}): MemoryWatch {
  const read = o.read ?? readText
  const before = oomKills(read)
  let peak: number | null = null
  const sample = () => {
    const id = pid()
    const now = id === undefined ? null : peakRss(id, read)
    if (now !== null) peak = Math.max(peak ?? 0, now)
  }
  const timer = setInterval(sample, o.everyMs ?? 500)
  timer.unref()
  return {
    end(code, signal) {
      clearInterval(timer)
      const after = oomKills(read)
      const killed = before !== null && after !== null && after > before
      if (!killed && signal !== 'SIGKILL') return null
      const memory = (o.memory ?? machineMemory)()
      const values = {
        signal: signal ?? `exit code ${code}`,
        peak: peak === null ? '?' : formatBytes(peak),
        estimate: estimate === undefined ? '?' : formatBytes(estimate),
        available: formatBytes(memory.bytes)
      }
      const figures = `its last measured peak was ${values.peak}; the estimate before start was ${values.estimate} of the ${values.available} available`
      if (killed)
        return { message: `The system ran out of memory: the kernel's out-of-memory killer ended the trainer (${values.signal}); ${figures}`, reason: { rule: 'outOfMemory', values } }
      return { message: `The trainer process was killed by SIGKILL, most likely by the kernel because the system ran out of memory; ${figures}`, reason: { rule: 'likelyOutOfMemory', values } }
    }
  }
}
