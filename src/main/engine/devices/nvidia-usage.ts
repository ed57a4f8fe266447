import { execFile } from 'node:child_process'

/** One GPU's state at one moment, from `nvidia-smi --query-gpu`. A value the driver withholds ([N/A]) is absent. */
export interface GpuUsage {
  index: number
  uuid: string
  name: string
  memoryTotalMb?: number
  memoryUsedMb?: number
  utilPercent?: number
}

/** A process holding memory on a GPU, from `nvidia-smi --query-compute-apps`. */
export interface GpuProcess {
  pid: number
  gpuUuid: string
  usedMemoryMb?: number
}

export const GPU_USAGE_FIELDS = ['index', 'uuid', 'name', 'memory.total', 'memory.used', 'utilization.gpu', 'utilization.memory']
export const GPU_PROCESS_FIELDS = ['pid', 'gpu_uuid', 'used_memory']
export const GPU_USAGE_ARGS = [`--query-gpu=${GPU_USAGE_FIELDS.join(',')}`, '--format=csv,noheader,nounits']
export const GPU_PROCESS_ARGS = [`--query-compute-apps=${GPU_PROCESS_FIELDS.join(',')}`, '--format=csv,noheader,nounits']

/** The names nvidia-smi prints in a header for the fields asked by another name. */
const HEADER_ALIASES: Record<string, string> = { used_gpu_memory: 'used_memory', process_name: 'name' }

/**
 * "7119", "7119 MiB", "100 %" → a number; "[N/A]", "[Not Supported]", "N/A" or anything else →
 * undefined, so a value the driver withholds is skipped rather than recorded as 0.
 */
export function smiNumber(text: string | undefined): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)\s*(?:MiB|%)?$/i.exec((text ?? '').trim())
  return m ? Number(m[1]) : undefined
}

/**
 * A `--format=csv` answer as records keyed by field. With a header (asked without `noheader`)
 * the header names the columns; otherwise they are `fields`. Extra commas go to the `name`
 * column, the only one that may hold them. Warnings and blank lines are skipped.
 */
export function parseSmiCsv(text: string, fields: readonly string[]): Record<string, string>[] {
  let columns = [...fields]
  const out: Record<string, string>[] = []
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue
    let cells = line.split(',').map((c) => c.trim())
    const first = cells[0].replace(/\s*\[.*\]$/, '')
    if (!/^\d+$/.test(cells[0])) {
      // A header line ("index, name, memory.total [MiB]") names the columns that follow; other text is a warning.
      const named = cells.map((c) => c.replace(/\s*\[.*\]$/, '')).map((c) => HEADER_ALIASES[c] ?? c)
      if (fields.includes(HEADER_ALIASES[first] ?? first)) columns = named
      continue
    }
    const nameAt = columns.indexOf('name')
    if (cells.length > columns.length && nameAt >= 0) {
      const extra = cells.length - columns.length
      cells = [...cells.slice(0, nameAt), cells.slice(nameAt, nameAt + extra + 1).join(', '), ...cells.slice(nameAt + extra + 1)]
    }
    if (cells.length !== columns.length) continue
    out.push(Object.fromEntries(columns.map((c, i) => [c, cells[i]])))
  }
  return out
}

export function parseGpuUsage(text: string): GpuUsage[] {
  const gpus: GpuUsage[] = []
  for (const r of parseSmiCsv(text, GPU_USAGE_FIELDS)) {
    const index = Number(r.index)
    if (!Number.isInteger(index)) continue
    const gpu: GpuUsage = { index, uuid: r.uuid ?? '', name: r.name ?? '' }
    const total = smiNumber(r['memory.total'])
    const used = smiNumber(r['memory.used'])
    const util = smiNumber(r['utilization.gpu'])
    if (total !== undefined) gpu.memoryTotalMb = total
    if (used !== undefined) gpu.memoryUsedMb = used
    if (util !== undefined) gpu.utilPercent = util
    gpus.push(gpu)
  }
  return gpus
}

export function parseGpuProcesses(text: string): GpuProcess[] {
  const apps: GpuProcess[] = []
  for (const r of parseSmiCsv(text, GPU_PROCESS_FIELDS)) {
    const pid = Number(r.pid)
    if (!Number.isInteger(pid) || pid <= 0) continue
    const app: GpuProcess = { pid, gpuUuid: r.gpu_uuid ?? '' }
    const used = smiNumber(r.used_memory)
    if (used !== undefined) app.usedMemoryMb = used
    apps.push(app)
  }
  return apps
}

export interface NvidiaUsage {
  gpus: GpuUsage[]
  processes: GpuProcess[]
}

/** Why a query gave nothing: no nvidia-smi at all, or one that failed or did not answer in time. */
export type NvidiaFailure = { missing: true } | { missing: false; reason: string }

function smi(command: string, args: string[], timeoutMs: number): Promise<{ out: string } | NvidiaFailure> {
  return new Promise((resolve) => {
    try {
      execFile(command, args, { timeout: timeoutMs, killSignal: 'SIGKILL', windowsHide: true, encoding: 'utf8' }, (err, stdout) => {
        if (!err) return resolve({ out: stdout })
        const e = err as NodeJS.ErrnoException & { killed?: boolean }
        if (e.code === 'ENOENT') return resolve({ missing: true })
        resolve({ missing: false, reason: e.killed ? `no answer within ${timeoutMs} ms` : e.message.split('\n')[0] })
      })
    } catch (err) {
      resolve({ missing: false, reason: err instanceof Error ? err.message : String(err) })
    }
  })
}

/**
 * Every GPU's use and every process on the GPUs, in two nvidia-smi calls made at once (about
 * 0.02 s each on an H200), without a shell and each within `timeoutMs`.
 */
export async function queryNvidiaUsage(command: string, timeoutMs: number): Promise<NvidiaUsage | NvidiaFailure> {
  const [gpus, apps] = await Promise.all([smi(command, GPU_USAGE_ARGS, timeoutMs), smi(command, GPU_PROCESS_ARGS, timeoutMs)])
  if (!('out' in gpus)) return gpus
  if (!('out' in apps)) return apps
  return { gpus: parseGpuUsage(gpus.out), processes: parseGpuProcesses(apps.out) }
}
