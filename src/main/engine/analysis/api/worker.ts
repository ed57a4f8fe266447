/**
 * Entry of an analysis worker thread (built as out/main/analysis-worker.js). It runs the jobs it
 * is sent, one at a time, posting progress and then each job's result or error.
 */
import { parentPort } from 'node:worker_threads'
import { toErrorPayload } from '../../../../shared/errors'
import type { Job, WorkerMessage } from './job'
import { runJob } from './run-job'

const post = (message: WorkerMessage): void => parentPort?.postMessage(message)

parentPort?.on('message', (job: Job) => {
  try {
    const result = runJob(job, (stage, fraction) => post({ type: 'progress', stage, fraction }))
    post({ type: 'done', result })
  } catch (err) {
    post({ type: 'error', error: toErrorPayload(err) })
  }
})
