import { ref, watchEffect, type Ref } from 'vue'
import { isActiveStatus, type Run } from '../../../shared/api'
import { decodeRunsTable, metricOf } from '../../../shared/compare/table-columns'
import { useApi } from './use-api'

/** A run's last value of each named metric; null where it has none. */
export type FinalValues = Record<string, number | null>

/**
 * The last values of `names` for the ended runs a page lists, read with one runs.table call for
 * all the runs not read yet (a page of them, a run that just ended) instead of a call per run.
 * A run is read again when it ends again after a resume, or ends differently.
 */
export function useFinalValues(runs: Ref<readonly Run[]>, names: readonly string[]): Ref<Record<number, FinalValues>> {
  const api = useApi()
  const finals = ref<Record<number, FinalValues>>({})
  /** The status each run was read (or is being read) at. */
  const readAt = new Map<number, Run['status']>()
  watchEffect(() => {
    // A run going again (resumed) is read anew once it ends, whatever its end.
    for (const r of runs.value) if (isActiveStatus(r.status)) readAt.delete(r.id)
    const wanted = runs.value.filter((r) => !isActiveStatus(r.status) && readAt.get(r.id) !== r.status)
    if (wanted.length === 0) return
    for (const r of wanted) readAt.set(r.id, r.status)
    api['runs.table']({ runIds: wanted.map((r) => r.id) }).then(
      (wire) => {
        for (const row of decodeRunsTable(wire).rows) finals.value[row.id] = Object.fromEntries(names.map((name) => [name, metricOf(row, name, 'last') ?? null]))
      },
      // Asked again the next time the list changes.
      () => {
        for (const r of wanted) if (readAt.get(r.id) === r.status) readAt.delete(r.id)
      }
    )
  })
  return finals
}
