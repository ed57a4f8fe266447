import { defineStore } from 'pinia'
import { ref } from 'vue'
import { isActiveStatus, type Experiment } from '../../../shared/api'
import { useApi } from '../composables/use-api'
import { useRunsStore } from './runs'

/** The experiments list, kept fresh from `experiments.changed` and run status changes. */
export const useExperimentsStore = defineStore('experiments', () => {
  const api = useApi()
  const list = ref<Experiment[]>([])
  const isLoaded = ref(false)
  /** The experiment the user last opened: where "New run with this dataset" adds the run. */
  const lastVisitedId = ref<number | null>(null)
  // Active-ness seen per run: a list refresh is needed only when a run starts or ends,
  // not on every progress update.
  const activeByRun = new Map<number, boolean>()

  async function load(): Promise<void> {
    list.value = await api['experiments.list']({})
    isLoaded.value = true
  }

  async function create(name: string, description: string): Promise<Experiment> {
    const created = await api['experiments.create']({ name, description })
    if (!list.value.some((e) => e.id === created.id)) list.value = [created, ...list.value]
    return created
  }

  /** Deletes an experiment with its runs; the engine refuses while one of them is active. */
  async function remove(id: number): Promise<void> {
    await api['experiments.delete']({ id })
    list.value = list.value.filter((e) => e.id !== id)
    if (lastVisitedId.value === id) lastVisitedId.value = null
    useRunsStore().forget((r) => r.experimentId === id)
  }

  function byId(id: number): Experiment | undefined {
    return list.value.find((e) => e.id === id)
  }

  function visit(id: number): void {
    lastVisitedId.value = id
  }

  function refresh(): void {
    if (isLoaded.value) load().catch(() => undefined)
  }

  api.on('experiments.changed', refresh)
  api.onReconnect(refresh)
  api.on('run.updated', (run) => {
    const active = isActiveStatus(run.status)
    if (activeByRun.get(run.id) !== active) refresh()
    activeByRun.set(run.id, active)
  })

  return { list, isLoaded, lastVisitedId, load, create, remove, byId, visit }
})
