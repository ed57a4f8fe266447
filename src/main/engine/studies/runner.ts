import type { EngineApi, MethodParsedInput, Run, Series, TrainerInfo } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg, type CodedMessage } from '../../../shared/messages'
import type { EventBus } from '../events'
import type { RunOwner, StudyRecord, Store, TrialRecord } from '../store'
import type { Lease } from '../store'
import { activeParams, checkStudy, type CheckedStudy } from './definition'
import { objectiveOf } from './objective'
import { planTrials, pointTarget, trialConfig } from './plan'
import { pruneMessage } from './pruners/messages'
import { createStudyPruning, type PruneCall, type StudyPruning } from './pruning'
import { errorReason, runEnded, studySaid, studySays, trialSaid, trialSays } from './said'
import type { DeviceAssignment } from '../trainers/protocol'
import type { Sampler } from './sampler'
import { createDeviceSlots, type DeviceSlots } from './slots'
import { trialHash } from './trial-hash'

/** The runs methods trials go through; start and resume take the device slot the trial was given. */
export interface TrialRuns {
  'runs.start'(input: MethodParsedInput<'runs.start'>, device?: DeviceAssignment): Promise<Run>
  'runs.resume'(input: MethodParsedInput<'runs.resume'>, device?: DeviceAssignment): Promise<Run>
  'runs.cancel': EngineApi['runs.cancel']
  'runs.delete': EngineApi['runs.delete']
}

export interface StudyRunnerDeps {
  store: Store
  events: EventBus
  /** This engine: the lease holder of the studies it runs and the trials it launches. */
  owner: RunOwner
  /** The runs pipeline every trial goes through: validation, the run queue, supervision. */
  runs: TrialRuns
  trainers: () => Record<string, TrainerInfo>
  /** The engine's cap on trainers at once; a study's own concurrency never raises it. */
  maxConcurrentRuns: number
  /** The CPU's thread budget and the GPUs trials are placed on; without it, threads are not counted and there is no GPU. */
  slots?: DeviceSlots
  /** Adaptive designs by name; a study with a design missing here cannot be run. */
  samplers: Partial<Record<'tpe', Sampler>>
  /** Whether the engine a lease names is still alive (this one included). */
  isHeld(lease: Lease): Promise<boolean>
  /** Marks the given runs interrupted when their owner and trainer are gone (orphans.ts). */
  sweepRuns(ids: readonly number[]): Promise<void>
}

/** What a run's end makes of its trial. */
type Settled = (Pick<TrialRecord, 'status' | 'objective' | 'message' | 'messageCoded'> & { prunedStep?: number }) | 'requeue'

const ENDED = new Set(['finished', 'failed', 'crashed', 'diverged', 'cancelled', 'interrupted'])
const RESUMABLE = new Set(['cancelled', 'interrupted'])
/** Proposals a sampler may repeat (a small discrete space) before the study takes its points as all found. */
const MAX_DUPLICATE_PROPOSALS = 20
/** Queued trials, from the head of a study's plan, one may pass over to take a slot that is free (a CPU trial while the GPUs are busy). */
const PLACEMENT_WINDOW = 64

export interface StudyRunner {
  /** Takes the study for this engine and starts trials up to its caps. */
  start(id: number): Promise<StudyRecord>
  /** Stops launching; running trials are stopped and queued again (they resume from their checkpoints). */
  pause(id: number): Promise<StudyRecord>
  /** Stops the study for good: running trials are stopped, they and the queued ones become cancelled. */
  cancel(id: number): Promise<StudyRecord>
  /** Plans trials the definition now holds (after an extension) and, when running, starts them. */
  replan(id: number): Promise<void>
  /**
   * Settles the trials left running by engines that are gone, and hands a study such an engine
   * ran back as paused: nothing stays `running` without a live engine under it.
   */
  recover(): Promise<void>
  /** Resolves once no trial of the study runs under this engine. */
  idle(id: number): Promise<void>
  isRunning(id: number): boolean
  /** The study's check against the trainers, cached. */
  checked(study: StudyRecord): CheckedStudy
  /** Pauses every study this engine runs, before the supervisor stops their trainers. */
  close(): Promise<void>
}

interface Session {
  startedAt: number
  /** Trials this engine launched, by run id. */
  active: Map<number, TrialRecord>
  stopping: 'pause' | 'cancel' | null
  /** Why the study pauses when the runner itself paused it (the disk is full, the data changed). */
  pauseMessage: CodedMessage | null
  /** Trials claimed whose run is being started. */
  launching: number
  pumping: boolean
  again: boolean
  idle: (() => void)[]
  /** Reads the study row now and then: a pause or cancel asked by another process, a time budget spent. */
  watch: NodeJS.Timeout
  /** The study's pruner over its trials' curves, null when it prunes nothing. */
  pruning: StudyPruning | null
  /** Runs being stopped because their trial was pruned, with the decision. */
  prunes: Map<number, PruneCall>
}

/** How often a running study's row is read for requests from other processes and its time budget. */
const WATCH_MS = 500

/**
 * Turns studies into runs: claims queued trials from the ledger in order, starts each as a run of
 * the study's experiment, records how it ended and its objective, and stops at the budget. Every
 * change goes to the ledger first, so a killed engine leaves nothing a restart cannot settle.
 */
export function createStudyRunner(deps: StudyRunnerDeps): StudyRunner {
  const { store, events, owner } = deps
  const slots = deps.slots ?? createDeviceSlots({ threadBudget: Infinity, gpus: [], providers: ['cpu'] })
  const sessions = new Map<number, Session>()
  const checks = new Map<number, { json: string; checked: CheckedStudy }>()
  let closing = false

  const changed = (id: number) => events.emit('studies.changed', { id })

  const checked = (study: StudyRecord): CheckedStudy => {
    const json = JSON.stringify(study.definition)
    const cached = checks.get(study.id)
    if (cached?.json === json) return cached.checked
    const fresh = checkStudy(study.definition, deps.trainers())
    checks.set(study.id, { json, checked: fresh })
    return fresh
  }

  const mustGet = (id: number): StudyRecord => {
    const study = store.studies.get(id)
    if (!study) throw new AppError('NOT_FOUND', `Study ${id} does not exist`, { issues: [{ field: 'id', message: `no study ${id}` }] })
    return study
  }

  /** TPE plans one point at a time: asks the sampler until the target is met or it only repeats itself. */
  const proposeNext = (study: StudyRecord): boolean => {
    const c = checked(study)
    const sampler = deps.samplers.tpe
    if (c.definition.design.method !== 'tpe' || !sampler) return false
    const trials = store.studies.trials(study.id)
    const points = trials.filter((t) => t.repeat === 0)
    if (points.length >= pointTarget(c)) return false
    const names = c.space.params.map((p) => p.name)
    for (let attempt = 0; attempt < MAX_DUPLICATE_PROPOSALS; attempt++) {
      const proposal = sampler.propose({
        space: c.space,
        conditions: c.conditions,
        direction: c.definition.objective.direction,
        trials,
        seed: c.definition.seed,
        // A repeated proposal is asked again under another number, far past any real point's.
        index: points.length + attempt * 1_000_000
      })
      const params = activeParams(names, names.map((n) => proposal[n]), c)
      if (points.some((p) => p.hash === trialHash(params, 0))) continue
      const all = planTrials(c, [...points.map((p) => p.params), params])
      return store.studies.enqueue(study.id, all) > 0
    }
    return false
  }

  /** Trials that took (or take) a run, against the budget's maxTrials. */
  const used = (id: number) => {
    const n = store.studies.counts(id)
    return n.running + n.finished + n.failed + n.pruned
  }

  const budgetLeft = (study: StudyRecord, session: Session): CodedMessage | null => {
    const { maxTrials, maxWallSeconds } = study.definition.budget
    if (maxTrials !== undefined && used(study.id) >= maxTrials) return msg('studies.status.budgetTrials', { max: maxTrials })
    const elapsed = study.elapsedMs + (Date.now() - session.startedAt)
    if (maxWallSeconds !== undefined && elapsed >= maxWallSeconds * 1000) return msg('studies.status.budgetSeconds', { seconds: maxWallSeconds })
    return null
  }

  /** Ends this engine's session of a study: time added up, lease let go, status and message set. */
  const endSession = (id: number, patch: Partial<StudyRecord>) => {
    const session = sessions.get(id)
    if (!session) return
    sessions.delete(id)
    clearInterval(session.watch)
    const study = mustGet(id)
    store.transaction(() => {
      store.studies.update(id, { ...patch, elapsedMs: study.elapsedMs + (Date.now() - session.startedAt) })
      store.studies.setLease(id, null, study.lease)
    })
    for (const resolve of session.idle) resolve()
    changed(id)
    void pumpAll()
  }

  /** Ends a session asked to stop, once no trial of it runs or is being launched: cancelled, or paused saying why. */
  const endStopped = (id: number, session: Session) => {
    // Only this session: one ended already leaves the study to whichever session runs it now.
    if (sessions.get(id) !== session) return
    endSession(id, session.stopping === 'cancel' ? { status: 'cancelled', ...studySaid('studies.status.cancelled'), endedAt: Date.now() } : { status: 'paused', ...studySays(session.pauseMessage ?? msg('studies.status.paused')) })
  }

  const finish = (study: StudyRecord, message: CodedMessage) => {
    store.transaction(() => {
      for (const t of store.studies.trials(study.id, { status: 'queued' })) store.studies.updateTrial(t.id, { status: 'cancelled', ...trialSays(message), endedAt: Date.now() })
    })
    endSession(study.id, { status: 'finished', ...studySays(message), endedAt: Date.now() })
  }

  const launch = async (study: StudyRecord, trial: TrialRecord, device: DeviceAssignment, session: Session): Promise<void> => {
    const c = checked(study)
    const previous = trial.runId === null ? undefined : store.runs.get(trial.runId)
    let run: Run
    try {
      // A trial queued again after a pause or a stopped engine resumes its run from the last
      // checkpoint; a run stopped before its first checkpoint has nothing to resume: a new run starts.
      const resumed = previous && RESUMABLE.has(previous.status) ? await deps.runs['runs.resume']({ id: previous.id }, device).catch(() => undefined) : undefined
      if (resumed) run = resumed
      else {
        const { dataset, datasetVersionId } = c.definition
        run = await deps.runs['runs.start']({
          experimentId: study.experimentId,
          trainer: c.definition.trainer,
          config: trialConfig(c.definition.config, trial),
          ...(dataset !== undefined ? { dataset } : datasetVersionId !== undefined ? { datasetVersionId } : {}),
          name: `${study.name} #${trial.index}${c.definition.repeats > 1 || trial.repeat > 0 ? ` r${trial.repeat}` : ''}`
        }, device)
        // The stopped run reached no checkpoint: the new one redoes all it did, so it goes, and the
        // experiment keeps one run per trial.
        if (previous && RESUMABLE.has(previous.status)) await deps.runs['runs.delete']({ id: previous.id }).catch(() => undefined)
      }
    } catch (err) {
      slots.release(trial.id)
      if (err instanceof AppError && err.code === 'INVALID_CONFIG') {
        // This point cannot run (a value the trainer refuses, more memory than the machine has): it fails, the study goes on.
        store.studies.updateTrial(trial.id, { status: 'failed', ...trialSaid('studies.trial.notStarted', { reason: errorReason(err) }), endedAt: Date.now() })
      } else {
        // Nothing can run (the disk is full, the data changed or is gone): the trial waits queued and the study pauses, saying why.
        store.studies.updateTrial(trial.id, { status: 'queued', message: null, endedAt: null })
        session.pauseMessage = msg('studies.status.pausedBecause', { reason: errorReason(err) })
        void stop(study.id, 'pause')
      }
      changed(study.id)
      return
    }
    const linked = store.studies.updateTrial(trial.id, { runId: run.id })
    slots.bind(trial.id, run.id)
    session.active.set(run.id, linked)
    session.pruning?.started(linked, run.id)
    // Paused or cancelled while its run was starting: the run stops now and its end settles the trial.
    if (session.stopping) void deps.runs['runs.cancel']({ id: run.id }).catch(() => undefined)
    changed(study.id)
  }

  /**
   * The first queued trial of the study's plan (within PLACEMENT_WINDOW) a device slot is free
   * for, claimed with its slot and the slot recorded; 'wait' when every one waits for a slot,
   * 'none' when nothing is queued and the sampler proposes nothing.
   */
  const claimPlaced = (study: StudyRecord): { trial: TrialRecord; device: DeviceAssignment } | 'none' | 'wait' => {
    const c = checked(study)
    let head = store.studies.queuedHead(study.id, PLACEMENT_WINDOW)
    if (head.length === 0 && proposeNext(study)) head = store.studies.queuedHead(study.id, PLACEMENT_WINDOW)
    if (head.length === 0) return 'none'
    for (const queued of head) {
      const device = slots.take(slots.need(trialConfig(c.base, queued)), { studyId: study.id, trialId: queued.id })
      if (!device) continue
      const claimed = store.studies.claim(queued.id, owner)
      if (!claimed) {
        // Another engine took it between the read and the claim.
        slots.release(queued.id)
        continue
      }
      return { trial: store.studies.updateTrial(claimed.id, { device: device.slot }), device }
    }
    return 'wait'
  }

  /** Trials this engine's studies have running, against the engine's cap. */
  const launched = () => [...sessions.values()].reduce((n, s) => n + s.active.size + s.launching, 0)

  /**
   * Offers the engine's free trainers to its studies, the highest priority first (the oldest
   * study among equals), so a study of lower priority starts a trial only when none above wants one.
   */
  let offering = Promise.resolve()
  const pumpAll = (): Promise<void> => {
    offering = offering.then(async () => {
      const order = [...sessions.keys()]
        .map((id) => ({ id, priority: store.studies.get(id)?.definition.priority ?? 0 }))
        .sort((a, b) => b.priority - a.priority || a.id - b.id)
      for (const { id } of order) await pump(id).catch((err: unknown) => console.error(`[paramscope] study ${id} could not go on:`, err))
    })
    return offering
  }

  async function pump(id: number): Promise<void> {
    const session = sessions.get(id)
    if (!session) return
    if (session.pumping) {
      session.again = true
      return
    }
    session.pumping = true
    try {
      do {
        session.again = false
        const study = mustGet(id)
        if (closing || session.stopping || study.status !== 'running') break
        const c = checked(study)
        const cap = Math.min(c.definition.concurrency ?? Infinity, deps.maxConcurrentRuns)
        let budget = budgetLeft(study, session)
        let waitsForSlot = false
        while (!budget && store.studies.counts(id).running < cap && launched() < deps.maxConcurrentRuns && !closing && !session.stopping) {
          const next = claimPlaced(study)
          if (next === 'none') break
          if (next === 'wait') {
            waitsForSlot = true
            break
          }
          session.launching += 1
          try {
            await launch(study, next.trial, next.device, session)
          } finally {
            session.launching -= 1
            if (session.stopping && session.active.size === 0 && session.launching === 0) endStopped(id, session)
          }
          budget = budgetLeft(mustGet(id), session)
        }
        const counts = store.studies.counts(id)
        if (counts.running > 0 || closing || session.stopping) continue
        if (budget) finish(study, budget)
        else if (counts.queued === 0 && !proposeNext(study)) finish(study, msg('studies.status.allEnded'))
        // Trials wait while other studies hold the engine's trainers or the slots they need; a freed one offers itself again.
        else session.again = launched() < deps.maxConcurrentRuns && !waitsForSlot
      } while (session.again && sessions.has(id))
    } finally {
      session.pumping = false
    }
  }

  /** How a run's end settles its trial; `stopping` says what the study asked for. */
  const settlement = (study: StudyRecord, run: Run, stopping: Session['stopping'] | 'engineStopped'): Settled => {
    if (run.status === 'finished') {
      const objective = objectiveOf(store, run.id, checked(study).definition.objective)
      return { status: 'finished', objective: objective.value, ...trialSays(objective.missing ?? null) }
    }
    if (run.status === 'cancelled' || run.status === 'interrupted') {
      if (stopping === 'cancel' || study.status === 'cancelled') return { status: 'cancelled', objective: null, ...trialSaid('studies.trial.studyCancelled') }
      if (stopping === 'pause') return 'requeue'
      if (stopping === 'engineStopped' || run.status === 'interrupted')
        return study.definition.onEngineStop === 'requeue' ? 'requeue' : { status: 'failed', objective: null, ...trialSaid('studies.trial.engineStopped') }
      return { status: 'cancelled', objective: null, ...trialSaid('studies.trial.runCancelled', { run: run.id }) }
    }
    return { status: 'failed', objective: null, ...trialSays(runEnded(run)) }
  }

  const record = (trial: TrialRecord, settled: Settled) => {
    if (settled === 'requeue') store.studies.updateTrial(trial.id, { status: 'queued', ...trialSaid('studies.trial.requeued'), endedAt: null })
    else store.studies.updateTrial(trial.id, { ...settled, endedAt: Date.now() })
    changed(trial.studyId)
  }

  const onRunEnded = (run: Run) => {
    for (const [id, session] of sessions) {
      const trial = session.active.get(run.id)
      if (!trial) continue
      session.active.delete(run.id)
      slots.release(trial.id)
      const current = store.studies.getTrial(trial.id)
      const pruned = session.prunes.get(run.id)
      session.prunes.delete(run.id)
      if (current?.status === 'running' && current.runId === run.id) {
        const settled: Settled =
          pruned && run.status !== 'finished'
            ? { status: 'pruned', objective: pruned.value, prunedStep: pruned.step, ...trialSays(pruneMessage(pruned.reason)) }
            : // A closing engine stops under its trials as a killed one does: the study's onEngineStop decides.
              settlement(mustGet(id), run, closing ? 'engineStopped' : session.stopping)
        record(current, settled)
        session.pruning?.ended(trial.id, settled === 'requeue' ? null : settled.status === 'finished' ? 'complete' : settled.status === 'pruned' ? 'pruned' : null)
      }
      if (session.active.size === 0 && session.launching === 0 && session.stopping) endStopped(id, session)
      else void pumpAll()
      return
    }
  }

  /** A trial whose lease holder is gone, settled from its run; one still active is left to end first. */
  const recoverTrial = async (trial: TrialRecord): Promise<void> => {
    if (trial.lease.instance === owner.instance || (await deps.isHeld(trial.lease))) return
    const study = mustGet(trial.studyId)
    if (trial.runId !== null) await deps.sweepRuns([trial.runId])
    const run = trial.runId === null ? undefined : store.runs.get(trial.runId)
    if (run && !ENDED.has(run.status)) return
    const current = store.studies.getTrial(trial.id)
    if (current?.status !== 'running' || current.lease.instance !== trial.lease.instance) return
    if (run) record(current, settlement(study, run, 'engineStopped'))
    else record(current, study.definition.onEngineStop === 'requeue' ? 'requeue' : { status: 'failed', objective: null, ...trialSaid('studies.trial.engineStoppedBeforeStart') })
  }

  /** A metric batch of a running trial: the pruner decides, and a pruned trial's run is stopped at once. */
  const onMetrics = ({ runId, series }: { runId: number; series: Record<string, Series> }) => {
    for (const session of sessions.values()) {
      const trial = session.active.get(runId)
      if (!trial || !session.pruning || session.prunes.has(runId) || session.stopping) continue
      const call = session.pruning.report(trial, series)
      if (!call) return
      session.prunes.set(runId, call)
      void deps.runs['runs.cancel']({ id: runId }).catch(() => undefined)
      return
    }
  }

  events.subscribe((name, payload) => {
    if (name === 'run.metrics') return onMetrics(payload as { runId: number; series: Record<string, Series> })
    if (name !== 'run.updated') return
    const run = payload as Run
    if (!ENDED.has(run.status)) return
    if ([...sessions.values()].some((s) => s.active.has(run.id))) return onRunEnded(run)
    // The run of a trial whose engine was killed, ended now (the orphan watch marked it).
    const trial = store.studies.trialOfRun(run.id)
    if (trial?.status === 'running')
      void recoverTrial(trial)
        .then(() => pumpAll())
        .catch((err: unknown) => console.error(`[paramscope] could not settle trial ${trial.id}:`, err))
  })

  /** Stops the study's running trials; each run's end then settles its trial. */
  const stop = async (id: number, how: 'pause' | 'cancel'): Promise<void> => {
    const session = sessions.get(id)
    if (!session) return
    session.stopping = how
    // A trial being launched is stopped as soon as its run exists (launch), and the last to end ends the session.
    if (session.active.size === 0 && session.launching === 0) return endStopped(id, session)
    for (const runId of [...session.active.keys()]) await deps.runs['runs.cancel']({ id: runId }).catch(() => undefined)
  }

  /** The study, after settling what a dead engine left of it; one a live engine runs is left to that engine. */
  const heldElsewhere = async (id: number): Promise<StudyRecord> => {
    const study = mustGet(id)
    if (study.status === 'running' && !sessions.has(id) && !(await deps.isHeld(study.lease))) await recoverStudies([id])
    return mustGet(id)
  }

  const recoverStudies = async (ids?: number[]) => {
    for (const study of store.studies.list()) {
      if ((ids && !ids.includes(study.id)) || study.status !== 'running' || sessions.has(study.id) || (await deps.isHeld(study.lease))) continue
      if (!store.studies.setLease(study.id, null, study.lease)) continue
      store.studies.update(study.id, { status: 'paused', ...studySaid('studies.status.engineStopped') })
      changed(study.id)
    }
    for (const trial of store.studies.listRunning()) if (!ids || ids.includes(trial.studyId)) await recoverTrial(trial)
  }

  const idle = (id: number): Promise<void> => {
    const session = sessions.get(id)
    return session ? new Promise((resolve) => session.idle.push(resolve)) : Promise.resolve()
  }

  return {
    async start(id) {
      if (closing) throw new AppError('CONFLICT', 'The engine is closing')
      let study = mustGet(id)
      if (sessions.has(id)) return study
      if (study.lease.instance !== null && (await deps.isHeld(study.lease)))
        throw new AppError('CONFLICT', `Study ${id} is being run by another ParamScope process (pid ${study.lease.pid}); pause it there`)
      for (const trial of store.studies.trials(id, { status: 'running' })) await recoverTrial(trial)
      study = mustGet(id)
      if (study.status === 'cancelled' || study.status === 'finished')
        throw new AppError('CONFLICT', `Study ${id} has ${study.status === 'cancelled' ? 'been cancelled' : 'finished'}; extend it to run more trials`)
      const c = checked(study)
      if (c.definition.design.method === 'tpe' && !deps.samplers.tpe) throw new AppError('UNSUPPORTED', 'This engine has no TPE sampler to run the study with')
      if (!store.studies.setLease(id, owner, study.lease))
        throw new AppError('CONFLICT', `Study ${id} is being run by another ParamScope process (pid ${study.lease.pid}); pause it there`)
      // Planning again is free: the ledger keeps the trials it has and adds only missing ones.
      store.studies.enqueue(id, planTrials(c, store.studies.trials(id).filter((t) => t.repeat === 0).map((t) => t.params)))
      study = store.studies.update(id, { status: 'running', statusMessage: null, startedAt: study.startedAt ?? Date.now(), endedAt: null })
      const watch = setInterval(() => {
        const session = sessions.get(id)
        const current = store.studies.get(id)
        if (!session || session.stopping || !current) return
        // Another process (a second CLI, the app) asks through the row: it writes paused or cancelled.
        if (current.status !== 'running') void stop(id, current.status === 'cancelled' ? 'cancel' : 'pause')
        else if (budgetLeft(current, session)) void pump(id)
      }, WATCH_MS)
      watch.unref()
      sessions.set(id, {
        startedAt: Date.now(),
        active: new Map(),
        stopping: null,
        pauseMessage: null,
        launching: 0,
        pumping: false,
        again: false,
        idle: [],
        watch,
        pruning: createStudyPruning(store, id, c.definition),
        prunes: new Map()
      })
      changed(id)
      await pumpAll()
      return mustGet(id)
    },
    async pause(id) {
      const study = await heldElsewhere(id)
      if (sessions.has(id)) await stop(id, 'pause')
      // The engine that runs it reads the row within WATCH_MS and stops its trials.
      else if (study.status === 'running' || study.status === 'pending') store.studies.update(id, { status: 'paused', ...studySaid('studies.status.pausedByProcess', { pid: process.pid }) })
      changed(id)
      return mustGet(id)
    },
    async cancel(id) {
      const study = await heldElsewhere(id)
      if (study.status === 'finished' || study.status === 'cancelled') throw new AppError('CONFLICT', `Study ${id} has already ended (${study.status})`)
      store.transaction(() => {
        for (const t of store.studies.trials(id, { status: 'queued' })) store.studies.updateTrial(t.id, { status: 'cancelled', ...trialSaid('studies.trial.studyCancelled'), endedAt: Date.now() })
      })
      if (sessions.has(id)) await stop(id, 'cancel')
      else store.studies.update(id, { status: 'cancelled', ...studySaid('studies.status.cancelledByProcess', { pid: process.pid }), endedAt: Date.now() })
      changed(id)
      return mustGet(id)
    },
    async replan(id) {
      const study = mustGet(id)
      const c = checked(study)
      store.studies.enqueue(id, planTrials(c, store.studies.trials(id).filter((t) => t.repeat === 0).map((t) => t.params)))
      if (sessions.has(id)) await pump(id)
    },
    recover: () => recoverStudies(),
    idle,
    isRunning: (id) => sessions.has(id),
    checked,
    async close() {
      closing = true
      const waits = [...sessions.keys()].map((id) => {
        const wait = idle(id)
        void stop(id, 'pause')
        return wait
      })
      await Promise.all(waits)
    }
  }
}
