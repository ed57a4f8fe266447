import { describe, expect, it } from 'vitest'
import { defaultView, loadSavedViews, saveView, sourceFromQuery, toQuery, viewFromQuery, type TableView } from './runs-table-view'

describe('runs table view in the URL', () => {
  it('round-trips every setting, names with commas included', () => {
    const view: TableView = {
      filter: "metrics.val/loss < 0.5 or params.optimizer.name = 'sgd'",
      columns: ['name', 'p:a,b', 'm:val/loss'],
      sort: { column: 'm:val/loss', dir: 'desc' },
      groupBy: ['optimizer.name', 'a,b'],
      baseline: 7,
      scale: 'zscore',
      value: 'step',
      step: 50,
      diffOnly: true
    }
    const source = { experimentIds: [1, 2], studyIds: [3], runIds: [] }
    const q = toQuery(source, view)
    // Through the URL as the router writes and reads it.
    const back = Object.fromEntries(new URLSearchParams(new URLSearchParams(q).toString()))
    expect(viewFromQuery(back)).toEqual(view)
    expect(sourceFromQuery(back)).toEqual(source)
  })

  it('writes nothing for defaults and ignores what it cannot read', () => {
    expect(toQuery({ experimentIds: [1], studyIds: [], runIds: [] }, defaultView())).toEqual({ experiments: '1' })
    expect(viewFromQuery({ scale: 'rainbow', value: 'median', base: '-1', step: 'x', sort: 'bad' })).toEqual(defaultView())
    expect(sourceFromQuery({ experiments: '1,x,,2' }).experimentIds).toEqual([1, 2])
  })

  it('keeps named views, replacing one of the same name', () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    saveView({ name: 'a', query: { q: 'x' } }, storage)
    saveView({ name: 'b', query: { q: 'y' } }, storage)
    saveView({ name: 'a', query: { q: 'z' } }, storage)
    expect(loadSavedViews(storage)).toEqual([
      { name: 'b', query: { q: 'y' } },
      { name: 'a', query: { q: 'z' } }
    ])
    store.set('paramscope.runsTable.views', '{broken')
    expect(loadSavedViews(storage)).toEqual([])
  })
})
