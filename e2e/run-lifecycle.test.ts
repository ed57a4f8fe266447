/**
 * A user in a real Chromium, against the real headless server, engine and trainer processes:
 * creates an experiment, starts a run through the generated form, watches the loss curve grow
 * while it trains, reloads, cancels it, and finds it all again after the server restarts.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { test } from './fixture'

// A chart appears only with its first point; until then it counts as none.
const points = async (page: Page, testId: string) => {
  const chart = page.getByTestId(testId)
  return (await chart.count()) ? Number((await chart.getAttribute('data-points')) ?? 0) : 0
}

test('runs a training from the form and shows it live and after a reload', async ({ dir, server, page, pageErrors }) => {
  await writeBlobsCsv(join(dir, 'blobs.csv'), { rows: 2000, features: 8, classes: 3, seed: 11 })
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')

  await page.getByTestId('experiment-name').fill('e2e: learning rate')
  await page.getByTestId('experiment-create').click()
  // Created: the user lands in the experiment.
  await page.waitForURL(/#\/experiments\/\d+$/)
  await page.getByTestId('new-run').click()
  await expect.poll(() => page.getByTestId('new-run-title').innerText()).toContain('e2e: learning rate')

  await page.getByTestId('dataset-path').fill(join(dir, 'blobs.csv'))
  await page.getByTestId('field-optimizer.lr').fill('-1')
  await expect.poll(() => page.getByTestId('error-optimizer.lr').isVisible()).toBe(true)
  await page.getByTestId('field-optimizer.lr').fill('3e-3')
  await page.getByTestId('field-training.epochs').fill('5000')
  await page.getByTestId('start-run').click()

  await page.waitForURL(/#\/runs\/\d+/, { timeout: 20000 })
  const runUrl = page.url()
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 20000 }).toBe('running')
  await expect.poll(() => points(page, 'chart-loss'), { timeout: 20000 }).toBeGreaterThan(0)
  const first = await points(page, 'chart-loss')
  await expect.poll(() => points(page, 'chart-loss'), { timeout: 20000 }).toBeGreaterThan(first + 50)
  expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('running')
  if (process.env.E2E_SCREENSHOT_DIR) {
    mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, 'run-page.png'), fullPage: true })
  }

  await page.reload()
  expect(page.url()).toBe(runUrl)
  await expect.poll(() => points(page, 'chart-loss'), { timeout: 20000 }).toBeGreaterThan(first + 50)
  await expect.poll(() => page.getByTestId('run-config').innerText()).toMatch(/3e-3|0\.003/)

  await page.getByTestId('cancel-run').click()
  await page.getByTestId('confirm-yes').click()
  await expect.poll(() => page.getByTestId('run-status').getAttribute('data-status'), { timeout: 20000 }).toBe('cancelled')
  // The trainer's last batch may reach the page just after its end: count once the chart holds still.
  let kept = -1
  await expect
    .poll(async () => {
      const now = await points(page, 'chart-loss')
      const still = now === kept
      kept = now
      return still
    }, { timeout: 20000, interval: 1500 })
    .toBe(true)
  expect(kept).toBeGreaterThan(first)

  // Close the app and start it again on the same data folder: everything is still there.
  await server.restart()
  await page.goto(server.url)
  await page.getByTestId('experiment-link').filter({ hasText: 'e2e: learning rate' }).click()
  await expect.poll(() => page.getByTestId('run-row').count()).toBe(1)
  expect(await page.getByTestId('run-row').getAttribute('data-status')).toBe('cancelled')
  await page.getByTestId('run-link').click()
  await expect.poll(() => points(page, 'chart-loss'), { timeout: 20000 }).toBe(kept)
  await expect.poll(() => page.getByTestId('run-log').innerText()).toContain('cancelled')
  expect(pageErrors).toEqual([])
}, 120000)
