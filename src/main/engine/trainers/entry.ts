/**
 * Entry of a trainer process (child_process.fork headless, utilityProcess.fork in the app).
 * It receives one job, trains, streams metrics in batches and exits. It never touches the store.
 */
import { appendFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MetricPoint } from '../../../shared/api'
import { withoutStack } from '../../../shared/stack-trace'
import { AppError } from '../../../shared/errors'
import { useDeviceId } from '../onnx/session'
import type { EngineToTrainer, TrainContext, TrainerJob, TrainerToEngine, TrainOutcome } from './protocol'
import { trainFunctions } from './train-functions'

interface Channel {
  send(message: TrainerToEngine): Promise<void>
  onMessage(listener: (message: EngineToTrainer) => void): void
}

interface ParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

function openChannel(): Channel {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort) {
    return {
      send: async (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as EngineToTrainer))
    }
  }
  if (!process.send) throw new Error('The trainer must be started by the ParamScope engine')
  // Without its engine a trainer has nobody to report to: stop rather than train for no one.
  process.on('disconnect', () => process.exit(70))
  return {
    send: (message) => new Promise((resolve) => process.send!(message, undefined, {}, () => resolve())),
    onMessage: (listener) => process.on('message', (message) => listener(message as EngineToTrainer))
  }
}

const FLUSH_MS = 100
const FLUSH_POINTS = 2000

function createContext(job: TrainerJob, channel: Channel, isCancelled: () => boolean) {
  let pending: MetricPoint[] = []
  let timer: NodeJS.Timeout | undefined
  let lastProgress = 0
  const flush = async () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (pending.length === 0) return
    const points = pending
    pending = []
    await channel.send({ type: 'metrics', points })
  }
  const ctx: TrainContext = {
    job,
    started: (info) => void channel.send({ type: 'started', ...info }),
    metric(name, step, value, time = Date.now()) {
      pending.push({ name, step, value, time })
      if (pending.length >= FLUSH_POINTS) void flush()
      else if (!timer) timer = setTimeout(() => void flush(), FLUSH_MS)
    },
    progress(step, totalSteps) {
      const now = Date.now()
      if (step < totalSteps && now - lastProgress < FLUSH_MS) return
      lastProgress = now
      void channel.send({ type: 'progress', step, totalSteps })
    },
    isCancelled,
    log: (line) => process.stdout.write(line.endsWith('\n') ? line : `${line}\n`)
  }
  return { ctx, flush }
}

/**
 * Keeps a failure's stack trace for whoever debugs it, in the run folder's debug.log, out of the
 * run's log and status a user reads. Where that file cannot be written the trace goes to stderr.
 */
function debugTrace(job: TrainerJob, err: unknown): string {
  const trace = err instanceof Error ? (err.stack ?? err.message) : String(err)
  try {
    appendFileSync(join(job.workDir, 'debug.log'), `${new Date().toISOString()} run ${job.runId} failed\n${trace}\n`)
    return `(stack trace in ${join(job.workDir, 'debug.log')})`
  } catch {
    return trace
  }
}

async function run(job: TrainerJob, channel: Channel, isCancelled: () => boolean): Promise<void> {
  const { ctx, flush } = createContext(job, channel, isCancelled)
  let outcome: TrainOutcome
  try {
    const train = trainFunctions[job.trainer]
    if (!train) throw new Error(`Unknown trainer "${job.trainer}"`)
    // A GPU slot's adapter, as this process sees it (device 0 under CUDA_VISIBLE_DEVICES).
    useDeviceId(job.device?.deviceId)
    outcome = await train(ctx)
  } catch (err) {
    outcome = { status: 'failed', message: withoutStack(err instanceof Error ? err.message : String(err)) }
    // A refusal the engine words (a dataset problem, a bad config) keeps its code for the reader's language.
    const coded = err instanceof AppError ? err.details?.message : undefined
    if (coded) outcome.reason = coded
    process.stderr.write(`${outcome.message}\n${debugTrace(job, err)}\n`)
  }
  await flush()
  await channel.send({ type: 'done', status: outcome.status, message: outcome.message, reason: outcome.reason })
  // Give the last message time to leave before the runtime's threads are torn down.
  setTimeout(() => process.exit(0), 50)
}

function main(): void {
  const channel = openChannel()
  let cancelled = false
  let started = false
  process.on('SIGTERM', () => {
    cancelled = true
  })
  channel.onMessage((message) => {
    if (message.type === 'cancel') cancelled = true
    else if (message.type === 'start' && !started) {
      started = true
      void run(message.job, channel, () => cancelled)
    }
  })
}

main()
