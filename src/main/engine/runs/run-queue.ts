import { availableParallelism } from 'node:os'
import type { Run } from '../../../shared/api'
import type { EventBus } from '../events'
import type { Store } from '../store'
import type { TrainerJob } from '../trainers/protocol'
import type { MachineMemory } from './memory-check'
import type { CustomLaunch, Supervisor } from './supervisor'

export const NOT_STARTED_MESSAGE = 'The engine stopped before this run started; resume it to start it'

/**
 * Trainer processes at once unless told otherwise: `PARAMSCOPE_MAX_RUNS` when it is a whole
 * number ≥ 1, else one per core (each trainer computes on its own threads).
 */
export function defaultMaxRuns(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PARAMSCOPE_MAX_RUNS)
  return Number.isInteger(n) && n >= 1 ? n : availableParallelism()
}

export interface RunQueueOptions {
  store: Store
  events: EventBus
  /** Trainers running at once; runs beyond stay `queued` and start in order as trainers end. */
  maxConcurrent: number
  /** A queued run also waits while its estimate beside the running ones' would exceed this. */
  memory: MachineMemory
}

/**
 * The supervisor behind a queue: `launch` starts a trainer while fewer than `maxConcurrent` run
 * and their estimated memory leaves room, else keeps the run `queued` until one ends, first come
 * first started. A queued run is cancelled without a process; when the engine closes, runs still
 * waiting become `interrupted` and start when resumed.
 */
export function createRunQueue(supervisor: Supervisor, o: RunQueueOptions): Supervisor {
  const { store, events } = o
  const waiting: { run: Run; job: TrainerJob; custom?: CustomLaunch }[] = []
  /** Runs this queue started and their estimates, until their trainers end. */
  const running = new Map<number, number>()
  let closing = false

  const fits = (job: TrainerJob): boolean => {
    if (running.size >= o.maxConcurrent) return false
    const used = [...running.values()].reduce((a, b) => a + b, 0)
    return running.size === 0 || used + (job.memoryEstimate ?? 0) <= o.memory.bytes
  }

  const start = (run: Run, job: TrainerJob, custom?: CustomLaunch): Run => {
    const started = supervisor.launch(run, job, custom)
    running.set(run.id, job.memoryEstimate ?? 0)
    void supervisor.ended(run.id).then(() => {
      running.delete(run.id)
      pump()
    })
    return started
  }

  function pump(): void {
    while (!closing && waiting.length > 0 && fits(waiting[0].job)) {
      const { run, job, custom } = waiting.shift()!
      const current = store.runs.get(run.id)
      if (current?.status !== 'queued') continue
      try {
        start(current, job, custom)
      } catch (err) {
        // The supervisor records how the run ended (a full disk, a failed write); the queue moves on.
        console.error(`[paramscope] queued run ${run.id} could not start:`, err)
      }
    }
  }

  const tell = (runId: number, text: string) => {
    try {
      store.logs.append(runId, 'engine', text)
      events.emit('run.log', { runId, text })
    } catch (err) {
      console.error(`[paramscope] could not log to run ${runId}:`, err)
    }
  }

  /** Ends a run that never started: nothing ran, nothing to stop. */
  const endWaiting = (index: number, patch: Parameters<Store['runs']['update']>[1], line: string) => {
    const [{ run }] = waiting.splice(index, 1)
    const ended = store.runs.update(run.id, { endedAt: Date.now(), ...patch })
    tell(run.id, line)
    events.emit('run.updated', ended)
  }

  return {
    ...supervisor,

    launch(run: Run, job: TrainerJob, custom?: CustomLaunch): Run {
      if (!closing && waiting.length === 0 && fits(job)) return start(run, job, custom)
      waiting.push({ run, job, custom })
      tell(run.id, `[paramscope] queued: ${running.size} of at most ${o.maxConcurrent} trainers running, ${waiting.length - 1} run(s) ahead\n`)
      const queued = store.runs.get(run.id)!
      events.emit('run.updated', queued)
      return queued
    },

    cancel(runId: number): boolean {
      const i = waiting.findIndex((w) => w.run.id === runId)
      if (i < 0) return supervisor.cancel(runId)
      endWaiting(i, { status: 'cancelled', statusMessage: 'Cancelled before it started' }, '[paramscope] run cancelled before it started\n')
      return true
    },

    isActive: (runId: number) => supervisor.isActive(runId) || waiting.some((w) => w.run.id === runId),

    async shutdown(): Promise<void> {
      closing = true
      while (waiting.length > 0) {
        try {
          endWaiting(0, { status: 'interrupted', statusMessage: NOT_STARTED_MESSAGE, statusReason: { rule: 'notStarted', values: {} } }, `[paramscope] run interrupted: ${NOT_STARTED_MESSAGE}\n`)
        } catch (err) {
          // Left queued: the next engine finds it orphaned and marks it interrupted.
          console.error('[paramscope] could not record a queued run as interrupted:', err)
        }
      }
      await supervisor.shutdown()
    }
  }
}
