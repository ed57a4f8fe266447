import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Study, StudyDefinitionInput, Trial, TrialStatus } from '../../../shared/api'
import { useApi } from '../composables/use-api'

/** Studies by id, kept current by `studies.changed`, and the trials of the studies asked for. */
export const useStudiesStore = defineStore('studies', () => {
  const api = useApi()
  const byId = ref<Record<number, Study>>({})
  const trialsById = ref<Record<number, Trial[]>>({})
  /** Whether the whole list was loaded once. */
  const isLoaded = ref(false)
  /** Once any list is shown, a study created elsewhere is fetched to appear in it. */
  let isListing = false
  const trialsWanted = new Set<number>()

  function upsert(study: Study): void {
    byId.value[study.id] = study
  }

  /** Every study, or one experiment's; those the engine no longer has are dropped. */
  async function list(experimentId?: number): Promise<Study[]> {
    const studies = await api['studies.list'](experimentId === undefined ? {} : { experimentId })
    const seen = new Set(studies.map((s) => s.id))
    for (const s of Object.values(byId.value)) {
      if ((experimentId === undefined || s.experimentId === experimentId) && !seen.has(s.id)) delete byId.value[s.id]
    }
    for (const s of studies) upsert(s)
    if (experimentId === undefined) isLoaded.value = true
    isListing = true
    return studies
  }

  async function get(id: number): Promise<Study> {
    const study = await api['studies.get']({ id })
    upsert(study)
    return study
  }

  /** A study's trials in plan order; kept current from then on. */
  async function trials(id: number, status?: TrialStatus): Promise<Trial[]> {
    const rows = await api['studies.trials']({ id, ...(status ? { status } : {}) })
    if (!status) {
      trialsById.value[id] = rows
      trialsWanted.add(id)
    }
    return rows
  }

  async function create(experimentId: number, definition: StudyDefinitionInput, start = true): Promise<Study> {
    const study = await api['studies.create']({ experimentId, definition, start })
    upsert(study)
    return study
  }

  /** Studies newest first, all or of one experiment. */
  function sorted(experimentId?: number): Study[] {
    return Object.values(byId.value)
      .filter((s) => experimentId === undefined || s.experimentId === experimentId)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)
  }

  function refresh(id: number): void {
    if (byId.value[id] || isListing) get(id).catch(() => undefined)
    if (trialsWanted.has(id)) trials(id).catch(() => undefined)
  }

  api.on('studies.changed', ({ id }) => refresh(id))
  // Changes may have been missed while the event stream was down.
  api.onReconnect(() => {
    if (isLoaded.value) list().catch(() => undefined)
    else for (const id of Object.keys(byId.value).map(Number)) get(id).catch(() => undefined)
    for (const id of trialsWanted) trials(id).catch(() => undefined)
  })

  return { byId, trialsById, isLoaded, upsert, list, get, trials, create, sorted }
})
