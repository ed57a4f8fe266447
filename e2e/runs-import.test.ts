/**
 * Runs brought in from the window, against the real headless server: an Optuna storage made by
 * Optuna itself (the importer's fixture) named by path in the Import runs panel, then the same
 * path again (its runs skipped), and the imported runs in the runs table.
 */
import { resolve } from 'node:path'
import { expect } from 'vitest'
import { test } from './fixture'
import { shoot } from './helpers'

const storage = resolve(__dirname, '..', 'src', 'main', 'engine', 'import', 'fixtures', 'optuna', 'study.db')

test('imports an Optuna study from the experiments page and opens its runs in the table', async ({ server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.getByTestId('locale-zh-CN').click()
  await page.getByTestId('runs-import-open').click()
  await page.getByTestId('runs-import-path').fill(storage)
  await page.getByTestId('runs-import-experiment').fill('e2e: 导入')
  await page.getByTestId('runs-import-submit').click()
  const result = page.getByTestId('runs-import-result')
  await expect.poll(() => result.innerText(), { timeout: 20000 }).toMatch(/^已将 \d+ 个运行导入 e2e: 导入/)
  const imported = Number(/已将 (\d+) 个运行/.exec(await result.innerText())![1])
  expect(imported).toBeGreaterThan(0)
  // The new experiment is listed at once.
  await expect.poll(() => page.getByTestId('experiment-link').filter({ hasText: 'e2e: 导入' }).count()).toBe(1)
  await shoot(page, 'runs-import-zh.png')

  // The same storage again: nothing new, and it says so.
  await page.getByTestId('runs-import-submit').click()
  await expect.poll(() => result.innerText(), { timeout: 20000 }).toContain('没有新的运行')
  expect(await result.innerText()).toContain(`另有 ${imported} 个运行此前已导入`)

  await page.getByTestId('runs-import-table-link').click()
  await expect.poll(() => page.getByTestId('runs-count').getAttribute('data-total'), { timeout: 20000 }).toBe(String(imported))
  expect(pageErrors).toEqual([])
}, 120000)
