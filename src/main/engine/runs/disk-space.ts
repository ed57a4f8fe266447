import { randomBytes } from 'node:crypto'
import { rmSync, statfsSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { formatBytes } from '../../../shared/format-bytes'

/** Runs start only with this much free in the data folder, unless the engine is told otherwise. */
export const DEFAULT_MIN_FREE_BYTES = 200 * 1024 * 1024

/**
 * Space the engine keeps in a file of its own and gives back when the disk fills, so the record of
 * how a run ended can still be written: a full disk has no room for even that one row.
 */
export const DEFAULT_RESERVE_BYTES = 1024 * 1024
export const RESERVE_FILE = 'paramscope.reserve'

/** The threshold from `PARAMSCOPE_MIN_FREE_MB` when set to a number, else the default. */
export function minFreeBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const mb = Number(env.PARAMSCOPE_MIN_FREE_MB)
  return env.PARAMSCOPE_MIN_FREE_MB?.trim() && Number.isFinite(mb) && mb >= 0 ? Math.round(mb * 1024 * 1024) : DEFAULT_MIN_FREE_BYTES
}

export interface DiskSpace {
  freeBytes: number
  totalBytes: number
}

/** Free (for this user) and total bytes of the file system that holds `dir`. */
export function diskSpace(dir: string): DiskSpace {
  const s = statfsSync(dir)
  return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize }
}

/** True for an error that means the disk (or the quota) is full: SQLite's SQLITE_FULL, the OS's ENOSPC. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return true
  return diskFullText(err instanceof Error ? err.message : String(err))
}

/** True for a message that says the disk is full, as a trainer reports a failed checkpoint write. */
export function diskFullText(message: string): boolean {
  return /\bENOSPC\b|no space left on device|database or disk is full|\bEDQUOT\b|disk quota exceeded/i.test(message)
}

/** Refuses to start or resume a run while the data folder has less than `minFreeBytes` free. */
export function checkFreeSpace(dir: string, minFreeBytes: number): void {
  const { freeBytes } = diskSpace(dir)
  if (freeBytes >= minFreeBytes) return
  const free = formatBytes(freeBytes)
  const min = formatBytes(minFreeBytes)
  const message = `only ${free} free in the data folder ${dir}; a run starts with at least ${min} free. Free some space and try again`
  throw AppError.coded('CONFLICT', msg('run.notStartedBecause', { problem: msg('run.diskLow', { free, dir, min }) }), {
    issues: [{ field: 'dataDir', message, rule: 'diskLow', values: { dir, free, min } }],
    freeBytes,
    minFreeBytes
  })
}

/** What a start or resume answers when the store found the disk full while recording it. */
export function diskFullError(dir: string): AppError {
  const free = (() => {
    try {
      return formatBytes(diskSpace(dir).freeBytes)
    } catch {
      return '?'
    }
  })()
  const message = `the disk of the data folder ${dir} is full (${free} free). Free some space and try again`
  return AppError.coded('CONFLICT', msg('run.notStartedBecause', { problem: msg('run.diskFull', { dir, free }) }), { issues: [{ field: 'dataDir', message, rule: 'diskFull', values: { dir, free } }] })
}

/** Runs `write`; a full disk comes out as diskFullError, any other error as it was. */
export function whenDiskFull<T>(dir: string, write: () => T): T {
  try {
    return write()
  } catch (err) {
    if (!(err instanceof AppError) && isDiskFull(err)) throw diskFullError(dir)
    throw err
  }
}

/** The reserve file of a data folder: made while there is room, given back when the disk is full. */
export interface DiskReserve {
  /** Makes the file when it is missing and the disk has room for it twice over; never throws. */
  ensure(): void
  /** Deletes the file; true when there was one to give back. */
  release(): boolean
}

export function createDiskReserve(dataDir: string, bytes = DEFAULT_RESERVE_BYTES): DiskReserve {
  const file = join(dataDir, RESERVE_FILE)
  let held = false
  return {
    ensure() {
      if (held || bytes <= 0) return
      try {
        if (statSync(file, { throwIfNoEntry: false })?.size === bytes) {
          held = true
          return
        }
        if (diskSpace(dataDir).freeBytes < 2 * bytes) return
        // Random bytes: a compressing file system would store zeros in next to nothing.
        writeFileSync(file, randomBytes(bytes))
        held = true
      } catch {
        rmSync(file, { force: true })
      }
    },
    release() {
      const had = held
      held = false
      try {
        rmSync(file, { force: true })
      } catch {
        return false
      }
      return had
    }
  }
}
