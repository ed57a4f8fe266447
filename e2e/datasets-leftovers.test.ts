/**
 * Leftover uploads in a real Chromium against the real headless server: a dropped file whose
 * import fails leaves nothing in the uploads folder, and an upload nothing uses (left by a closed
 * page) is offered for cleaning on the Datasets page, removed only once the user confirms.
 */
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { test } from './fixture'
import { call } from './helpers'

test('removes the upload of a failed import and cleans leftover uploads on confirmation', async ({ dir, server, page, pageErrors }) => {
  const uploads = join(dir, 'home', 'library', 'uploads')
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')

  // A header without rows, dropped on the window: refused by name, and its upload goes with it.
  await page.evaluate(() => {
    const transfer = new DataTransfer()
    transfer.items.add(new File(['id,score\n'], 'header-only.csv', { type: 'text/csv' }))
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })
  const item = page.getByTestId('import-item').filter({ hasText: 'header-only.csv' })
  await expect.poll(() => item.getAttribute('data-state'), { timeout: 30000 }).toBe('failed')
  expect(await item.getByTestId('import-error').innerText()).toContain('header row (id, score) and no data rows')
  expect(existsSync(uploads) ? readdirSync(uploads) : []).toEqual([])

  // Failed: it stays across a reload, by the user's name, until dismissed for good.
  await page.reload()
  await expect.poll(() => item.getAttribute('data-state'), { timeout: 10000 }).toBe('failed')
  expect(await item.getByTestId('import-error').innerText()).not.toMatch(/\d{13}-[0-9a-f]+-header-only/)
  await item.getByTestId('import-dismiss').click()
  await expect.poll(() => item.count()).toBe(0)
  // The page drops the row at once and tells the engine after: reload once the engine knows.
  await expect.poll(async () => (await call<{ state: string }[]>(server.url, 'datasets.imports', {})).filter((p) => p.state === 'failed').length).toBe(0)
  await page.reload()
  await expect.poll(() => page.getByTestId('nav-datasets').isVisible()).toBe(true)
  await new Promise((r) => setTimeout(r, 500))
  expect(await page.getByTestId('import-item').count()).toBe(0)

  // An upload a closed page never imported, two hours old, 1.5 KB.
  mkdirSync(uploads, { recursive: true })
  const orphan = join(uploads, '1700000000000-0a1b2c3d-forgotten.csv')
  writeFileSync(orphan, 'x'.repeat(1536))
  const then = new Date(Date.now() - 2 * 3_600_000)
  utimesSync(orphan, then, then)
  await page.getByTestId('nav-experiments').click()
  await page.getByTestId('nav-datasets').click()
  await expect.poll(() => page.getByTestId('leftovers-summary').innerText(), { timeout: 10000 }).toBe('1 leftover file, 1.50 KB')
  await page.getByTestId('leftovers-clean').click()
  expect(await page.getByTestId('leftovers-confirm').innerText()).toContain('Delete 1 leftover file (1.50 KB) from the uploads folder?')
  expect(existsSync(orphan)).toBe(true)
  await page.getByTestId('leftovers-yes').click()
  await expect.poll(() => page.getByTestId('leftovers').count()).toBe(0)
  expect(existsSync(orphan)).toBe(false)
  expect(pageErrors).toEqual([])
}, 90000)
