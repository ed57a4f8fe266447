/**
 * Command trainers from the window, in a real Chromium against the real headless server: a
 * definition pasted into the editor is registered and listed, a bad one names its field, a taken
 * name is replaced after asking, a draft from a script's --help registers, and the format tester
 * reads a Hugging Face stdout log (pasted) and binary TensorBoard event files (through the file
 * input) with the engine's own readers.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { test } from './fixture'

const root = resolve(__dirname, '..')
const fixtures = join(root, 'src/main/engine/command/metrics/fixtures')

/** With E2E_SCREENSHOT_DIR set: the page as the user sees it. */
async function shoot(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SCREENSHOT_DIR) return
  mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, name), fullPage: true })
}

const seriesNames = (page: Page) => page.getByTestId('tester-series').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-series')))

test('registers a command trainer from the window and tests log formats', async ({ server, page, pageErrors }) => {
  await page.goto(server.url)
  await expect.poll(() => page.url()).not.toContain('token=')
  await page.getByTestId('nav-trainers').click()
  await page.waitForURL(/#\/trainers$/)
  await expect.poll(() => page.getByTestId('trainer-row').count()).toBeGreaterThan(0)
  expect(await page.locator('[data-testid="trainer-row"][data-kind="command"]').count()).toBe(0)

  // A bad definition: each problem is named by its field.
  const definition = readFileSync(join(root, 'resources/trainers/node-quadratic/trainer.yaml'), 'utf8')
  await page.getByTestId('trainer-definition').fill(definition.replace('max: 1\n', 'max: 0.00001\n').replace('name: node-quadratic', 'name: Node Quadratic'))
  await page.getByTestId('trainer-register').click()
  await expect.poll(() => page.getByTestId('trainer-issue').count(), { timeout: 10000 }).toBeGreaterThan(0)
  const fields = await page.getByTestId('trainer-issue').evaluateAll((items) => items.map((i) => i.getAttribute('data-field')))
  expect(fields).toContain('name')
  expect(await page.getByTestId('trainer-issues').innerText()).toMatch(/name/)
  await shoot(page, 'trainers-issues.png')

  // The example as it ships: registered and listed with its command line.
  await page.getByTestId('trainer-definition').fill(definition)
  await page.getByTestId('trainer-register').click()
  await expect.poll(() => page.getByTestId('trainer-registered').innerText(), { timeout: 10000 }).toContain('node-quadratic')
  const row = page.locator('[data-testid="trainer-row"][data-trainer="node-quadratic"]')
  await expect.poll(() => row.count()).toBe(1)
  expect(await row.getAttribute('data-kind')).toBe('command')
  expect(await row.getByTestId('trainer-command').innerText()).toBe('${node} train.js ${args}')
  expect(await row.getByTestId('trainer-params').innerText()).toBe('6')

  // Registering it again asks before replacing.
  await page.getByTestId('trainer-register').click()
  await expect.poll(() => page.getByTestId('confirm-dialog').count()).toBe(1)
  await page.getByTestId('confirm-yes').click()
  await expect.poll(() => page.getByTestId('trainer-registered').innerText()).toMatch(/Replaced.*node-quadratic/)
  await shoot(page, 'trainers-en.png')

  // Export downloads its YAML; Edit puts the same text in the editor.
  const [download] = await Promise.all([page.waitForEvent('download'), row.getByTestId('trainer-export').click()])
  expect(download.suggestedFilename()).toBe('node-quadratic.yaml')
  expect(readFileSync(await download.path(), 'utf8')).toMatch(/^name: node-quadratic$/m)
  await page.getByTestId('trainer-definition').fill('')
  await row.getByTestId('trainer-edit').click()
  await expect.poll(() => page.getByTestId('trainer-definition').inputValue()).toMatch(/^name: node-quadratic$/m)
  expect(await page.getByTestId('trainer-editing').innerText()).toContain('node-quadratic')

  // A draft from a real argparse script's --help, one argument per line, registered as drafted.
  await page.getByTestId('draft-command').fill(`python3\n${join(root, 'src/main/engine/command/draft/fixtures/argparse_train.py')}`)
  await page.getByTestId('draft-name').fill('drafted-script')
  await page.getByTestId('draft-run').click()
  await expect.poll(() => page.getByTestId('draft-done').count(), { timeout: 20000 }).toBe(1)
  expect(await page.getByTestId('draft-done').innerText()).toMatch(/Drafted \d+ parameters \(argparse help\)/)
  expect(await page.getByTestId('trainer-definition').inputValue()).toMatch(/^name: drafted-script$/m)
  await shoot(page, 'trainers-draft.png')
  await page.getByTestId('trainer-register').click()
  const drafted = page.locator('[data-testid="trainer-row"][data-trainer="drafted-script"]')
  await expect.poll(() => drafted.count(), { timeout: 10000 }).toBe(1)
  expect(Number(await drafted.getByTestId('trainer-params').innerText())).toBeGreaterThan(0)

  // The format tester: a Hugging Face Trainer's stdout, pasted.
  await page.getByTestId('format-tester-link').click()
  await page.waitForURL(/#\/trainers\/format-tester$/)
  await page.getByTestId('tester-text').fill(readFileSync(join(fixtures, 'hf-trainer-stdout.txt'), 'utf8'))
  await page.getByTestId('tester-run').click()
  await expect.poll(() => page.getByTestId('tester-result').getAttribute('data-kind'), { timeout: 10000 }).toBe('log')
  expect(await seriesNames(page)).toEqual(expect.arrayContaining(['loss', 'learning_rate']))
  expect(await page.locator('[data-testid="tester-series"][data-series="loss"]').getAttribute('data-channel')).toBe('hf-log')
  await expect.poll(() => page.getByTestId('tester-chart-loss').getAttribute('data-points'), { timeout: 10000 }).toBe('7')
  expect(await page.getByTestId('tester-chart-loss').locator('canvas').count()).toBeGreaterThan(0)
  await shoot(page, 'format-tester-hf.png')

  // A binary TensorBoard file, through the file input.
  await page.getByTestId('tester-file').setInputFiles(join(fixtures, 'events.out.tfevents.tbx'))
  await expect.poll(() => page.getByTestId('tester-result').getAttribute('data-kind'), { timeout: 10000 }).toBe('tensorboard')
  await expect.poll(() => seriesNames(page)).toEqual(['loss', 'lr'])
  expect(await page.getByTestId('tester-headline').innerText()).toContain('events.out.tfevents.tbx')

  // A corrupt one: read past the bad record, which is named.
  await page.getByTestId('tester-file').setInputFiles(join(fixtures, 'events.out.tfevents.corrupted'))
  await expect.poll(() => page.getByTestId('tester-warnings').count(), { timeout: 10000 }).toBe(1)
  expect(await page.getByTestId('tester-warnings').innerText()).toMatch(/TensorBoard record at byte \d+/)

  // The same page in Chinese.
  await page.getByTestId('locale-zh-CN').click()
  await expect.poll(() => page.locator('h1').innerText()).toBe('格式测试')
  expect(await page.getByTestId('tester-warnings').innerText()).toMatch(/第 \d+ 字节处的 TensorBoard 记录/)
  await shoot(page, 'format-tester-zh-CN.png')
  await page.getByTestId('nav-trainers').click()
  await page.waitForURL(/#\/trainers$/)
  await expect.poll(() => page.getByTestId('nav-trainers').innerText()).toBe('训练器')
  await expect.poll(() => page.getByTestId('trainer-register').innerText()).toBe('注册')
  await shoot(page, 'trainers-zh-CN.png')

  // Removing asks first; the built-ins stay.
  await row.getByTestId('trainer-remove').click()
  await page.getByTestId('confirm-yes').click()
  await expect.poll(() => row.count()).toBe(0)
  expect(await page.getByTestId('trainer-row').count()).toBeGreaterThan(0)

  // Chromium logs the two refusals the test asked for (the bad definition, the taken name); nothing else.
  expect(pageErrors).toEqual([expect.stringContaining('status of 400'), expect.stringContaining('status of 409')])
})
