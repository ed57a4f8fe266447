import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { useApi } from '../composables/use-api'

interface Followed {
  text: string
  /** Characters of the log held so far: where the next `runs.log` fetch starts. */
  offset: number
  isFetching: boolean
  /** Events came while fetching; their text may or may not be in the answer, so fetch again. */
  isStale: boolean
}

/** The trainer output of the runs on screen: `runs.log`, then `run.log` events. */
export const useRunLogStore = defineStore('run-log', () => {
  const api = useApi()
  const runs = reactive<Record<number, Followed>>({})

  // Events carry text without offsets, so while a fetch is in flight an event cannot be placed
  // safely; instead the fetch repeats from the last offset until no event interrupted it.
  async function catchUp(runId: number): Promise<void> {
    const entry = runs[runId]
    if (!entry || entry.isFetching) return
    entry.isFetching = true
    try {
      do {
        entry.isStale = false
        const { text, nextOffset } = await api['runs.log']({ id: runId, offset: entry.offset })
        if (runs[runId] !== entry) return
        entry.text += text
        entry.offset = nextOffset
      } while (entry.isStale)
    } finally {
      entry.isFetching = false
    }
  }

  function follow(runId: number): Promise<void> {
    if (!runs[runId]) runs[runId] = { text: '', offset: 0, isFetching: false, isStale: false }
    return catchUp(runId)
  }

  function release(runId: number): void {
    delete runs[runId]
  }

  function textOf(runId: number): string {
    return runs[runId]?.text ?? ''
  }

  api.onReconnect(() => {
    for (const id of Object.keys(runs)) catchUp(Number(id)).catch(() => undefined)
  })

  api.on('run.log', ({ runId, text }) => {
    const entry = runs[runId]
    if (!entry) return
    if (entry.isFetching) {
      entry.isStale = true
      return
    }
    entry.text += text
    entry.offset += text.length
  })

  return { runs, follow, release, textOf }
})
