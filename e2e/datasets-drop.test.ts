/**
 * A user in a real Chromium, against the real headless server: drops a CSV file on the window
 * (a synthetic drop event carrying a File, as a drag from the desktop delivers it), watches the
 * import finish in the queue, and opens the dataset to see its profile and preview.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { test } from './fixture'

/** 150 rows of iris-like measurements with a species column, 50 per class. */
function irisCsv(): string {
  const species = ['setosa', 'versicolor', 'virginica']
  const lines = ['sepal_length,sepal_width,petal_length,petal_width,species']
  for (let i = 0; i < 150; i++) {
    const c = Math.floor(i / 50)
    const j = i % 50
    lines.push([4.5 + c + (j % 10) / 10, 3 + (j % 7) / 10, 1.2 + 2 * c + (j % 5) / 10, 0.2 + c * 0.8 + (j % 3) / 10, species[c]].map(String).join(','))
  }
  return `${lines.join('\n')}\n`
}

test('imports a file dropped on the window and shows its profile', async ({ server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')

  // Drag a file over the window, then drop it: the overlay shows, then the import queue.
  await page.evaluate((text) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([text], 'iris.csv', { type: 'text/csv' }))
    ;(window as unknown as { __drop: DataTransfer }).__drop = transfer
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, irisCsv())
  await expect.poll(() => page.getByTestId('drop-overlay').isVisible()).toBe(true)
  await page.evaluate(() => {
    const transfer = (window as unknown as { __drop: DataTransfer }).__drop
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  expect(await page.getByTestId('drop-overlay').count()).toBe(0)

  const item = page.getByTestId('import-item').filter({ hasText: 'iris.csv' })
  const ended = async () => {
    const state = await item.getAttribute('data-state')
    // A refusal fails the test with the engine's own words.
    if (state === 'failed') throw new Error(`import failed: ${await item.getByTestId('import-error').innerText()}`)
    return state
  }
  await expect.poll(ended, { timeout: 30000 }).toBe('done')
  expect(await item.getByTestId('import-figures').innerText()).toContain('150 rows')

  await item.getByTestId('import-open').click()
  await page.waitForURL(/#\/datasets\/\d+/, { timeout: 10000 })
  await expect.poll(() => page.getByTestId('profile-rows').getAttribute('data-rows')).toBe('150')
  await expect.poll(() => page.getByTestId('profile-column').count()).toBe(5)
  expect(await page.getByTestId('profile-column').nth(0).getAttribute('data-type')).toMatch(/number|integer/)
  expect(Number(await page.getByTestId('histogram-sepal_length').getAttribute('data-points'))).toBeGreaterThan(1)
  expect(await page.getByTestId('class-balance-chart').getAttribute('data-points')).toBe('3')
  // The chart really drew: ECharts put a canvas in its element.
  expect(await page.getByTestId('histogram-sepal_length').locator('canvas').count()).toBeGreaterThan(0)
  if (process.env.E2E_SCREENSHOT_DIR) {
    mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, 'dataset-page.png'), fullPage: true })
  }

  // The preview reads rows from the engine, only those in view.
  await page.getByTestId('tab-preview').click()
  await expect.poll(() => page.getByTestId('preview-row').count()).toBeGreaterThan(5)
  expect(await page.getByTestId('preview-row').count()).toBeLessThan(40)
  await expect.poll(() => page.getByTestId('preview-row').first().innerText()).toContain('setosa')

  // Roles and a stratified 80/20 split with the defaults the form picks (species as target).
  await page.getByTestId('tab-versions').click()
  await page.getByTestId('version-save').click()
  await expect.poll(() => page.getByTestId('dataset-version').count(), { timeout: 10000 }).toBe(1)
  const parts = page.getByTestId('version-part')
  expect(await parts.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-part')))).toEqual(['train', 'val'])
  expect(await parts.nth(1).innerText()).toMatch(/30 rows[\s\S]*setosa: 10/)
  if (process.env.E2E_SCREENSHOT_DIR) await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, 'dataset-versions.png'), fullPage: true })

  // And it is on the Datasets page with its size and status.
  await page.getByTestId('nav-datasets').click()
  const row = page.getByTestId('dataset-row').filter({ hasText: 'iris.csv' })
  await expect.poll(() => row.count()).toBe(1)
  expect(await row.getAttribute('data-status')).toBe('ok')
  expect(await row.getByTestId('dataset-rows').innerText()).toBe('150')
  expect(pageErrors).toEqual([])
}, 90000)
