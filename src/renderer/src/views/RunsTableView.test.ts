// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { encodeRunsTable } from '../../../shared/compare/table-columns'
import { createMemoryHistory } from 'vue-router'
import { parseFilter } from '../composables/runs-table-shared'
import { createAppRouter } from '../router'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { runFixture } from '../testing/fixtures'
import { tableFixture, tableRow } from '../testing/table-fixtures'
import type { RunsTable } from '../../../shared/api'
import { mountWithApp } from '../testing/mount'
import type { Locale } from '../i18n'
import RunsTableView from './RunsTableView.vue'

/** runs.table as the engine answers it: by column, the first `limit` runs when asked, `total` counting all. */
const answer = (data: RunsTable, limit?: number) => ({ ...encodeRunsTable(limit ? { ...data, rows: data.rows.slice(0, limit) } : data), total: data.rows.length })

async function open(query: string, locale: Locale = 'en', data = tableFixture()) {
  const fake = createFakeApi({
    'runs.table': ({ limit }) => answer(data, limit),
    'runs.update': ({ id, tags, notes }) => runFixture({ id, tags: tags ?? [], notes: notes ?? '' }),
    'runs.metricAt': ({ runIds, step }) => ({ values: Object.fromEntries(runIds.map((id) => [String(id), id * 0.01 + step])) })
  })
  const router = createAppRouter(createMemoryHistory())
  await router.push(`/runs?${query}`)
  await router.isReady()
  const w = mountWithApp(RunsTableView, { fake, router, locale })
  await flushPromises()
  return { w, fake, router }
}
type W = Awaited<ReturnType<typeof open>>['w']
const runIds = (w: W) => w.findAll('[data-testid="run-row"]').map((r) => Number(r.attributes('data-run')))
const cells = (w: W, col: string) => w.findAll(`[data-testid="run-row"] [data-testid="cell-${col}"]`).map((c) => c.text())
const heads = (w: W) => w.findAll('[data-testid^="head-"]').map((h) => h.attributes('data-testid')!.slice(5))
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('RunsTableView', () => {
  it('reads the runs in one call and sorts by a metric column, missing values last, then reverses', async () => {
    const { w, fake, router } = await open('experiments=1')
    // The first screen and the whole table, asked at once; no request per run.
    expect(fake.calls.filter((c) => c.method === 'runs.table').map((c) => c.input)).toEqual([{ experimentIds: [1], studyIds: [], runIds: [], limit: 200 }, { experimentIds: [1], studyIds: [], runIds: [] }])
    expect(runIds(w)).toEqual([1, 2, 3, 4, 5, 6])
    await w.get('[data-testid="head-m:val/loss"]').trigger('click')
    await flushPromises()
    expect(runIds(w)).toEqual([1, 2, 3, 4, 5, 6])
    expect(router.currentRoute.value.query.sort).toBe('m:val/loss:asc')
    await w.get('[data-testid="head-m:val/loss"]').trigger('click')
    await flushPromises()
    expect(runIds(w)).toEqual([5, 4, 3, 2, 1, 6])
    // The best loss (min goal) and the best accuracy (max goal) are marked.
    expect(w.get('[data-run="1"] [data-testid="cell-m:val/loss"]').classes()).toContain('best')
    expect(w.get('[data-run="1"] [data-testid="cell-m:val/accuracy"]').classes()).toContain('best')
    expect(w.get('[data-run="5"] [data-testid="cell-m:val/loss"]').classes()).not.toContain('best')
  })

  it('filters as the user types and points at the position of a filter error, in en and zh-CN', async () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const { w } = await open('experiments=1', locale)
      await w.get('[data-testid="runs-filter"]').setValue("status = failed or params.optimizer.name = 'adamw'")
      await wait(200)
      await flushPromises()
      expect(runIds(w)).toEqual([1, 2, 3, 4])
      const bad = "params.optimizer.name >> 'sgd'"
      await w.get('[data-testid="runs-filter"]').setValue(bad)
      await wait(200)
      await flushPromises()
      const parsed = parseFilter(bad)
      if (parsed.ok) throw new Error('the filter should not parse')
      // The second '>' is where it goes wrong: the page marks that character and names its place.
      expect(parsed.error.position).toBe(23)
      expect(w.get('[data-testid="filter-error"]').attributes('data-position')).toBe('23')
      expect(w.get('[data-testid="filter-error-char"]').text()).toBe('>')
      const message = w.get('[data-testid="filter-error-message"]').text()
      expect(message).toMatch(locale === 'en' ? /^At character 24: / : /^第 24 个字符处：/)
      expect(message).not.toContain('compare.filter')
      // Rows stay as they were while the filter does not parse.
      expect(runIds(w)).toHaveLength(6)
    }
  })

  it('shows each cell’s delta against a pinned baseline, absolute and in percent', async () => {
    const { w, router } = await open('experiments=1&cols=name,m:val/loss')
    await w.get('[data-run="2"] [data-testid="pin-baseline"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.base).toBe('2')
    expect(w.get('[data-testid="baseline-note"]').text()).toContain('run-2')
    // 0.4 against 0.3: +0.1, +33.3%; 0.2 against 0.3: −0.1, −33.3%; the baseline itself shows none.
    expect(w.get('[data-run="3"] [data-testid="delta"]').text()).toBe('+0.1 (+33.3%)')
    expect(w.get('[data-run="1"] [data-testid="delta"]').text()).toBe('−0.1 (−33.3%)')
    expect(w.find('[data-run="2"] [data-testid="delta"]').exists()).toBe(false)
    expect(w.find('[data-run="6"] [data-testid="delta"]').exists()).toBe(false)
  })

  it('groups by a parameter with n, mean ± std and the 95% interval, and expands a group', async () => {
    const { w } = await open('experiments=1&group=optimizer.name')
    const groups = w.findAll('[data-testid="group-row"]')
    expect(groups.map((g) => g.attributes('data-group'))).toEqual(['optimizer.name = adamw', 'optimizer.name = sgd'])
    expect(groups[0].get('[data-testid="group-n"]').text()).toBe('n = 3')
    const loss = groups[0].get('[data-testid="group-cell-m:val/loss"]')
    expect(loss.text()).toContain('0.3 ± 0.1')
    // 0.3 ± 4.3027 × 0.1 / √3 = [0.05159, 0.5484]
    expect(loss.text()).toContain('[0.05159, 0.5484]')
    expect(runIds(w)).toEqual([])
    await groups[1].get('[data-testid="group-toggle"]').trigger('click')
    await flushPromises()
    expect(runIds(w)).toEqual([4, 5, 6])
  })

  it('shows the first screen of a long table at once, then every run', async () => {
    const many: RunsTable = { ...tableFixture(), rows: Array.from({ length: 450 }, (_, i) => tableRow(i + 1, { seed: i }, { 'val/loss': i / 1000 })) }
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const fake = createFakeApi({
      'runs.table': async ({ limit }) => {
        if (!limit) await gate
        return answer(many, limit)
      }
    })
    const router = createAppRouter(createMemoryHistory())
    await router.push('/runs?experiments=1')
    await router.isReady()
    const w = mountWithApp(RunsTableView, { fake, router, locale: 'en' })
    await flushPromises()
    const count = () => w.get('[data-testid="runs-count"]')
    expect([count().attributes('data-loaded'), count().attributes('data-total')]).toEqual(['200', '450'])
    expect(count().text()).toContain('loading the rest')
    expect(runIds(w)[0]).toBe(1)
    release()
    await flushPromises()
    expect([count().attributes('data-loaded'), count().attributes('data-shown')]).toEqual(['450', '450'])
    expect(count().text()).not.toContain('loading')
    expect(fake.calls.filter((c) => c.method === 'runs.table').map((c) => (c.input as { limit?: number }).limit)).toEqual([200, undefined])
  })

  it('hides the columns that are the same in every shown row', async () => {
    const { w } = await open('experiments=1')
    expect(heads(w)).toContain('p:data.batch_size')
    await w.get('[data-testid="diff-only"]').setValue(true)
    await flushPromises()
    expect(heads(w)).not.toContain('p:data.batch_size')
    expect(heads(w)).not.toContain('trainer')
    expect(heads(w)).toContain('p:seed')
  })

  it('reopens a view from its link: filter, columns, sort, grouping, baseline and scale', async () => {
    const { w, router } = await open('experiments=1')
    await w.get('[data-testid="color-scale"]').setValue('minmax')
    await w.get('[data-testid="head-p:seed"]').trigger('click')
    await w.get('[data-run="4"] [data-testid="pin-baseline"]').trigger('click')
    await w.get('[data-testid="group-by"]').setValue('optimizer.name')
    await flushPromises()
    const href = router.resolve({ name: 'runs-table', query: router.currentRoute.value.query }).fullPath
    expect(href).toContain('scale=minmax')
    const again = await open(href.split('?')[1])
    expect(again.router.currentRoute.value.query).toEqual(router.currentRoute.value.query)
    expect(again.w.findAll('[data-testid="group-row"]')).toHaveLength(2)
    expect((again.w.get('[data-testid="color-scale"]').element as HTMLSelectElement).value).toBe('minmax')
    // A saved view is listed on the page and links to the same query.
    await w.get('[data-testid="view-name"]').setValue('by optimizer')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="saved-view"]').attributes('href')).toBe(href)
  })

  it('selects ranges with shift, all shown runs, and links the selection to the compare view', async () => {
    const { w } = await open('experiments=1')
    const boxes = () => w.findAll('[data-testid="select-run"]')
    await boxes()[1].trigger('click')
    await boxes()[3].trigger('click', { shiftKey: true })
    await flushPromises()
    expect(w.get('[data-testid="selected-count"]').attributes('data-count')).toBe('3')
    expect(w.get('[data-testid="compare-selected"]').attributes('href')).toBe('/compare?runs=2,3,4')
    await w.get('[data-testid="select-all"]').setValue(true)
    await flushPromises()
    expect(w.get('[data-testid="selected-count"]').attributes('data-count')).toBe('6')
  })

  it('edits tags in place through runs.update', async () => {
    const { w, fake } = await open('experiments=1&cols=name,tags')
    await w.get('[data-run="1"] [data-testid="cell-tags"] .text').trigger('click')
    const input = w.get('[data-testid="edit-tags"]')
    await input.setValue('keep, seed-a')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'runs.update')?.input).toEqual({ id: 1, tags: ['keep', 'seed-a'] })
    expect(cells(w, 'tags')[0]).toBe('keep, seed-a')
  })

  it('reads metric columns at a chosen step through runs.metricAt', async () => {
    const { w, fake } = await open('experiments=1&cols=name,m:val/loss&value=step&step=10')
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'runs.metricAt').map((c) => c.input)).toEqual([{ runIds: [1, 2, 3, 4, 5, 6], metric: 'val/loss', step: 10 }])
    expect(cells(w, 'm:val/loss')[0]).toMatch(/^10\.01\b/)
  })

  it('downloads and copies the table as shown: its columns, the runs the filter keeps, in order, the chosen value', async () => {
    const { w } = await open(`experiments=1&sort=m:val/loss:desc&value=max&q=${encodeURIComponent("params.optimizer.name = 'adamw'")}`, 'zh-CN')
    const saved: Blob[] = []
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:x'))
    const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    try {
      await w.get('[data-testid="runs-export-format"]').setValue('md')
      await w.get('[data-testid="runs-export-download"]').trigger('click')
      const lines = (await saved[0]!.text()).trim().split('\n')
      // zh-CN headers as the grid shows them; a metric's header says which value it holds.
      expect(lines[0]).toContain('| 名称 | 状态 |')
      expect(lines[0]).toContain('| val/loss (最大值) |')
      expect(lines.slice(2).map((l) => l.split(' | ')[0])).toEqual(['| run-3', '| run-2', '| run-1'])
      // Its max, in full precision: 0.4 + 0.1 (the fixture's max is last + 0.1).
      expect(lines[2]).toContain('| 0.5 |')
      expect(w.get('[data-testid="runs-export-note"]').text()).toBe('已将 3 个运行保存为 runs-table.md')

      const writeText = vi.fn(async () => undefined)
      Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
      await w.get('[data-testid="runs-export-format"]').setValue('csv')
      await w.get('[data-testid="runs-export-copy"]').trigger('click')
      await flushPromises()
      const csv = (writeText.mock.calls[0] as unknown as [string])[0].split('\r\n')
      expect(csv).toHaveLength(5)
      expect(csv[3]!.startsWith('run-1,finished,')).toBe(true)
      expect(w.get('[data-testid="runs-export-note"]').text()).toBe('已将 3 个运行复制为 CSV')
    } finally {
      create.mockRestore()
      revoke.mockRestore()
    }
  })
})
