import { execFile } from 'node:child_process'

/** A GPU the engine can give to one trial at a time. */
export interface Gpu {
  /** The index CUDA (and nvidia-smi) numbers it by, or the provider's adapter index. */
  index: number
  name: string
  /** Total memory in bytes, when the driver says. */
  memoryBytes?: number
  /** Who found it: nvidia-smi, or an onnxruntime execution provider (cuda, dml, coreml, webgpu). */
  vendor: 'nvidia' | 'provider'
  /** The execution provider a built-in trainer uses on it. */
  provider: string
}

/**
 * Reads `nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader,nounits`: one line
 * per GPU, memory in MiB. Lines that do not parse (warnings, "[N/A]", an empty line) are skipped,
 * and a name with commas in it is kept whole.
 */
export function parseNvidiaSmi(text: string): Gpu[] {
  const gpus: Gpu[] = []
  for (const line of text.split(/\r?\n/)) {
    const fields = line.split(',').map((f) => f.trim())
    if (fields.length < 3) continue
    const index = Number(fields[0])
    if (fields[0] === '' || !Number.isInteger(index) || index < 0) continue
    const name = fields.slice(1, -1).join(', ')
    if (name === '') continue
    // "81920", or "81920 MiB" when asked without nounits; "[N/A]" (a MIG slice, some drivers) is unknown.
    const memory = /^(\d+(?:\.\d+)?)(?:\s*MiB)?$/i.exec(fields[fields.length - 1])
    const gpu: Gpu = { index, name, vendor: 'nvidia', provider: 'cuda' }
    if (memory && Number(memory[1]) > 0) gpu.memoryBytes = Math.round(Number(memory[1]) * 1024 * 1024)
    if (!gpus.some((g) => g.index === index)) gpus.push(gpu)
  }
  return gpus.sort((a, b) => a.index - b.index)
}

export const NVIDIA_SMI_ARGS = ['--query-gpu=index,name,memory.total', '--format=csv,noheader,nounits']

/**
 * NVIDIA GPUs through nvidia-smi, run without a shell and with a short timeout. No binary, a
 * driver that does not answer or output that does not parse all mean: no NVIDIA GPUs.
 */
export function detectNvidiaGpus(options: { command?: string; timeoutMs?: number } = {}): Promise<Gpu[]> {
  return new Promise((resolve) => {
    try {
      execFile(options.command ?? 'nvidia-smi', NVIDIA_SMI_ARGS, { timeout: options.timeoutMs ?? 5000, windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
        resolve(err ? [] : parseNvidiaSmi(stdout))
      })
    } catch {
      resolve([])
    }
  })
}

/**
 * The GPUs trials are placed on: NVIDIA's from nvidia-smi; where there are none, one per
 * accelerator an onnxruntime provider reports (DirectML, CoreML, WebGPU, or CUDA without
 * nvidia-smi), as adapter 0, since the providers do not enumerate their adapters.
 */
export function gpuSlotsFrom(nvidia: readonly Gpu[], providers: readonly string[]): Gpu[] {
  if (nvidia.length > 0) return [...nvidia]
  const accelerator = providers.find((p) => p !== 'cpu')
  return accelerator ? [{ index: 0, name: accelerator, vendor: 'provider', provider: accelerator }] : []
}

/**
 * How a run records the GPU it computes on: the slot id with the GPU's name, 'cuda:0 (NVIDIA
 * H200)'; the slot id alone when the GPU is not among those known.
 */
export function gpuLabel(gpus: readonly Gpu[], slot: string): string {
  const gpu = gpus.find((g) => `${g.provider}:${g.index}` === slot)
  return gpu && gpu.name !== gpu.provider ? `${slot} (${gpu.name})` : slot
}

/** nvidia-smi's index of an NVIDIA GPU slot ('cuda:1' → 1), null for a CPU or another vendor's slot. */
export function nvidiaIndexOf(gpus: readonly Gpu[], slot: string): number | null {
  const m = /^cuda:(\d+)$/.exec(slot)
  if (!m) return null
  const known = gpus.find((g) => `${g.provider}:${g.index}` === slot)
  return known && known.vendor !== 'nvidia' ? null : Number(m[1])
}
