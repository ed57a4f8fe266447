/**
 * A new user's first session in a real Chromium, against the real headless server, engine and
 * trainer processes: drops a table with a categorical column and gaps, reads the profile's
 * warnings, accepts the proposed roles, starts a run from the dataset page into the experiment
 * they came from, watches it finish and opens its diagnostics; cancels, resumes and deletes a
 * longer run; then switches to 中文 and reads an engine refusal in Chinese.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { formatMessage, msg } from '../src/shared/messages'
import { test } from './fixture'

/**
 * 900 rows: two measurements (`sugar` with about 2% of its cells empty), a `region` of four
 * levels, and a `grade` the three decide, so a few epochs learn it. Seeded: the same file each run.
 */
function wineCsv(): string {
  let state = 7
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const regions = ['north', 'south', 'east', 'west']
  const lines = ['sugar,acid,region,grade']
  for (let i = 0; i < 900; i++) {
    const sugar = 2 + 6 * random()
    const acid = 3 + 2 * random()
    const region = Math.floor(4 * random())
    const grade = sugar + (region === 1 ? 2 : 0) - acid + random() > 2.5 ? 'good' : 'plain'
    const sugarCell = random() < 0.02 ? '' : sugar.toFixed(2)
    lines.push([sugarCell, acid.toFixed(2), regions[region], grade].join(','))
  }
  return `${lines.join('\n')}\n`
}

// A chart appears only with its first point; until then it counts as none.
const points = async (page: Page, testId: string) => {
  const chart = page.getByTestId(testId)
  return (await chart.count()) ? Number((await chart.getAttribute('data-points')) ?? 0) : 0
}

const status = (page: Page) => page.getByTestId('run-status').getAttribute('data-status')

/** With E2E_SCREENSHOT_DIR set: the view as the user sees it (the New run form is too long for a whole page). */
async function shoot(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SCREENSHOT_DIR) return
  mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, name) })
}

async function createExperiment(page: Page, name: string): Promise<string> {
  await page.getByTestId('nav-experiments').click()
  await page.getByTestId('experiment-name').fill(name)
  await page.getByTestId('experiment-create').click()
  await page.waitForURL(/#\/experiments\/\d+$/)
  return /#\/experiments\/(\d+)$/.exec(page.url())![1]
}

test('takes a new user from a dropped table to a finished, resumed and deleted run, in both languages', async ({ server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')

  // The experiment the user works in, then a newer one; they go back to the first.
  const home = await createExperiment(page, 'first use: wine')
  await createExperiment(page, 'a newer experiment')
  await page.getByTestId('nav-experiments').click()
  await page.getByTestId('experiment-link').filter({ hasText: 'first use: wine' }).click()
  await page.waitForURL(new RegExp(`#/experiments/${home}$`))

  // Drop the table on the window, as a drag from the desktop delivers it.
  await page.evaluate((text) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([text], 'wine.csv', { type: 'text/csv' }))
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, wineCsv())
  const item = page.getByTestId('import-item').filter({ hasText: 'wine.csv' })
  const imported = async () => {
    const state = await item.getAttribute('data-state')
    if (state === 'failed') throw new Error(`import failed: ${await item.getByTestId('import-error').innerText()}`)
    return state
  }
  await expect.poll(imported, { timeout: 30000 }).toBe('done')
  await item.getByTestId('import-open').click()
  await page.waitForURL(/#\/datasets\/\d+/)

  // The profile says what each column will need before training.
  const notes = (column: string) => page.locator(`[data-testid="profile-column"][data-column="${column}"] [data-testid="profile-note"]`).allInnerTexts()
  await expect.poll(() => notes('sugar'), { timeout: 10000 }).toEqual([expect.stringMatching(/^\d+ missing: filled with the median unless you choose otherwise$/)])
  expect(await notes('region')).toEqual(['text column with 4 levels: one-hot encoded'])
  expect(await notes('acid')).toEqual([])
  await shoot(page, 'first-use-profile.png')

  // The proposed roles: the categorical column is a feature, the grade the target, classification.
  await page.getByTestId('tab-versions').click()
  const role = (column: string) => page.locator(`[data-testid="version-role"][data-column="${column}"]`).inputValue()
  expect([await role('sugar'), await role('acid'), await role('region'), await role('grade')]).toEqual(['feature', 'feature', 'feature', 'target'])
  expect(await page.getByTestId('version-task').inputValue()).toBe('classification')
  await page.getByTestId('version-save').click()
  await expect.poll(() => page.getByTestId('dataset-version').count(), { timeout: 10000 }).toBe(1)
  const versionId = await page.getByTestId('dataset-version').getAttribute('data-version-id')

  // New run with this dataset goes into the experiment the user came from, on the new version.
  await expect.poll(() => page.getByTestId('new-run-experiment').inputValue(), { timeout: 10000 }).toBe(home)
  await page.getByTestId('new-run-with-dataset').click()
  await page.waitForURL(new RegExp(`#/experiments/${home}/new`))
  await expect.poll(() => page.getByTestId('new-run-title').innerText(), { timeout: 10000 }).toContain('first use: wine')
  await expect.poll(() => page.getByTestId('dataset-version-select').inputValue(), { timeout: 10000 }).toBe(versionId)
  await shoot(page, 'first-use-new-run.png')
  await page.getByTestId('field-training.epochs').fill('8')
  await page.getByTestId('start-run').click()
  await page.waitForURL(/#\/runs\/\d+/, { timeout: 20000 })
  await expect.poll(() => status(page), { timeout: 60000 }).toBe('finished')
  await expect.poll(() => page.getByTestId('run-log').innerText(), { timeout: 10000 }).toMatch(/region: one-hot, 4 levels/)

  // Its diagnostics: gradient norms per layer, drawn.
  const diagnostics = page.getByTestId('run-diagnostics')
  await diagnostics.scrollIntoViewIfNeeded({ timeout: 10000 })
  expect(await diagnostics.isVisible()).toBe(true)
  await expect.poll(() => diagnostics.getByTestId('chart-grad-norm').locator('canvas').count(), { timeout: 10000 }).toBeGreaterThan(0)

  // A longer run, on the dataset picked from the New run form's list: cancel, resume, delete.
  await page.getByTestId('nav-experiments').click()
  await page.getByTestId('experiment-link').filter({ hasText: 'first use: wine' }).click()
  await page.getByTestId('new-run').click()
  await page.getByTestId('dataset-select').selectOption({ label: 'wine.csv · 900 rows · csv' })
  await expect.poll(() => page.getByTestId('dataset-version-select').inputValue(), { timeout: 10000 }).toBe(versionId)
  await page.getByTestId('field-training.epochs').fill('5000')
  await page.getByTestId('run-name').fill('long one')
  await page.getByTestId('start-run').click()
  await page.waitForURL(/#\/runs\/\d+/, { timeout: 20000 })
  await expect.poll(() => status(page), { timeout: 20000 }).toBe('running')
  // Past its first epoch, so there is a checkpoint to resume from.
  await expect.poll(() => points(page, 'chart-loss'), { timeout: 20000 }).toBeGreaterThan(60)
  await page.getByTestId('cancel-run').click()
  await page.getByTestId('confirm-yes').click()
  await expect.poll(() => status(page), { timeout: 20000 }).toBe('cancelled')
  await page.getByTestId('run-resume').click()
  await expect.poll(() => status(page), { timeout: 20000 }).toBe('running')
  await page.getByTestId('cancel-run').click()
  await page.getByTestId('confirm-yes').click()
  await expect.poll(() => status(page), { timeout: 20000 }).toBe('cancelled')
  await page.getByTestId('run-delete').click()
  await page.getByTestId('confirm-yes').click()
  await page.waitForURL(new RegExp(`#/experiments/${home}$`))
  await expect.poll(() => page.getByTestId('run-row').count(), { timeout: 10000 }).toBe(1)
  // The finished run's final validation loss and accuracy, read by the list in one call.
  const finals = page.getByTestId('run-row').locator('td.num')
  await expect.poll(async () => [await finals.nth(0).innerText(), await finals.nth(1).innerText()], { timeout: 10000 }).toEqual([expect.stringMatching(/^\d/), expect.stringMatching(/^(0\.\d+|1)$/)])

  // In Chinese, the engine's refusal of a file that is not there reads in Chinese.
  await page.getByTestId('locale-zh-CN').click()
  await page.getByTestId('new-run').click()
  await page.getByTestId('dataset-select').selectOption('path')
  await page.getByTestId('dataset-path').fill('/nowhere/missing.csv')
  await page.getByTestId('start-run').click()
  const refusal = formatMessage('zh-CN', msg('run.fileNotFound', { path: '/nowhere/missing.csv' }))
  await expect.poll(() => page.getByTestId('error-dataset').innerText(), { timeout: 20000 }).toBe(refusal)
  expect(refusal).toMatch(/^[\u4e00-\u9fff]/)
  await shoot(page, 'first-use-zh-error.png')
  expect(pageErrors).toEqual([])
}, 120000)
