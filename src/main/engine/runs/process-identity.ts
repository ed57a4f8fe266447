import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'

/**
 * What the OS says about a pid: gone, or running with a start token. The token names one process
 * for its whole life, so a pid the OS has given to another process since shows a different token.
 * `start` is null where this platform gives no start time (then only the pid can be checked).
 */
export type ProcessProbe = { alive: false } | { alive: true; start: string | null }

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let bootId: string | null | undefined

/**
 * Linux: field 22 of /proc/<pid>/stat is the start time in clock ticks since boot; with the boot
 * id it names one process exactly. A zombie (state Z or X) has ended and counts as gone.
 */
function probeLinux(pid: number): ProcessProbe | undefined {
  let stat: string
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code === 'ENOENT' || code === 'ESRCH' ? { alive: false } : undefined
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last one.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const state = fields[0]
  if (state === 'Z' || state === 'X') return { alive: false }
  const ticks = fields[19]
  if (!ticks || !/^\d+$/.test(ticks)) return undefined
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      bootId = null
    }
  }
  return { alive: true, start: `linux:${bootId ?? ''}:${ticks}` }
}

function run(file: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...process.env, LC_ALL: 'C', TZ: 'UTC' }, timeout: 10000, windowsHide: true }, (err, stdout) =>
      resolve(err ? null : stdout.trim())
    )
  })
}

/** macOS and the BSDs: `ps` gives the state and the start time to the second, in a fixed locale and zone. */
async function probePs(pid: number): Promise<ProcessProbe> {
  const out = await run('ps', ['-o', 'stat=,lstart=', '-p', String(pid)])
  if (out === null || out === '') return pidExists(pid) ? { alive: true, start: null } : { alive: false }
  const [state, ...start] = out.split(/\s+/)
  if (state.startsWith('Z')) return { alive: false }
  return { alive: true, start: `ps:${start.join(' ')}` }
}

/** Windows: the creation time in 100 ns units, from .NET through PowerShell. */
async function probeWindows(pid: number): Promise<ProcessProbe> {
  const script = `(Get-Process -Id ${pid} -ErrorAction Stop).StartTime.ToFileTimeUtc()`
  const out = await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script])
  if (out !== null && /^\d+$/.test(out)) return { alive: true, start: `win:${out}` }
  return pidExists(pid) ? { alive: true, start: null } : { alive: false }
}

/** Whether `pid` runs now, and its start token where the platform gives one. */
export async function probeProcess(pid: number): Promise<ProcessProbe> {
  if (!Number.isInteger(pid) || pid <= 0 || !pidExists(pid)) return { alive: false }
  if (process.platform === 'linux') return probeLinux(pid) ?? { alive: true, start: null }
  if (process.platform === 'win32') return probeWindows(pid)
  return probePs(pid)
}

/** The start token of `pid` without waiting, where that is cheap (Linux); undefined elsewhere. */
export function startTokenNow(pid: number): string | null | undefined {
  if (process.platform !== 'linux') return undefined
  const probe = probeLinux(pid)
  return probe === undefined ? undefined : probe.alive ? probe.start : null
}

/**
 * True while the process recorded as (`pid`, `start`) still runs. When either token is unknown
 * only the pid is checked, and a live pid counts as the recorded process: a run is never declared
 * orphaned while its process might still be there.
 */
export async function isProcessAlive(pid: number, start: string | null): Promise<boolean> {
  const probe = await probeProcess(pid)
  if (!probe.alive) return false
  return start === null || probe.start === null || probe.start === start
}
