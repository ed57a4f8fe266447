import { defineStore } from 'pinia'
import { ref } from 'vue'
import { isActiveStatus, type Run } from '../../../shared/api'
import { useApi } from '../composables/use-api'

/** Runs of an experiment listed at a time, newest first: a screenful and more, drawn at once. */
export const RUNS_PAGE = 200

/** Runs by id, kept current by `run.updated`. */
export const useRunsStore = defineStore('runs', () => {
  const api = useApi()
  const byId = ref<Record<number, Run>>({})
  /** run.updated events received per run: an answer is stale when one came while it was asked. */
  const eventsOf = new Map<number, number>()

  function upsert(run: Run): void {
    byId.value[run.id] = run
  }

  async function loadExperiment(experimentId: number): Promise<void> {
    const runs = await api['runs.list']({ experimentId, limit: RUNS_PAGE })
    for (const run of runs) upsert(run)
  }

  /** The next page of an experiment's runs, older than the oldest held; how many came. */
  async function loadOlder(experimentId: number): Promise<number> {
    const held = ofExperiment(experimentId)
    const beforeId = held.length > 0 ? held.reduce((min, r) => Math.min(min, r.id), Number.POSITIVE_INFINITY) : undefined
    const runs = await api['runs.list']({ experimentId, beforeId, limit: RUNS_PAGE })
    for (const run of runs) upsert(run)
    return runs.length
  }

  /** Runs of one experiment, newest first. */
  function ofExperiment(experimentId: number): Run[] {
    return Object.values(byId.value)
      .filter((r) => r.experimentId === experimentId)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
  }

  async function load(id: number): Promise<Run> {
    const { metrics: _metrics, ...run } = await api['runs.get']({ id })
    upsert(run)
    return run
  }

  async function start(input: Parameters<typeof api['runs.start']>[0]): Promise<Run> {
    const run = await api['runs.start'](input)
    upsert(run)
    return run
  }

  async function cancel(id: number): Promise<void> {
    const asked = await api['runs.cancel']({ id })
    // The answer says how the run was when asked (still running); its end may have come by
    // run.updated before the answer, and no event follows it to correct a stale overwrite.
    const now = byId.value[id]
    if (!now || isActiveStatus(now.status)) upsert(asked)
  }

  async function resume(id: number): Promise<void> {
    const seen = eventsOf.get(id) ?? 0
    const asked = await api['runs.resume']({ id })
    // An ended run sends no events: one that came while asking is the resumed run moving on
    // (running, even ended), newer than the answer's `queued`, with perhaps no event after it.
    if ((eventsOf.get(id) ?? 0) === seen) upsert(asked)
  }

  /** Renames a run or sets its notes or tags; what is not given stays. */
  async function update(id: number, patch: { name?: string; notes?: string; tags?: string[] }): Promise<void> {
    upsert(await api['runs.update']({ id, ...patch }))
  }

  async function remove(id: number): Promise<void> {
    await api['runs.delete']({ id })
    forget((r) => r.id === id)
  }

  /** Drops runs the engine no longer has (a deleted run, the runs of a deleted experiment). */
  function forget(which: (run: Run) => boolean): void {
    for (const run of Object.values(byId.value)) {
      if (!which(run)) continue
      delete byId.value[run.id]
    }
  }

  api.on('run.updated', (run) => {
    eventsOf.set(run.id, (eventsOf.get(run.id) ?? 0) + 1)
    upsert(run)
  })
  // Status changes may have been missed: ask again about every run that was still active.
  api.onReconnect(() => {
    for (const run of Object.values(byId.value)) {
      if (isActiveStatus(run.status)) load(run.id).catch(() => undefined)
    }
  })

  return { byId, upsert, loadExperiment, loadOlder, ofExperiment, load, start, cancel, resume, update, remove, forget }
})
