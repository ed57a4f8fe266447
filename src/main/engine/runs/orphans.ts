import { randomUUID } from 'node:crypto'
import type { Run } from '../../../shared/api'
import type { EventBus } from '../events'
import type { ActiveRun, RunHolders, RunOwner, Store } from '../store'
import { isProcessAlive, probeProcess } from './process-identity'

/**
 * Engines open in this process, by instance id. Two engines of one process share its pid and start
 * time, so only this set tells whether the other one is still open. It lives on globalThis so that
 * two copies of this module (two bundles in one process) still see one set.
 */
const openEngines: Set<string> = ((globalThis as Record<symbol, unknown>)[Symbol.for('paramscope.openEngines')] ??= new Set<string>()) as Set<string>

export interface EngineIdentity extends RunOwner {
  /** Marks the engine closed: from then on, runs it still holds count as orphaned. */
  release(): void
}

/** A new owner identity for an engine of this process: pid, its start token, a fresh instance id. */
export async function openEngineIdentity(): Promise<EngineIdentity> {
  const probe = await probeProcess(process.pid)
  const instance = randomUUID()
  openEngines.add(instance)
  return { pid: process.pid, start: probe.alive ? probe.start : null, instance, release: () => openEngines.delete(instance) }
}

async function ownerAlive(owner: RunHolders['owner'], self: RunOwner): Promise<boolean> {
  if (owner.pid === null) return false
  if (owner.pid === self.pid && (owner.start === null || owner.start === self.start)) {
    // This process: its open engines are known exactly. A run of an earlier process that had
    // the same pid, or of an engine from before owners were recorded, has no open engine here.
    return owner.instance !== null && openEngines.has(owner.instance)
  }
  return isProcessAlive(owner.pid, owner.start)
}

/**
 * True while something may still work on the run: its owner engine, or the trainer it started
 * (a trainer outlives its killed engine until it notices, and may be writing a checkpoint).
 */
export async function isRunHeld(run: RunHolders, self: RunOwner): Promise<boolean> {
  if (await ownerAlive(run.owner, self)) return true
  return run.trainerProcess !== null && isProcessAlive(run.trainerProcess.pid, run.trainerProcess.start)
}

export const ORPHAN_MESSAGE = 'The engine stopped while this run was active; metrics received until then are kept'

/**
 * Runs left `queued` or `running` by an engine that is gone (crashed, killed, machine restarted),
 * whose trainer is gone too, become `interrupted`; `ids` limits the check to those runs. A run
 * another engine took in the meantime is left alone. Returns the runs it marked.
 */
export async function markOrphanedRuns(store: Store, self: RunOwner, ids?: readonly number[]): Promise<Run[]> {
  const orphans: ActiveRun[] = []
  for (const run of store.runs.listActive()) {
    if (ids && !ids.includes(run.id)) continue
    if (!(await isRunHeld(run, self))) orphans.push(run)
  }
  return orphans.length === 0 ? [] : store.runs.markInterrupted(orphans, ORPHAN_MESSAGE, { rule: 'engineStopped', values: {} })
}

export interface OrphanWatch {
  /** Marks orphaned runs now (only `ids` when given); one sweep at a time. */
  sweep(ids?: readonly number[]): Promise<void>
  close(): void
}

/**
 * Looks for orphaned runs now and then, so an engine beside one that was killed learns it without
 * a restart, and tells windows through `run.updated`.
 */
export function createOrphanWatch(options: { store: Store; events: EventBus; self: RunOwner; intervalMs?: number }): OrphanWatch {
  const { store, events, self } = options
  let chain: Promise<void> = Promise.resolve()
  let closed = false
  const sweep = (ids?: readonly number[]): Promise<void> => {
    chain = chain.then(async () => {
      if (closed) return
      try {
        for (const run of await markOrphanedRuns(store, self, ids)) events.emit('run.updated', run)
      } catch (err) {
        // A failed look (a busy or full disk) is retried at the next one; the engine stays up.
        console.error('[paramscope] could not check for orphaned runs:', err)
      }
    })
    return chain
  }
  const timer = setInterval(() => void sweep(), options.intervalMs ?? 5000)
  timer.unref()
  return {
    sweep,
    close() {
      closed = true
      clearInterval(timer)
    }
  }
}
