/**
 * A sweep as a user builds it, in a real Chromium against the real headless server, engine and
 * trainer processes: from the trainer's grouped form, the learning rate on a log range and the
 * hidden size swept by an LHS design of 8 points with 2 repeats over seeds; the study runs, is
 * paused and resumed, finishes every trial once, and its analysis shows only the swept parameters.
 */
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { test } from './fixture'
import { shoot } from './helpers'

const status = (page: Page) => page.getByTestId('study-status').getAttribute('data-status')
const done = async (page: Page) => Number((await page.getByTestId('study-progress').getAttribute('data-done')) ?? 0)

test('builds a study from the form, runs, pauses and resumes it, and analyses only what it swept', async ({ dir, server, page, pageErrors }) => {
  await writeBlobsCsv(join(dir, 'blobs.csv'), { rows: 600, features: 4, classes: 3, seed: 5 })
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')

  await page.getByTestId('experiment-name').fill('e2e: a sweep')
  await page.getByTestId('experiment-create').click()
  await page.waitForURL(/#\/experiments\/\d+$/)
  await page.getByTestId('new-study').click()
  await page.waitForURL(/#\/experiments\/\d+\/new-study$/)

  await page.getByTestId('study-name').fill('lr and width')
  await page.getByTestId('dataset-path').fill(join(dir, 'blobs.csv'))
  // Short trials: the base config every trial starts from.
  await page.getByTestId('field-training.epochs').fill('3')
  // Sweep the learning rate on a log range and the hidden size.
  await page.getByTestId('sweep-optimizer.lr').check()
  await page.getByTestId('low-optimizer.lr').fill('0.001')
  await page.getByTestId('high-optimizer.lr').fill('0.1')
  await page.getByTestId('log-optimizer.lr').check()
  await page.getByTestId('sweep-model.hidden_size').check()
  await page.getByTestId('low-model.hidden_size').fill('8')
  await page.getByTestId('high-model.hidden_size').fill('32')
  // The schema offers the width on a log scale; this study sweeps it linearly.
  await page.getByTestId('log-model.hidden_size').uncheck()
  await page.getByTestId('study-method').selectOption('lhs')
  await page.getByTestId('study-n').fill('8')
  await page.getByTestId('study-repeats').fill('2')
  await expect.poll(() => page.getByTestId('trial-count').innerText(), { timeout: 10000 }).toMatch(/\b16\b/)
  await shoot(page, 'study-builder.png')
  await page.getByTestId('create-study').click()

  await page.waitForURL(/#\/studies\/\d+$/, { timeout: 20000 })
  const studyUrl = page.url()
  await expect.poll(() => page.getByTestId('study-progress').getAttribute('data-planned'), { timeout: 20000 }).toBe('16')
  await expect.poll(() => done(page), { timeout: 60000 }).toBeGreaterThan(0)

  // Pause: no trial runs and none starts; resume: it goes on to the end.
  await page.getByTestId('study-pause').click()
  await expect.poll(() => status(page), { timeout: 30000 }).toBe('paused')
  await expect.poll(() => page.locator('[data-testid="study-trial"][data-status="running"]').count(), { timeout: 20000 }).toBe(0)
  const paused = await done(page)
  await page.getByTestId('study-resume').click()
  await expect.poll(() => status(page), { timeout: 20000 }).not.toBe('paused')
  await expect.poll(() => status(page), { timeout: 240000, interval: 1000 }).toBe('finished')
  expect(await done(page)).toBeGreaterThanOrEqual(paused)
  await page.reload()
  expect(page.url()).toBe(studyUrl)
  await expect.poll(() => page.locator('[data-testid="study-count-finished"]').innerText()).toMatch(/\b16\b/)
  await expect.poll(() => page.getByTestId('study-best-objective').innerText()).toMatch(/\d/)
  await shoot(page, 'study-page.png')

  // The analysis of the study: the swept parameters only, the objective as its target.
  await page.getByTestId('study-analyse').click()
  await page.waitForURL(/#\/analysis\?study=\d+/)
  await expect.poll(() => page.getByTestId('analysis-param').count(), { timeout: 20000 }).toBeGreaterThan(0)
  const ticked = await page.locator('[data-testid="analysis-param"]:has(input:checked)').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')))
  expect(ticked.sort()).toEqual(['model.hidden_size', 'optimizer.lr'])
  expect(await page.getByTestId('analysis-target').inputValue()).toBe('objective')
  // Swept on a linear range, though the trainer's schema calls it log-scaled.
  expect(await page.locator('[data-testid="analysis-param"][data-param="model.hidden_size"]').innerText()).not.toMatch(/log/)
  expect(await page.locator('[data-testid="analysis-param"][data-param="optimizer.lr"]').innerText()).toMatch(/log/)
  await page.getByTestId('analysis-run').click()
  await expect.poll(() => page.getByTestId('tier-table').count(), { timeout: 60000 }).toBeGreaterThan(0)
  const rows = await page.getByTestId('tier-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')))
  expect(rows.sort()).toEqual(['model.hidden_size', 'optimizer.lr'])
  await shoot(page, 'study-analysis.png')

  // The same study in 中文: its status and its engine-written message are worded in Chinese.
  await page.goto(studyUrl)
  await page.getByTestId('locale-zh-CN').click()
  await expect.poll(() => page.getByTestId('study-status').innerText()).toBe('已完成')
  await expect.poll(() => page.getByTestId('study-status-message').innerText()).toMatch(/[\u4e00-\u9fff]/)
  await shoot(page, 'study-page-zh.png')
  await page.getByTestId('study-extend').click()
  await shoot(page, 'study-extend-zh.png')
  expect(pageErrors).toEqual([])
}, 360000)
