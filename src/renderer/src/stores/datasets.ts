import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Dataset, DatasetDetail, DatasetVersion, MethodInput, MethodOutput } from '../../../shared/api'
import { useApi } from '../composables/use-api'

/** Registered datasets and the details (profile, versions) of those opened, kept fresh by events. */
export const useDatasetsStore = defineStore('datasets', () => {
  const api = useApi()
  const list = ref<Dataset[]>([])
  const isLoaded = ref(false)
  const details = ref<Record<number, DatasetDetail>>({})
  /** Uploads that no dataset uses (their import failed or never started), for the page to offer cleaning. */
  const leftovers = ref<MethodOutput<'datasets.leftovers'>>({ files: [], bytes: 0 })

  async function load(): Promise<void> {
    list.value = await api['datasets.list']({})
    isLoaded.value = true
  }

  async function loadDetail(id: number): Promise<DatasetDetail> {
    const detail = await api['datasets.get']({ id })
    details.value[id] = detail
    return detail
  }

  async function createVersion(input: MethodInput<'datasets.createVersion'>): Promise<DatasetVersion> {
    const version = await api['datasets.createVersion'](input)
    const detail = details.value[input.datasetId]
    // The same inputs give the same version: replace it rather than list it twice.
    if (detail) detail.versions = [version, ...detail.versions.filter((v) => v.id !== version.id)]
    return version
  }

  /** Forgets a dataset (the engine deletes its library copy); what is on screen drops it at once. */
  async function remove(id: number): Promise<void> {
    await api['datasets.delete']({ id })
    list.value = list.value.filter((d) => d.id !== id)
    delete details.value[id]
  }

  let hasLeftovers = false
  async function loadLeftovers(): Promise<void> {
    leftovers.value = await api['datasets.leftovers']({})
    hasLeftovers = true
  }

  /** Deletes the leftovers listed now (the engine keeps any a dataset took since), then lists again. */
  async function cleanLeftovers(): Promise<void> {
    try {
      await api['datasets.removeLeftovers']({ names: leftovers.value.files.map((f) => f.name) })
    } finally {
      await loadLeftovers()
    }
  }

  /** A file changed or a dataset came or went: refetch what is on screen. */
  function refresh(): void {
    if (isLoaded.value) load().catch(() => undefined)
    if (hasLeftovers) loadLeftovers().catch(() => undefined)
    for (const id of Object.keys(details.value)) loadDetail(Number(id)).catch(() => undefined)
  }

  api.on('datasets.changed', refresh)
  api.onReconnect(refresh)

  return { list, isLoaded, details, leftovers, load, loadDetail, createVersion, remove, loadLeftovers, cleanLeftovers }
})
