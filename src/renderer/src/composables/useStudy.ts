import { computed, onBeforeUnmount, ref, shallowRef } from 'vue'
import type { DeviceSlot, Study, Trial, TrialStatus } from '../../../shared/api'
import type { CodedMessage } from '../../../shared/messages'
import { withoutStack } from '../../../shared/stack-trace'
import { useApi } from './use-api'
import { useEngineText } from './use-engine-text'

/** Trials that will not run again: the progress counts them against the plan. */
export const doneStatuses: readonly TrialStatus[] = ['finished', 'failed', 'pruned', 'cancelled']

/** Done trials out of the planned ones. */
export function studyProgress(study: Study): { done: number; planned: number; fraction: number } {
  const done = doneStatuses.reduce((sum, s) => sum + study.counts[s], 0)
  const planned = Math.max(study.planned, done)
  return { done, planned, fraction: planned === 0 ? 0 : done / planned }
}

function median(values: number[]): number | null {
  if (values.length === 0) return null
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** How long a trial's run took, or has taken by `now` while it runs. */
export function trialDuration(trial: Trial, now = Date.now()): number | null {
  if (trial.startedAt === null) return null
  return (trial.endedAt ?? (trial.status === 'running' ? now : trial.startedAt)) - trial.startedAt
}

/** Trials still to run: the running and queued ones, the queued only as far as a trial budget lets them. */
export function remainingTrials(study: Study): number {
  const { queued, running, finished, failed, pruned } = study.counts
  const max = study.definition.budget.maxTrials
  return running + (max === undefined ? queued : Math.min(queued, Math.max(0, max - (finished + failed + pruned + running))))
}

/**
 * Milliseconds left: the median duration of the finished trials × the trials still to run
 * (queued and running, within a trial budget) ÷ the trials at once (the running ones, else the
 * study's concurrency). Null until a trial finished; 0 when nothing is left.
 */
export function studyEta(study: Study, trials: readonly Trial[]): number | null {
  const remaining = remainingTrials(study)
  if (remaining === 0) return study.counts.finished > 0 ? 0 : null
  const typical = median(trials.filter((t) => t.status === 'finished' && t.startedAt !== null && t.endedAt !== null).map((t) => t.endedAt! - t.startedAt!))
  if (typical === null) return null
  const atOnce = Math.max(1, study.counts.running || study.definition.concurrency || 1)
  return (typical * remaining) / atOnce
}

/**
 * Milliseconds the study has run by `now`. The engine adds a session to `elapsedMs` when it ends;
 * a running study's current session counts from its start (the study's first start when it has
 * had no other session, else its earliest running trial, which started in this session).
 */
export function studyElapsed(study: Study, trials: readonly Trial[], now: number): number {
  if (study.status !== 'running') return study.elapsedMs
  const since =
    study.elapsedMs === 0 && study.startedAt !== null
      ? study.startedAt
      : Math.min(now, ...trials.filter((t) => t.status === 'running' && t.startedAt !== null).map((t) => t.startedAt!))
  return study.elapsedMs + Math.max(0, now - since)
}

export interface HistoryData {
  finished: Array<[number, number]>
  pruned: Array<[number, number]>
  /** The best objective over the finished trials up to each finished trial, by index. */
  best: Array<[number, number]>
}

/** The optimization history: each finished trial's objective by index, the pruned ones, and the best so far. */
export function historyData(trials: readonly Trial[], direction: 'min' | 'max'): HistoryData {
  const byIndex = [...trials].sort((a, b) => a.index - b.index)
  const finished: Array<[number, number]> = []
  const pruned: Array<[number, number]> = []
  const best: Array<[number, number]> = []
  let bestSoFar: number | null = null
  for (const t of byIndex) {
    if (t.objective === null || !Number.isFinite(t.objective)) continue
    if (t.status === 'pruned') pruned.push([t.index, t.objective])
    if (t.status !== 'finished') continue
    finished.push([t.index, t.objective])
    if (bestSoFar === null || (direction === 'min' ? t.objective < bestSoFar : t.objective > bestSoFar)) bestSoFar = t.objective
    best.push([t.index, bestSoFar])
  }
  return { finished, pruned, best }
}

export interface SlotBox {
  device: string
  /** The engine's slot, when this engine has one by that id: its kind, name and CPU threads. */
  slot: DeviceSlot | null
  /** This study's running trials there. */
  trials: Trial[]
  /** Trials of other studies the engine runs there now. */
  others: number
}

/**
 * One box per device: each of the engine's slots (idle ones too), and any other device this
 * study's running trials name (run by another process); trials without a device count as 'cpu'.
 */
export function slotMap(trials: readonly Trial[], slots: readonly DeviceSlot[] | null = null, studyId?: number): SlotBox[] {
  const boxes = new Map<string, SlotBox>()
  for (const slot of slots ?? []) boxes.set(slot.id, { device: slot.id, slot, trials: [], others: slot.busy.filter((b) => b.studyId !== studyId).length })
  for (const t of trials) {
    if (t.status !== 'running') continue
    const device = t.device ?? 'cpu'
    const box = boxes.get(device) ?? { device, slot: null, trials: [], others: 0 }
    box.trials.push(t)
    boxes.set(device, box)
  }
  return [...boxes.values()].sort((a, b) => a.device.localeCompare(b.device, 'en', { numeric: true }))
}

/**
 * Trials sorted by index or by objective. By objective, the finished trials come first, then
 * those with a partial value (pruned at their last), then those without one, each by index.
 */
export function sortTrials(trials: readonly Trial[], by: 'index' | 'objective', descending: boolean): Trial[] {
  const sign = descending ? -1 : 1
  const group = (t: Trial) => (t.objective === null ? 2 : t.status === 'finished' ? 0 : 1)
  return [...trials].sort((a, b) => {
    if (by === 'objective') {
      const [ga, gb] = [group(a), group(b)]
      if (ga !== gb) return ga - gb
      if (ga < 2 && a.objective !== b.objective) return sign * (a.objective! - b.objective!)
      return a.index - b.index
    }
    return sign * (a.index - b.index)
  })
}

/** Refetches at most this often while `studies.changed` events keep coming. */
export const refreshIntervalMs = 500

/**
 * One study and its trials, kept fresh from `studies.changed` (throttled to two fetches a second),
 * with the actions the study page offers.
 */
export function useStudy(id: () => number) {
  const api = useApi()
  const study = ref<Study | null>(null)
  // Thousands of trials: replaced whole on each fetch, never changed in place.
  const trials = shallowRef<Trial[]>([])
  const error = ref<unknown>(null)

  // The engine's device slots; null where this engine cannot say (an older one).
  const slots = shallowRef<DeviceSlot[] | null>(null)

  async function fetchAll(): Promise<void> {
    const [s, list, devices] = await Promise.all([
      api['studies.get']({ id: id() }),
      api['studies.trials']({ id: id(), offset: 0, limit: 100_000 }),
      api['studies.slots']({}).catch(() => null)
    ])
    study.value = s
    trials.value = list
    slots.value = devices
  }

  async function load(): Promise<void> {
    error.value = null
    try {
      await fetchAll()
    } catch (err) {
      error.value = err
    }
  }

  let lastFetch = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let fetching = false
  let again = false
  function refresh(): void {
    if (timer !== null) return
    if (fetching) {
      again = true
      return
    }
    const wait = Math.max(0, lastFetch + refreshIntervalMs - Date.now())
    timer = setTimeout(() => {
      timer = null
      fetching = true
      lastFetch = Date.now()
      fetchAll()
        .catch(() => undefined)
        .finally(() => {
          fetching = false
          if (again) {
            again = false
            refresh()
          }
        })
    }, wait)
  }
  const off = api.on('studies.changed', (p) => {
    if (p.id === id()) refresh()
  })
  const offReconnect = api.onReconnect(refresh)
  onBeforeUnmount(() => {
    off()
    offReconnect()
    if (timer !== null) clearTimeout(timer)
  })

  /** Runs an action that answers with the study, then reads the trials it changed. */
  async function act(call: Promise<Study>): Promise<void> {
    study.value = await call
    trials.value = await api['studies.trials']({ id: id(), offset: 0, limit: 100_000 })
  }

  const bestTrial = computed(() => study.value?.best ?? null)

  return {
    study,
    trials,
    slots,
    error,
    bestTrial,
    load,
    pause: () => act(api['studies.pause']({ id: id() })),
    resume: () => act(api['studies.resume']({ id: id() })),
    cancel: () => act(api['studies.cancel']({ id: id() })),
    extend: (n: number, repeats: number) => act(api['studies.extend']({ id: id(), n, repeats })),
    exportDefinition: async () => (await api['studies.export']({ id: id(), format: 'yaml' })).text
  }
}

/**
 * A study's status message and a trial's message in the window's language: the coded message
 * where the engine stored one, else the English text older ledgers hold.
 */
export function useStudyWords() {
  const engine = useEngineText()
  // Older ledgers may hold a failed run's whole trace in the English: the page shows its first lines.
  const word = (coded: CodedMessage | null | undefined, english: string | null): string | null => (coded ? engine.word(coded) : english === null ? null : withoutStack(english))
  return {
    status: (study: Study): string | null => word(study.statusCoded, study.statusMessage),
    trial: (trial: Trial): string | null => word(trial.messageCoded, trial.message)
  }
}
