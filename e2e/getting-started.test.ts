/**
 * A first-time user in Chromium against the real server: the home page guides the way, and the
 * sample dataset arrives in one click from the app's own resources/samples, found from out/main.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { test } from './fixture'

test('guides a first-time user and adds the sample dataset in one click', async ({ server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.getByTestId('getting-started').isVisible()).toBe(true)
  expect(await page.getByTestId('guide-import').getAttribute('data-done')).toBe('false')

  await page.getByTestId('guide-add-sample').click()
  await expect.poll(() => page.getByTestId('guide-import').getAttribute('data-done'), { timeout: 20000 }).toBe('true')
  await expect.poll(() => page.getByTestId('guide-roles-link').innerText()).toContain('classification.csv')
  if (process.env.E2E_SCREENSHOT_DIR) {
    mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, 'getting-started.png'), fullPage: true })
  }

  await page.getByTestId('guide-roles-link').click()
  await page.waitForURL(/#\/datasets\/\d+$/)
  await expect.poll(() => page.locator('h1').innerText()).toContain('classification.csv')
  expect(pageErrors).toEqual([])
})
