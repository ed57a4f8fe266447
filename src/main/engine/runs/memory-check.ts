import { readFileSync } from 'node:fs'
import { totalmem } from 'node:os'
import type { FieldIssue } from '../../../shared/errors'
import type { MemoryEstimate } from '../trainers/protocol'
import { formatBytes } from '../../../shared/format-bytes'

/** What a run may use: the machine's memory, or less where a cgroup (a container) limits the engine. */
export interface MachineMemory {
  bytes: number
  limitedBy: 'machine' | 'cgroup'
}

/** cgroup v2, then v1; "max" or a page-rounded 2^63 means no limit. */
const CGROUP_LIMITS = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']

export function machineMemory(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): MachineMemory {
  const total = totalmem()
  for (const path of CGROUP_LIMITS) {
    let text: string
    try {
      text = read(path).trim()
    } catch {
      continue
    }
    const limit = Number(text)
    if (Number.isFinite(limit) && limit > 0 && limit < total) return { bytes: limit, limitedBy: 'cgroup' }
    return { bytes: total, limitedBy: 'machine' }
  }
  return { bytes: total, limitedBy: 'machine' }
}

/** The parameters behind the largest parts of an estimate: those a user lowers to make a run fit. */
function drivers(estimate: MemoryEstimate): string[] {
  const parts = estimate.parts.filter((p) => p.what !== 'runtime').sort((a, b) => b.bytes - a.bytes)
  const big = parts.filter((p, i) => i === 0 || p.bytes >= estimate.bytes / 4)
  return [...new Set(big.flatMap((p) => p.fields))]
}

/**
 * The issue of a run whose estimated peak exceeds what the machine has, or null. It names the
 * fields that drive the estimate (its `field` is the first), says both figures, and carries a
 * `rule` and `values` so a UI words it in its own language.
 */
export function memoryIssue(estimate: MemoryEstimate, memory: MachineMemory): FieldIssue | null {
  if (estimate.bytes <= memory.bytes) return null
  const fields = drivers(estimate)
  const values = { estimate: formatBytes(estimate.bytes), available: formatBytes(memory.bytes), fields: fields.join(', ') }
  const where = memory.limitedBy === 'cgroup' ? `the ${values.available} this container may use` : `the ${values.available} this machine has`
  const shares = estimate.parts.map((p) => `${p.what} ${formatBytes(p.bytes)}`).join(', ')
  const head = `the run would need about ${values.estimate} of memory (${shares}), more than ${where}`
  if (fields.length === 0) return { field: 'dataset', message: `${head}; use a smaller file`, rule: 'memoryData', values }
  return { field: fields[0], message: `${head}; lower ${fields.join(' or ')}`, rule: 'memory', values }
}
