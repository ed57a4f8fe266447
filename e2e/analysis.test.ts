/**
 * A user in a real Chromium, against the real headless server and its analysis worker: drops a
 * CSV of Ishigami results on a Saltelli design onto the Analysis page, sees the form suggest
 * Sobol on `y`, runs it, and reads three importance bars with whiskers and the tier table, the
 * design's accuracy/interval trade-off, the default seed and the contour over the runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { makeDesign } from '../src/main/engine/studies/design'
import { test } from './fixture'

/** Ishigami (a = 7, b = 0.1) over [-π, π]³ on a Saltelli design, in SALib's row order. */
function ishigamiCsv(): string {
  const range = { type: 'float' as const, low: -Math.PI, high: Math.PI, log: false }
  const space = { params: ['x1', 'x2', 'x3'].map((name) => ({ name, ...range })) }
  const design = makeDesign(space, { method: 'saltelli', n: 256, seed: 3 })
  const lines = [[...design.names, 'y'].join(',')]
  for (const row of design.rows) {
    const [x1, x2, x3] = row as number[]
    const y = Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1)
    lines.push([x1, x2, x3, y].map(String).join(','))
  }
  return `${lines.join('\n')}\n`
}

test('runs Sobol on a dropped CSV of Saltelli results and shows three bars and the tiers', async ({ dir, server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.getByTestId('nav-analysis').click()
  await page.waitForURL(/#\/analysis/)

  // Dropped on the Analysis page, a CSV is a table of results: uploaded, then read as the source.
  const csv = ishigamiCsv()
  writeFileSync(join(dir, 'ishigami.csv'), csv)
  await page.evaluate((text) => {
    const transfer = new DataTransfer()
    transfer.items.add(new File([text], 'ishigami.csv', { type: 'text/csv' }))
    ;(window as unknown as { __drop: DataTransfer }).__drop = transfer
    window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  }, csv)
  await expect.poll(() => page.getByTestId('drop-overlay').innerText()).toContain('Drop to analyse')
  await page.evaluate(() => {
    const transfer = (window as unknown as { __drop: DataTransfer }).__drop
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
  })

  const summary = page.getByTestId('analysis-columns-summary')
  await expect.poll(() => summary.getAttribute('data-rows'), { timeout: 20000 }).toBe(String(256 * 8))
  expect(await summary.getAttribute('data-design')).toBe('saltelli')
  expect(await page.getByTestId('analysis-target').inputValue()).toBe('y')
  expect(await page.getByTestId('analysis-method').inputValue()).toBe('sobol')
  expect(await page.getByTestId('analysis-param').evaluateAll((els) => els.map((e) => e.getAttribute('data-param')))).toEqual(['x1', 'x2', 'x3'])
  // Nothing went to the dataset import queue.
  expect(await page.getByTestId('import-item').count()).toBe(0)

  await page.getByTestId('analysis-run').click()
  const chart = page.getByTestId('chart-importance')
  const error = page.getByTestId('error-notice')
  await expect
    .poll(
      async () => {
        // A refusal fails the test with the engine's own words.
        if (await error.count()) throw new Error(`analysis failed: ${await error.innerText()}`)
        return chart.getAttribute('data-bars')
      },
      { timeout: 60000 }
    )
    .toBe('3')
  expect(await chart.locator('canvas').count()).toBeGreaterThan(0)
  const tiers = page.getByTestId('tier-row')
  expect(await tiers.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-param')).sort())).toEqual(['x1', 'x2', 'x3'])
  expect(await page.getByTestId('analysis-summary').innerText()).toContain('2048 rows')
  // The default design is one scrambled design, and the page says what its intervals mean.
  expect(await page.getByTestId('analysis-fact').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toContain('sobolSingleDesign')
  expect(await page.getByTestId('analysis-summary').innerText()).toContain('seed 0')
  expect(await page.getByTestId('tier-table').locator('thead').innerText()).toContain('Tier reads: ST (total) with interval')
  await expect.poll(() => page.getByTestId('contour-panel').innerText(), { timeout: 20000 }).toMatch(/cross-validated R² = [-\d.]+ · 2048 runs/)
  expect(Number(await page.getByTestId('chart-parallel').getAttribute('data-points'))).toBe(256 * 8)
  if (process.env.E2E_SCREENSHOT_DIR) {
    mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
    await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, 'analysis-page.png'), fullPage: true })
  }
  expect(pageErrors).toEqual([])
}, 120000)
