import type { EngineApi } from '../../../shared/api'
import type { TrainerInfo } from '../../../shared/schemas/params'
import type { EventBus } from '../events'
import { isRunHeld, type OrphanWatch } from '../runs/orphans'
import type { RunOwner, Store } from '../store'
import type { Sampler } from './sampler'
import { createStudyEstimate } from './estimate'
import { createStudyMethods, type StudyMethods } from './study-methods'
import { createStudyRunner, type TrialRuns } from './runner'
import { createDeviceSlots, defaultThreadBudget, type DeviceSlots } from './slots'
import { tpeSampler } from './tpe-adapter'

export interface StudyServiceDeps {
  store: Store
  events: EventBus
  owner: RunOwner
  orphans: OrphanWatch
  /** The runs methods trials go through, and the check a study's base config gets at create. */
  runs: TrialRuns & Pick<EngineApi, 'runs.validate'>
  trainers: () => Record<string, TrainerInfo>
  maxConcurrentRuns: number
  /** Where trials are placed: the CPU's thread budget and the GPUs. Default: the cores' worth of threads, no GPU. */
  slots?: DeviceSlots
  /** Adaptive samplers by design; our TPE unless told otherwise. */
  samplers?: Partial<Record<'tpe', Sampler>>
}

export interface StudyService {
  api: StudyMethods & Pick<EngineApi, 'studies.slots' | 'studies.estimate'>
  /** Settles what killed engines left running; call once the orphaned runs are marked. */
  recover(): Promise<void>
  /**
   * Pauses the studies this engine runs; their running trials are queued again. A study closed
   * so comes back paused, never resumed by itself: its trials left running by an engine that was
   * killed instead are settled by the study's `onEngineStop` (queued again, or failed) at `recover`.
   */
  close(): Promise<void>
}

/** Studies for the engine: the ledger's runner and the contract's studies methods over it. */
export function createStudyService(deps: StudyServiceDeps): StudyService {
  const { store, events, owner, runs, trainers } = deps
  const slots = deps.slots ?? createDeviceSlots({ threadBudget: defaultThreadBudget(), gpus: [], providers: ['cpu'] })
  const runner = createStudyRunner({
    store,
    events,
    owner,
    runs,
    trainers,
    maxConcurrentRuns: deps.maxConcurrentRuns,
    slots,
    samplers: deps.samplers ?? { tpe: tpeSampler() },
    isHeld: (lease) => (lease.pid === null ? Promise.resolve(false) : isRunHeld({ owner: lease, trainerProcess: null }, owner)),
    sweepRuns: (ids) => deps.orphans.sweep(ids)
  })
  return {
    api: {
      ...createStudyMethods({ store, events, runner, trainers, validateRun: runs['runs.validate'] }),
      'studies.slots': async () => slots.list(),
      'studies.estimate': createStudyEstimate(store, deps.maxConcurrentRuns)
    },
    recover: () => runner.recover(),
    close: () => runner.close()
  }
}
