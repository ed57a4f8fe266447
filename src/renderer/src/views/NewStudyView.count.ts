import { ref, watch, type Ref } from 'vue'
import type { MethodOutput, StudyDesignMethod } from '../../../shared/api'
import type { Client } from '../api/client'
import { trialCount } from './NewStudyView.sweep'

export interface TrialCountView {
  points: number
  repeats: number
  /** Points × repeats, and what the trial budget lets run of them. */
  all: number
  trials: number
  isTpe: boolean
}

export interface CountRequest {
  trainer: string
  params: Record<string, unknown>
  method: StudyDesignMethod
  n: number
  repeats: number
  seed?: number
  maxTrials?: number
  concurrency?: number
}

/** The most trials studies.estimate takes: a larger study is estimated as this many. */
const MAX_ESTIMATED_TRIALS = 10_000_000

/** How long the builder waits after the last keystroke before asking the engine. */
export const COUNT_DEBOUNCE_MS = 300

/**
 * The trials a design implies (the engine's own design, its rows times the repeats) and how long
 * they would take; asked again, debounced, whenever the request changes, and stale answers dropped.
 */
export function useTrialCount(api: Client, request: () => CountRequest | null, describe: (err: unknown) => string) {
  const count: Ref<TrialCountView | null> = ref(null)
  const estimate = ref<MethodOutput<'studies.estimate'> | null>(null)
  const isCounting = ref(false)
  const countError = ref<string | null>(null)
  let asked = 0
  let timer: ReturnType<typeof setTimeout> | undefined

  async function ask(req: CountRequest, ticket: number): Promise<void> {
    try {
      const points =
        req.method === 'tpe'
          ? req.n
          : (await api['designs.generate']({ space: { params: req.params }, method: req.method, n: req.n, seed: req.seed ?? 0 })).rows.length
      if (ticket !== asked) return
      const all = points * req.repeats
      const trials = trialCount(points, req.repeats, req.maxTrials)
      count.value = { points, repeats: req.repeats, all, trials, isTpe: req.method === 'tpe' }
      countError.value = null
      // Without an estimate the count still shows.
      const e = await api['studies.estimate']({ trainer: req.trainer, trials: Math.min(trials, MAX_ESTIMATED_TRIALS), ...(req.concurrency ? { concurrency: req.concurrency } : {}) }).catch(() => null)
      if (ticket === asked) estimate.value = e
    } catch (err) {
      if (ticket !== asked) return
      count.value = null
      countError.value = describe(err)
    } finally {
      if (ticket === asked) isCounting.value = false
    }
  }

  watch(
    () => JSON.stringify(request()),
    () => {
      const req = request()
      const ticket = ++asked
      clearTimeout(timer)
      if (!req) {
        count.value = null
        countError.value = null
        isCounting.value = false
        return
      }
      isCounting.value = true
      timer = setTimeout(() => void ask(req, ticket), COUNT_DEBOUNCE_MS)
    },
    { immediate: true }
  )

  return { count, estimate, isCounting, countError }
}
