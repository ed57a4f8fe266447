import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { AppError, fromErrorPayload } from '../../../../shared/errors'
import type { Job, WorkerMessage } from './job'

/** Where the worker's code is: the built entry next to the engine bundle, else the TypeScript
 *  source run through tsx (tests and benchmarks run the engine from source). */
export function locateWorker(dir: string = __dirname): { file: string; execArgv: string[] } {
  // The engine may sit in out/main or in a shared chunk under out/main/chunks.
  for (const candidate of [join(dir, 'analysis-worker.js'), join(dir, '..', 'analysis-worker.js')]) {
    if (existsSync(candidate)) return { file: candidate, execArgv: [] }
  }
  return { file: join(dir, 'worker.ts'), execArgv: ['--import', 'tsx'] }
}

export interface WorkerHost {
  /** Runs a job on a worker thread; fails with CANCELLED when cancelled or closed. */
  run(requestId: string, job: Job, onProgress: (stage: string, fraction: number) => void): Promise<unknown>
  /** Ends a running job's thread; false when no job has that id. */
  cancel(requestId: string): boolean
  close(): Promise<void>
}

interface Slot {
  worker: Worker
  /** The job on it now: where its messages and failures go. */
  job: { onMessage(m: WorkerMessage): void; fail(err: AppError): void } | null
}

/**
 * Worker threads for analysis jobs: one per running job, and one kept idle (unreferenced, so it
 * never holds the process open) to spare the next job the thread's start-up. A job is cancelled
 * by ending its thread, whatever it is computing.
 */
export function createWorkerHost(entry = locateWorker()): WorkerHost {
  const running = new Map<string, Slot>()
  let idle: Slot | null = null
  let closed = false

  function spawn(): Slot {
    const slot: Slot = { worker: new Worker(entry.file, { execArgv: entry.execArgv }), job: null }
    slot.worker.on('message', (m: WorkerMessage) => slot.job?.onMessage(m))
    slot.worker.on('error', (err) => slot.job?.fail(new AppError('INTERNAL', `The analysis worker failed: ${err.message}`)))
    slot.worker.on('exit', (code) => {
      if (idle === slot) idle = null
      slot.job?.fail(new AppError('INTERNAL', `The analysis worker stopped (exit code ${code}) before it answered`))
    })
    return slot
  }

  function release(slot: Slot): void {
    slot.job = null
    if (closed || idle) {
      void slot.worker.terminate()
      return
    }
    slot.worker.unref()
    idle = slot
  }

  function run(requestId: string, job: Job, onProgress: (stage: string, fraction: number) => void): Promise<unknown> {
    if (closed) return Promise.reject(new AppError('CANCELLED', 'The engine is closing; the analysis did not start'))
    if (running.has(requestId)) {
      return Promise.reject(AppError.fromIssues('CONFLICT', [{ field: 'requestId', message: `an analysis with id ${requestId} is already running` }]))
    }
    const slot = idle ?? spawn()
    idle = null
    slot.worker.ref()
    running.set(requestId, slot)
    return new Promise((resolve, reject) => {
      const settle = (fn: () => void, keep: boolean): void => {
        if (running.get(requestId) !== slot) return
        running.delete(requestId)
        if (keep) release(slot)
        else {
          slot.job = null
          void slot.worker.terminate()
        }
        fn()
      }
      slot.job = {
        onMessage: (m) => {
          if (m.type === 'progress') onProgress(m.stage, m.fraction)
          else if (m.type === 'done') settle(() => resolve(m.result), true)
          else settle(() => reject(fromErrorPayload(m.error)), true)
        },
        fail: (err) => settle(() => reject(err), false)
      }
      slot.worker.postMessage(job)
    })
  }

  return {
    run,
    cancel(requestId) {
      const slot = running.get(requestId)
      if (!slot) return false
      slot.job?.fail(new AppError('CANCELLED', `The analysis ${requestId} was cancelled`))
      return true
    },
    async close() {
      closed = true
      const slots = [...running.values(), ...(idle ? [idle] : [])]
      for (const slot of running.values()) slot.job?.fail(new AppError('CANCELLED', 'The engine closed before the analysis ended'))
      idle = null
      await Promise.all(slots.map((s) => s.worker.terminate()))
    }
  }
}
