/**
 * The compare view in a real Chromium against the real headless server: four runs of the Node
 * example trainer (two learning rates × two seeds) trained by real processes, opened at
 * /compare?runs=…; the user sees the engine-downsampled curves, switches to a log axis, smooths,
 * groups the seeds by learning rate into mean ± std, zooms into detail, reads the config diff, and
 * sees the page in English and 中文.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { parse } from 'yaml'
import { test } from './fixture'
import { call, shoot } from './helpers'

const example = resolve(__dirname, '..', 'resources', 'trainers', 'node-quadratic')

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).getAttribute(name)

test('overlays real runs, smooths, logs, groups seeds and shows the config diff', async ({ server, page, pageErrors }) => {
  const definition = { ...(parse(readFileSync(join(example, 'trainer.yaml'), 'utf8')) as Record<string, unknown>), cwd: example }
  await call(server.url, 'trainers.add', { definition, replace: false })
  const experiment = await call<{ id: number }>(server.url, 'experiments.create', { name: 'e2e: compare' })
  const ids: number[] = []
  for (const lr of [0.05, 0.15]) {
    for (const seed of [1, 2]) {
      const config = { 'optimizer.lr': lr, 'optimizer.steps': 300, 'problem.seed': seed, 'problem.noise': 0.5 }
      const run = await call<{ id: number }>(server.url, 'runs.start', { experimentId: experiment.id, trainer: 'node-quadratic', config, name: `lr ${lr} seed ${seed}` })
      ids.push(run.id)
    }
  }
  for (const id of ids) {
    await expect.poll(async () => (await call<{ status: string }>(server.url, 'runs.get', { id })).status, { timeout: 60000 }).toBe('finished')
  }

  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  // Right away, while the app may still be loading its first page (router.ts followEarlyHashChange).
  await page.evaluate((q) => (location.hash = `#/compare?runs=${q}`), ids.join(','))
  const loss = 'compare-chart-loss'
  // 301 points a run: each drawn whole where the chart is wider than a run is long, else
  // downsampled to the chart's width (its first measure depends on when layout settles).
  await expect.poll(() => page.getByTestId('compare-chart-points').first().innerText(), { timeout: 45000 }).toMatch(/\b\d+ of 1204 points/)
  expect(await attr(page, loss, 'data-curves')).toBe('4')
  const drawn = Number(await attr(page, loss, 'data-points'))
  expect(drawn).toBeGreaterThanOrEqual(4 * 100)
  expect(drawn).toBeLessThanOrEqual(4 * 301)
  await shoot(page, 'compare-en.png')

  await page.getByTestId('compare-log').check()
  await expect.poll(() => attr(page, loss, 'data-log')).toBe('true')
  await page.getByTestId('compare-smoothing').fill('0.8')
  await expect.poll(() => attr(page, loss, 'data-smoothing')).toBe('0.8')

  // Only the parameters that differ are offered for grouping; lr makes two groups of two seeds.
  await page.getByTestId('compare-group-optimizer.lr').check()
  await expect.poll(() => attr(page, loss, 'data-curves')).toBe('2')
  await shoot(page, 'compare-grouped-en.png')

  // The config diff: lr and seed differ between the runs; the rest shows with the toggle off.
  const diffRows = () => page.locator('[data-testid="compare-diff"] tbody tr').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-param')}:${r.getAttribute('data-differs')}`))
  expect(await diffRows()).toEqual(['optimizer.lr:true', 'problem.seed:true'])
  await page.getByTestId('compare-diff-only').uncheck()
  expect(await diffRows()).toContain('optimizer.steps:false')

  // A wheel over the chart zooms in; the engine sends the window's detail.
  const box = (await page.getByTestId(loss).boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -300)
  await expect.poll(() => attr(page, loss, 'data-zoomed'), { timeout: 10000 }).toBe('true')
  await shoot(page, 'compare-zoomed-en.png')

  // x by epoch: this script logs none, and the engine says so for the run.
  await page.getByTestId('compare-x').selectOption('epoch')
  await expect.poll(() => page.locator('[data-metric="loss"] [data-testid="error-notice"]').innerText()).toContain('logged no "epoch" series')
  expect(await attr(page, loss, 'data-x')).toBe('step')
  await page.getByTestId('compare-x').selectOption('step')
  await expect.poll(() => page.locator('[data-metric="loss"] [data-testid="error-notice"]').count()).toBe(0)
  expect(await attr(page, loss, 'data-curves')).toBe('2')

  await page.getByTestId('locale-zh-CN').click()
  await expect.poll(() => page.locator('h1').innerText()).toBe('对比运行')
  expect(await page.locator('.compare-controls').innerText()).toContain('对数 y 轴')
  await shoot(page, 'compare-zh.png')
  await page.getByTestId('compare-x').selectOption('epoch')
  await expect.poll(() => page.locator('[data-metric="loss"] [data-testid="error-notice"]').innerText()).toContain('没有记录“epoch”序列')
  await page.getByTestId('compare-x').selectOption('step')
  await page.getByTestId('locale-en').click()
  // The refused epoch requests are logged by Chromium as failed loads; nothing else went wrong.
  expect(pageErrors.filter((e) => !/status of 400/.test(e))).toEqual([])
}, 240_000)
