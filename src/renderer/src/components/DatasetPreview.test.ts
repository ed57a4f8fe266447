// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import DatasetPreview from './DatasetPreview.vue'

const total = 1_000_000

describe('DatasetPreview', () => {
  it('asks only for the windows in view and keeps only visible rows in the DOM', async () => {
    const fake = createFakeApi({
      'datasets.rows': ({ offset = 0, limit = 100 }) => ({
        rows: Array.from({ length: Math.min(limit, total - offset) }, (_, i) => [String(offset + i), `name ${offset + i}`]),
        total
      })
    })
    const w = mountWithApp(DatasetPreview, { fake }, { props: { datasetId: 4, columns: ['id', 'name'], rows: total, height: 280 }, attachTo: document.body })
    await flushPromises()
    const asked = () => fake.calls.filter((c) => c.method === 'datasets.rows').map((c) => c.input)
    expect(asked()).toEqual([{ id: 4, offset: 0, limit: 100 }])
    const rows = w.findAll('[data-testid="preview-row"]')
    // 280 px of 28 px rows plus overscan: a handful of rows, not a million.
    expect(rows.length).toBeGreaterThan(9)
    expect(rows.length).toBeLessThan(20)
    expect(rows[0].attributes('data-row')).toBe('0')
    expect(rows[1].text()).toContain('name 1')

    // Scroll to the middle of the table: one new window, rows from there.
    const viewport = w.get('[data-testid="preview"]')
    ;(viewport.element as HTMLElement).scrollTop = 28 * 500_050
    await viewport.trigger('scroll')
    await flushPromises()
    expect(asked()).toEqual([
      { id: 4, offset: 0, limit: 100 },
      { id: 4, offset: 500_000, limit: 100 }
    ])
    const after = w.findAll('[data-testid="preview-row"]')
    expect(after.length).toBeLessThan(20)
    expect(after.map((r) => Number(r.attributes('data-row')))).toContain(500_050)
    expect(after.find((r) => r.attributes('data-row') === '500050')?.text()).toContain('name 500050')
    expect(w.get('[data-testid="preview-total"]').text()).toBe('1,000,000 rows')
    w.unmount()
  })
})
