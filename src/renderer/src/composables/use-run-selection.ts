import { shallowRef } from 'vue'
import type { Entry } from './runs-table-groups'

/**
 * Checked runs of the table by id, so a selection survives sorting, filtering and grouping.
 * A shift-click sets every run line between the last clicked line and this one to the new state.
 */
export function useRunSelection(lines: () => readonly Entry[], shownRows: () => readonly number[], idOf: (row: number) => number) {
  const selected = shallowRef(new Set<number>())
  let anchor: number | null = null

  function click(index: number, shift: boolean): void {
    const all = lines()
    const line = all[index]
    if (line?.kind !== 'run') return
    const id = idOf(line.row)
    const on = !selected.value.has(id)
    const next = new Set(selected.value)
    const [from, to] = shift && anchor !== null ? [Math.min(anchor, index), Math.max(anchor, index)] : [index, index]
    for (let i = from; i <= to; i++) {
      const l = all[i]
      if (l?.kind !== 'run') continue
      if (on) next.add(idOf(l.row))
      else next.delete(idOf(l.row))
    }
    anchor = index
    selected.value = next
  }

  /** Checks or unchecks every run the filter shows (grouped or not). */
  function all(on: boolean): void {
    const next = new Set(selected.value)
    for (const row of shownRows()) {
      if (on) next.add(idOf(row))
      else next.delete(idOf(row))
    }
    selected.value = next
  }

  function clear(): void {
    selected.value = new Set()
    anchor = null
  }

  return { selected, click, all, clear }
}
