import type { Store } from '../store'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Runs left `queued` or `running` by an engine that is gone (crashed, killed, machine restarted)
 * become `interrupted`. Runs supervised by another live engine on the same data folder are left
 * alone. Returns the ids it marked.
 */
export function markOrphanedRuns(store: Store, selfPid = process.pid): number[] {
  const orphans = store.runs
    .listActive()
    .filter((r) => r.ownerPid === null || r.ownerPid === selfPid || !isAlive(r.ownerPid))
  if (orphans.length === 0) return []
  const ids = orphans.map((r) => r.id)
  store.runs.markInterrupted(ids, 'The engine stopped while this run was active; metrics received until then are kept')
  return ids
}
