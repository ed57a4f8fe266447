import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'

/**
 * One process as the OS lists it. CPU comes as a cumulative time (Linux, Windows: the sampler
 * turns its growth into a percentage) or as the OS's own percentage (macOS `ps`).
 */
export interface ProcessRow {
  pid: number
  ppid: number
  /** The process group (Linux): a command trainer leads its own, which holds its whole tree. */
  pgrp?: number
  /** Resident memory in bytes; undefined where it is read only for the tree's members (Linux). */
  rssBytes?: number
  /** User + system CPU time so far, in seconds. */
  cpuSeconds?: number
  /** CPU use as the OS reports it, 100 = one core. */
  cpuPercent?: number
}

export interface ProcessTable {
  rows: ProcessRow[]
  /** Resident bytes of one process, where the table did not read them for every process. */
  rssOf?(pid: number): number | undefined
}

/** Clock ticks per second of /proc's CPU times: USER_HZ, 100 on every Linux architecture Node runs on. */
const USER_HZ = 100

/**
 * /proc/<pid>/stat: the command name (field 2) is in parentheses and may hold spaces or ')', so
 * the fields are split after the last ')'. ppid is field 4, pgrp 5, utime 14, stime 15. A zombie
 * (state Z or X) holds no memory and runs no more: undefined.
 */
export function parseProcStat(text: string): ProcessRow | undefined {
  const close = text.lastIndexOf(')')
  const pid = Number(text.slice(0, text.indexOf('(')).trim())
  if (close < 0 || !Number.isInteger(pid)) return undefined
  const f = text.slice(close + 2).trim().split(/\s+/)
  if (f[0] === 'Z' || f[0] === 'X' || f.length < 13) return undefined
  const [ppid, pgrp, utime, stime] = [f[1], f[2], f[11], f[12]].map(Number)
  if (![ppid, pgrp, utime, stime].every(Number.isFinite)) return undefined
  return { pid, ppid, pgrp, cpuSeconds: (utime + stime) / USER_HZ }
}

/** Resident memory from /proc/<pid>/status (VmRSS, in kB), in bytes; undefined when absent (a kernel thread). */
export function parseProcStatus(text: string): number | undefined {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(text)
  return m ? Number(m[1]) * 1024 : undefined
}

/** `ps -A -o pid=,ppid=,rss=,%cpu=`: rss in KiB, %cpu the OS's decaying average (may use a comma in some locales). */
export function parsePs(text: string): ProcessRow[] {
  const rows: ProcessRow[] = []
  for (const line of text.split(/\r?\n/)) {
    const f = line.trim().split(/\s+/)
    if (f.length < 4) continue
    const [pid, ppid, rss] = f.slice(0, 3).map(Number)
    const cpu = Number(f[3].replace(',', '.'))
    if (!Number.isInteger(pid) || !Number.isInteger(ppid) || !Number.isFinite(rss) || !Number.isFinite(cpu)) continue
    rows.push({ pid, ppid, rssBytes: rss * 1024, cpuPercent: cpu })
  }
  return rows
}

/** Splits one CSV line as PowerShell's ConvertTo-Csv writes it: fields in double quotes, "" for a quote. */
function csvFields(line: string): string[] {
  const out: string[] = []
  const re = /\s*(?:"((?:[^"]|"")*)"|([^,]*))\s*(?:,|$)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(line)) !== null && m.index < line.length) {
    out.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].trim())
  }
  return out
}

/**
 * PowerShell's `Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,
 * WorkingSetSize,KernelModeTime,UserModeTime | ConvertTo-Csv -NoTypeInformation`: a header, then
 * one line per process; the times are in units of 100 ns, the working set in bytes.
 */
export function parseWin32ProcessCsv(text: string): ProcessRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#TYPE'))
  if (lines.length === 0) return []
  const header = csvFields(lines[0])
  const col = (name: string) => header.findIndex((h) => h.toLowerCase() === name.toLowerCase())
  const [iPid, iPpid, iWs, iKernel, iUser] = ['ProcessId', 'ParentProcessId', 'WorkingSetSize', 'KernelModeTime', 'UserModeTime'].map(col)
  if (iPid < 0 || iPpid < 0) return []
  const rows: ProcessRow[] = []
  for (const line of lines.slice(1)) {
    const f = csvFields(line)
    const pid = Number(f[iPid])
    const ppid = Number(f[iPpid])
    if (!Number.isInteger(pid) || !Number.isInteger(ppid) || f[iPid] === '') continue
    const row: ProcessRow = { pid, ppid }
    const ws = Number(f[iWs])
    if (iWs >= 0 && f[iWs] !== '' && Number.isFinite(ws)) row.rssBytes = ws
    const kernel = Number(f[iKernel])
    const user = Number(f[iUser])
    if (iKernel >= 0 && iUser >= 0 && f[iKernel] !== '' && Number.isFinite(kernel) && Number.isFinite(user)) row.cpuSeconds = (kernel + user) / 1e7
    rows.push(row)
  }
  return rows
}

/**
 * The process `root` and everything under it: its descendants by parent pid, and on Linux the
 * members of its process group when it leads one (a command trainer does: a child whose parent
 * exited is re-parented away but stays in the group). A built-in trainer shares the engine's
 * group, so there only parentage counts.
 */
export function treeOf(rows: readonly ProcessRow[], root: number): ProcessRow[] {
  const byPid = new Map(rows.map((r) => [r.pid, r]))
  const top = byPid.get(root)
  if (!top) return []
  const children = new Map<number, ProcessRow[]>()
  for (const r of rows) if (r.pid !== r.ppid) (children.get(r.ppid) ?? children.set(r.ppid, []).get(r.ppid)!).push(r)
  const seen = new Set<number>([root])
  const queue = [top]
  if (top.pgrp === root) {
    for (const r of rows) {
      if (r.pgrp !== root || seen.has(r.pid)) continue
      seen.add(r.pid)
      queue.push(r)
    }
  }
  for (let i = 0; i < queue.length; i++) {
    for (const c of children.get(queue[i].pid) ?? []) {
      if (seen.has(c.pid)) continue
      seen.add(c.pid)
      queue.push(c)
    }
  }
  return queue
}

/** Every process from /proc, without a shell; memory is read later, for the tree's members only. */
export function readLinuxProcesses(procDir = '/proc'): ProcessTable {
  const rows: ProcessRow[] = []
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue
    try {
      const row = parseProcStat(readFileSync(`${procDir}/${name}/stat`, 'utf8'))
      if (row) rows.push(row)
    } catch {
      // Gone between the listing and the read.
    }
  }
  return {
    rows,
    rssOf(pid) {
      try {
        return parseProcStatus(readFileSync(`${procDir}/${pid}/status`, 'utf8'))
      } catch {
        return undefined
      }
    }
  }
}

function run(file: string, args: string[], timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile(file, args, { timeout: timeoutMs, windowsHide: true, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout) =>
        resolve(err ? null : stdout)
      )
    } catch {
      resolve(null)
    }
  })
}

export const PS_ARGS = ['-A', '-o', 'pid=,ppid=,rss=,%cpu=']
export const WIN32_PROCESS_SCRIPT =
  'Get-CimInstance Win32_Process | Select-Object ProcessId,ParentProcessId,WorkingSetSize,KernelModeTime,UserModeTime | ConvertTo-Csv -NoTypeInformation'

/**
 * The machine's processes, read the cheapest way the platform has: /proc on Linux, one `ps` on
 * macOS and the BSDs, one PowerShell CIM query on Windows. Null when they cannot be read.
 */
export async function readProcesses(platform: NodeJS.Platform = process.platform, timeoutMs = 4000): Promise<ProcessTable | null> {
  if (platform === 'linux') {
    try {
      return readLinuxProcesses()
    } catch {
      return null
    }
  }
  if (platform === 'win32') {
    const out = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', WIN32_PROCESS_SCRIPT], timeoutMs)
    return out === null ? null : { rows: parseWin32ProcessCsv(out) }
  }
  const out = await run('ps', PS_ARGS, timeoutMs)
  return out === null ? null : { rows: parsePs(out) }
}

/** What a process tree uses at one moment: CPU (100 = one core) and resident memory. */
export interface TreeUsage {
  cpuPercent: number
  memoryBytes: number
  pids: number[]
}

/**
 * Measures one tree over time. Cumulative CPU times become a percentage of the wall time since
 * the last reading; the first reading counts from `since` (the launch), when none of the tree's
 * processes existed yet, so it is already a true average. A process that ended between two
 * readings takes its last interval with it: a small undercount, never a spike.
 */
export function createTreeMeter(root: () => number | undefined, since: number) {
  let last = new Map<number, number>()
  let lastAt = since
  return {
    measure(table: ProcessTable, now: number): TreeUsage | undefined {
      const pid = root()
      if (pid === undefined) return undefined
      const tree = treeOf(table.rows, pid)
      if (tree.length === 0) return undefined
      const seconds = Math.max((now - lastAt) / 1000, 1e-3)
      let cpu = 0
      let memory = 0
      const seen = new Map<number, number>()
      for (const p of tree) {
        if (p.cpuPercent !== undefined) cpu += p.cpuPercent
        else if (p.cpuSeconds !== undefined) {
          cpu += (Math.max(0, p.cpuSeconds - (last.get(p.pid) ?? 0)) / seconds) * 100
          seen.set(p.pid, p.cpuSeconds)
        }
        memory += p.rssBytes ?? table.rssOf?.(p.pid) ?? 0
      }
      last = seen
      lastAt = now
      return { cpuPercent: cpu, memoryBytes: memory, pids: tree.map((p) => p.pid) }
    }
  }
}
