/**
 * A command trainer from the window, in a real Chromium against the real headless server: the
 * Node example of resources/trainers, registered through the engine API, runs from the new-run
 * page with no dataset, its loss chart says which channel fed it (in English and 中文), and a grid
 * study sweeps its learning rate over three real processes to the end.
 */
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect } from 'vitest'
import { parse } from 'yaml'
import { test } from './fixture'
import { call, shoot } from './helpers'

const example = resolve(__dirname, '..', 'resources', 'trainers', 'node-quadratic')

test('runs and sweeps a command trainer from the window, each curve naming its channel', async ({ server, page, pageErrors }) => {
  // The example as `paramscope trainers add` reads it: its folder is where the script runs.
  const definition = { ...(parse(readFileSync(join(example, 'trainer.yaml'), 'utf8')) as Record<string, unknown>), cwd: example }
  await call(server.url, 'trainers.add', { definition, replace: false })

  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.getByTestId('experiment-name').fill('e2e: my own script')
  await page.getByTestId('experiment-create').click()
  await page.waitForURL(/#\/experiments\/\d+$/)
  const experimentUrl = page.url()

  // A run: no dataset asked for, the script's grouped form, one parameter changed.
  await page.getByTestId('new-run').click()
  await page.waitForURL(/#\/experiments\/\d+\/new$/)
  await page.getByTestId('trainer-select').selectOption('node-quadratic')
  await expect.poll(() => page.getByTestId('run-own-data').count()).toBe(1)
  expect(await page.getByTestId('dataset-path').count()).toBe(0)
  expect(await page.getByTestId('field-problem.noise').count()).toBe(1)
  await page.getByTestId('field-optimizer.steps').fill('40')
  await shoot(page, 'command-new-run.png')
  await page.getByTestId('start-run').click()

  await page.waitForURL(/#\/runs\/\d+$/, { timeout: 20000 })
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 60000 }).toBe('finished')
  // Steps 0 to 40, each printed as a `paramscope: {json}` line on stdout.
  await expect.poll(() => page.getByTestId('chart-series-loss').getAttribute('data-points'), { timeout: 20000 }).toBe('41')
  expect(await page.getByTestId('chart-series-loss-channel').innerText()).toBe('from standard output')
  expect(await page.locator('[data-metric="loss"] [data-cell="channel"]').innerText()).toBe('from standard output')
  await shoot(page, 'command-run-en.png')
  await page.getByTestId('locale-zh-CN').click()
  await expect.poll(() => page.getByTestId('chart-series-loss-channel').innerText()).toBe('来自标准输出')
  expect(await page.getByTestId('run-status').innerText()).toBe('已完成')
  await shoot(page, 'command-run-zh.png')
  await page.getByTestId('locale-en').click()

  // A study over it: the learning rate on a grid of three, again with no dataset.
  await page.goto(experimentUrl)
  await page.getByTestId('new-study').click()
  await page.waitForURL(/#\/experiments\/\d+\/new-study$/)
  await page.getByTestId('trainer-select').selectOption('node-quadratic')
  await expect.poll(() => page.getByTestId('study-own-data').count()).toBe(1)
  expect(await page.getByTestId('dataset-path').count()).toBe(0)
  await page.getByTestId('study-name').fill('lr grid')
  await page.getByTestId('field-optimizer.steps').fill('20')
  await page.getByTestId('sweep-optimizer.lr').check()
  await page.getByTestId('low-optimizer.lr').fill('0.01')
  await page.getByTestId('high-optimizer.lr').fill('0.1')
  await page.getByTestId('study-method').selectOption('grid')
  await page.getByTestId('study-n').fill('3')
  await expect.poll(() => page.getByTestId('trial-count').getAttribute('data-trials'), { timeout: 10000 }).toBe('3')
  await shoot(page, 'command-study-builder.png')
  await page.getByTestId('create-study').click()

  await page.waitForURL(/#\/studies\/\d+$/, { timeout: 20000 })
  await expect.poll(() => page.getByTestId('study-status').getAttribute('data-status'), { timeout: 120000, interval: 500 }).toBe('finished')
  await expect.poll(() => page.getByTestId('study-count-finished').innerText()).toMatch(/\b3\b/)
  await expect.poll(() => page.getByTestId('study-best-objective').innerText()).toMatch(/\d/)
  await shoot(page, 'command-study.png')
  expect(pageErrors).toEqual([])
}, 240000)
