/**
 * The runs table in a real Chromium against the real headless server: six runs of the Node
 * example trainer (two momentum values × three seeds) open from the experiment page; the user
 * selects runs with a shift-click, pins a baseline and reads deltas, groups by the momentum
 * (n = 3 each, mean ± std), filters with `or`, downloads the table as shown, and reopens the same
 * view from its link.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { parse } from 'yaml'
import { test } from './fixture'
import { call, shoot } from './helpers'

const example = resolve(__dirname, '..', 'resources', 'trainers', 'node-quadratic')

const rowIds = async (page: Page) => (await page.getByTestId('run-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-run'))))).sort((a, b) => a - b)

test('selects, pins a baseline, groups by a parameter and filters with or, over real runs', async ({ dir, server, page, pageErrors }) => {
  const definition = { ...(parse(readFileSync(join(example, 'trainer.yaml'), 'utf8')) as Record<string, unknown>), cwd: example }
  await call(server.url, 'trainers.add', { definition, replace: false })
  const experiment = await call<{ id: number }>(server.url, 'experiments.create', { name: 'e2e: runs table' })
  const ids: number[] = []
  for (const momentum of [0, 0.9]) {
    for (const seed of [1, 2, 3]) {
      const config = { 'optimizer.steps': 20, 'optimizer.momentum': momentum, 'problem.seed': seed }
      const run = await call<{ id: number }>(server.url, 'runs.start', { experimentId: experiment.id, trainer: 'node-quadratic', config, name: `m${momentum}-s${seed}` })
      ids.push(run.id)
    }
  }
  await expect
    .poll(async () => (await call<{ status: string }[]>(server.url, 'runs.list', { experimentId: experiment.id })).filter((r) => r.status === 'finished').length, {
      timeout: 120000,
      interval: 500
    })
    .toBe(6)

  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.goto(new URL(`#/experiments/${experiment.id}`, server.url).toString())
  await page.getByTestId('experiment-runs-table').click()
  await page.waitForURL(/#\/runs\?experiments=\d+/)
  await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-total'), { timeout: 20000 }).toBe('6')
  expect(await rowIds(page)).toEqual(ids)

  // Sorted by name, then a click and a shift-click select three runs in a row.
  await page.getByTestId('head-name').click()
  const boxes = page.getByTestId('select-run')
  await boxes.nth(0).click()
  await boxes.nth(2).click({ modifiers: ['Shift'] })
  await expect.poll(() => page.getByTestId('selected-count').getAttribute('data-count')).toBe('3')
  expect(await page.getByTestId('compare-selected').getAttribute('href')).toMatch(/#\/compare\?runs=\d+(%2C|,)\d+(%2C|,)\d+$/)

  // The selection handed on: a report of it (HTML: it needs no Chromium), then the compare view.
  const reportPath = join(dir, 'selection.html')
  await page.getByTestId('report-open').click()
  await page.getByTestId('report-format').selectOption('html')
  await page.getByTestId('report-path').fill(reportPath)
  await page.getByTestId('report-create').click()
  await expect.poll(() => page.getByTestId('report-written-path').innerText(), { timeout: 60000 }).toBe(reportPath)
  const report = readFileSync(reportPath, 'utf8')
  for (const name of ['m0-s1', 'm0-s2', 'm0-s3']) expect(report).toContain(name)
  expect(report).not.toContain('m0.9-s1')
  await page.getByTestId('compare-selected').click()
  await page.waitForURL(/#\/compare\?runs=/)
  await expect.poll(() => page.getByTestId('compare-chart-loss').getAttribute('data-curves'), { timeout: 30000 }).toBe('3')
  await shoot(page, 'runs-table-compare.png')
  await page.goBack()
  await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-total'), { timeout: 20000 }).toBe('6')

  // The first run (m0-s1) is the baseline; the others show their loss against it.
  await page.locator(`[data-testid="run-row"][data-run="${ids[0]}"] [data-testid="pin-baseline"]`).click()
  await expect.poll(() => page.getByTestId('baseline-note').innerText()).toContain('m0-s1')
  const delta = page.locator(`[data-testid="run-row"][data-run="${ids[4]}"] [data-testid="cell-m:loss"] [data-testid="delta"]`)
  await expect.poll(() => delta.innerText()).toMatch(/^[+−±][\d.e-]+( \([+−±][\d.]+%\))?$/)
  await shoot(page, 'runs-table-baseline.png')

  // Grouped by momentum: two groups of three, each with mean ± std and its interval.
  await page.getByTestId('group-by').selectOption('optimizer.momentum')
  await expect.poll(() => page.getByTestId('group-row').count()).toBe(2)
  expect(await page.getByTestId('group-n').allInnerTexts()).toEqual(['n = 3', 'n = 3'])
  expect(await page.locator('[data-testid="group-row"] [data-testid="group-cell-m:loss"]').first().innerText()).toMatch(/±[\s\S]*\[/)
  await page.getByTestId('group-toggle').first().click()
  await expect.poll(() => page.getByTestId('run-row').count()).toBe(3)
  await shoot(page, 'runs-table-grouped.png')
  const viewUrl = page.url()
  expect(viewUrl).toContain('group=optimizer.momentum')
  expect(viewUrl).toContain(`base=${ids[0]}`)

  // Filtered with `or`: seeds 1 and 3 of both momentum values.
  await page.getByTestId('group-chip').click()
  await page.getByTestId('runs-filter').fill('params.problem.seed = 1 or params.problem.seed = 3')
  await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-shown')).toBe('4')
  expect(await rowIds(page)).toEqual([ids[0], ids[2], ids[3], ids[5]])
  // A mistake points at where it is.
  await page.getByTestId('runs-filter').fill('params.problem.seed = 1 or (')
  await expect.poll(() => page.getByTestId('filter-error').count()).toBe(1)
  expect(Number(await page.getByTestId('filter-error').getAttribute('data-position'))).toBeGreaterThan(20)
  await shoot(page, 'runs-table-filter-error-en.png')
  await page.getByTestId('locale-zh-CN').click()
  await expect.poll(() => page.getByTestId('filter-error-message').innerText()).toMatch(/^第/)
  await shoot(page, 'runs-table-filter-error-zh.png')
  await page.getByTestId('runs-filter').fill('params.problem.seed = 1 or params.problem.seed = 3')
  await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-shown')).toBe('4')
  await shoot(page, 'runs-table-zh.png')
  // The table as shown, downloaded by the browser: a header and the four runs the filter keeps.
  await page.getByTestId('runs-export-format').selectOption('csv')
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('runs-export-download').click()])
  const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n')
  expect([download.suggestedFilename(), csv.length, csv[0]!.startsWith('名称,状态,')]).toEqual(['runs-table.csv', 5, true])
  expect(csv.slice(1).map((line) => line.split(',')[0]).sort()).toEqual(['m0-s1', 'm0-s3', 'm0.9-s1', 'm0.9-s3'])
  await page.getByTestId('locale-en').click()

  // The link reopens the grouped view with its baseline.
  await page.goto(viewUrl)
  await page.reload()
  await expect.poll(() => page.getByTestId('group-row').count(), { timeout: 20000 }).toBe(2)
  expect(await page.getByTestId('baseline-note').innerText()).toContain('m0-s1')
  expect(pageErrors).toEqual([])
}, 240000)
