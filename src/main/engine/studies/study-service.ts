import type { EngineApi } from '../../../shared/api'
import type { TrainerInfo } from '../../../shared/schemas/params'
import type { EventBus } from '../events'
import { isRunHeld, type OrphanWatch } from '../runs/orphans'
import type { RunOwner, Store } from '../store'
import type { Sampler } from './sampler'
import { createStudyMethods, type StudyMethods } from './study-methods'
import { createStudyRunner } from './runner'
import { tpeSampler } from './tpe-adapter'

export interface StudyServiceDeps {
  store: Store
  events: EventBus
  owner: RunOwner
  orphans: OrphanWatch
  /** The runs methods trials go through, and the check a study's base config gets at create. */
  runs: Pick<EngineApi, 'runs.start' | 'runs.resume' | 'runs.cancel' | 'runs.delete' | 'runs.validate'>
  trainers: () => Record<string, TrainerInfo>
  maxConcurrentRuns: number
  /** Adaptive samplers by design; our TPE unless told otherwise. */
  samplers?: Partial<Record<'tpe', Sampler>>
}

export interface StudyService {
  api: StudyMethods
  /** Settles what killed engines left running; call once the orphaned runs are marked. */
  recover(): Promise<void>
  /** Pauses the studies this engine runs; their running trials are queued again. */
  close(): Promise<void>
}

/** Studies for the engine: the ledger's runner and the contract's studies methods over it. */
export function createStudyService(deps: StudyServiceDeps): StudyService {
  const { store, events, owner, runs, trainers } = deps
  const runner = createStudyRunner({
    store,
    events,
    owner,
    runs,
    trainers,
    maxConcurrentRuns: deps.maxConcurrentRuns,
    samplers: deps.samplers ?? { tpe: tpeSampler() },
    isHeld: (lease) => (lease.pid === null ? Promise.resolve(false) : isRunHeld({ owner: lease, trainerProcess: null }, owner)),
    sweepRuns: (ids) => deps.orphans.sweep(ids)
  })
  return {
    api: createStudyMethods({ store, events, runner, trainers, validateRun: runs['runs.validate'] }),
    recover: () => runner.recover(),
    close: () => runner.close()
  }
}
