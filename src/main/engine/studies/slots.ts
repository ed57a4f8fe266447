import { availableParallelism, cpus } from 'node:os'
import type { DeviceSlot } from '../../../shared/schemas/studies'
import type { Gpu } from '../devices/gpus'
import type { DeviceAssignment } from '../trainers/protocol'

/** What a trial takes while it runs: one GPU, or its threads of the CPU's budget. */
export interface TrialNeed {
  gpu: boolean
  threads: number
}

export interface SlotHolder {
  studyId: number
  trialId: number
}

/**
 * The engine's device slots, shared by every study it runs: the CPU with a thread budget, and
 * each GPU. A CPU trial holds its `runtime.threads` and starts only while the budget holds (one
 * asking for more than the whole budget starts only on an idle CPU, alone); a GPU trial holds a
 * whole GPU.
 */
export interface DeviceSlots {
  /** What a trial of this config needs, read as its trainer will: `runtime.device` against the providers. */
  need(config: Readonly<Record<string, unknown>>): TrialNeed
  /** Gives the trial a free slot, or null when none fits now; the trial holds it until `release`. */
  take(need: TrialNeed, holder: SlotHolder): DeviceAssignment | null
  /** Names the run the trial's slot serves. */
  bind(trialId: number, runId: number): void
  release(trialId: number): void
  list(): DeviceSlot[]
}

/**
 * The CPU threads trials share: the option when given, else `PARAMSCOPE_THREADS` when it is a
 * whole number ≥ 1, else the machine's cores.
 */
export function defaultThreadBudget(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PARAMSCOPE_THREADS)
  return Number.isInteger(n) && n >= 1 ? n : availableParallelism()
}

/** A GPU's slot id, as trials record it: nvidia-smi's index for NVIDIA, else the provider's adapter. */
export const gpuSlotId = (gpu: Gpu): string => `${gpu.provider}:${gpu.index}`

function assignmentFor(gpu: Gpu): DeviceAssignment {
  // With CUDA_VISIBLE_DEVICES the process sees its GPU alone, as CUDA device 0.
  if (gpu.vendor === 'nvidia') return { slot: gpuSlotId(gpu), deviceId: 0, env: { CUDA_VISIBLE_DEVICES: String(gpu.index) } }
  return { slot: gpuSlotId(gpu), deviceId: gpu.index, env: {} }
}

export function createDeviceSlots(o: { threadBudget: number; gpus: readonly Gpu[]; providers: readonly string[] }): DeviceSlots {
  const accelerators = o.providers.filter((p) => p !== 'cpu')
  const held = new Map<number, { holder: SlotHolder; runId: number | null; slot: string; threads: number }>()
  const onCpu = () => [...held.values()].filter((h) => h.slot === 'cpu')

  return {
    need(config) {
      const device = typeof config['runtime.device'] === 'string' ? config['runtime.device'] : 'auto'
      const threads = config['runtime.threads']
      // As the trainer resolves it (onnx/session.ts): 'auto' takes an accelerator if any, a named one only if present.
      const accelerated = device !== 'cpu' && (device === 'auto' ? accelerators.length > 0 : accelerators.includes(device))
      return { gpu: accelerated && o.gpus.length > 0, threads: typeof threads === 'number' && Number.isInteger(threads) && threads >= 1 ? threads : 1 }
    },
    take(need, holder) {
      if (held.has(holder.trialId)) throw new Error(`trial ${holder.trialId} already holds a slot`)
      if (need.gpu) {
        const taken = new Set([...held.values()].map((h) => h.slot))
        const gpu = o.gpus.find((g) => !taken.has(gpuSlotId(g)))
        if (!gpu) return null
        held.set(holder.trialId, { holder, runId: null, slot: gpuSlotId(gpu), threads: 0 })
        return assignmentFor(gpu)
      }
      const cpu = onCpu()
      const used = cpu.reduce((n, h) => n + h.threads, 0)
      if (cpu.length > 0 && used + need.threads > o.threadBudget) return null
      held.set(holder.trialId, { holder, runId: null, slot: 'cpu', threads: need.threads })
      return { slot: 'cpu', deviceId: null, env: {} }
    },
    bind(trialId, runId) {
      const h = held.get(trialId)
      if (h) h.runId = runId
    },
    release: (trialId) => void held.delete(trialId),
    list() {
      const busy = (slot: string) => [...held.values()].filter((h) => h.slot === slot).map((h) => ({ ...h.holder, runId: h.runId }))
      const cpu: DeviceSlot = {
        id: 'cpu',
        kind: 'cpu',
        name: cpus()[0]?.model?.trim() || 'CPU',
        threads: o.threadBudget,
        threadsInUse: onCpu().reduce((n, h) => n + h.threads, 0),
        busy: busy('cpu')
      }
      const gpus = o.gpus.map((g): DeviceSlot => ({ id: gpuSlotId(g), kind: 'gpu', name: g.name, ...(g.memoryBytes ? { memory: g.memoryBytes } : {}), busy: busy(gpuSlotId(g)) }))
      return [cpu, ...gpus]
    }
  }
}
