/// <reference lib="dom" />
/**
 * The runs table in Chromium at 20,000 runs × 40 columns (30 params, 10 metrics), against the
 * real `paramscope serve` on a data folder seeded through the store: first paint of the table
 * (route change to the first drawn row: the first screen of runs is read first), all loaded (every
 * run in the table), a sort by a metric column and a filter, each measured inside the page from
 * the action to the next frame after the DOM changed. Round 1 is the engine's first read (cold).
 * experimentPageMs is the experiment's own page over the same runs (its first page of them drawn).
 * runsTableHttpMs is the whole runs.table alone over HTTP (its binary body read and decoded in Node,
 * as the page asks for it), after the rounds.
 * Run after `npm run build`: npx tsx bench/runs-table-ui.ts   (prints one JSON object; ms)
 * RUNS_TABLE_BENCH_RUNS and RUNS_TABLE_BENCH_ROUNDS change the size and the rounds.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { findChromium } from '../e2e/chromium'
import { startServer } from '../e2e/serve'
import { openStore, STORE_FILE } from '../src/main/engine/store'
import type { NewRun } from '../src/main/engine/store/run-repository'
import { BINARY_CONTENT_TYPE, decodeBinaryBody } from '../src/shared/binary-body'

const runs = Number(process.env.RUNS_TABLE_BENCH_RUNS ?? 20000)
const rounds = Number(process.env.RUNS_TABLE_BENCH_ROUNDS ?? 5)
const paramCount = 30
const metricCount = 10
const pointsPerMetric = 5
/** The filter box waits this long after the last key (RunsFilterBox's default) before filtering. */
const debounceMs = 150

const newRun = (experimentId: number, name: string, config: NewRun['config']): NewRun => ({
  experimentId,
  name,
  trainer: 'mlp',
  trainerVersion: '1.0.0',
  engineVersion: '0.1.0',
  config,
  datasetPath: '/data/bench.csv',
  datasetHash: 'ab'.repeat(32),
  seed: 1,
  owner: { pid: 1, start: 'bench', instance: 'bench' }
})

/** Seeds one experiment of `runs` finished runs; returns its id and how long seeding took. */
function seed(dataDir: string): { experimentId: number; seedMs: number } {
  const t0 = performance.now()
  const store = openStore(join(dataDir, STORE_FILE))
  try {
    const experimentId = store.experiments.create({ name: 'bench: 20k runs' }).id
    store.transaction(() => {
      for (let i = 0; i < runs; i++) {
        const config: NewRun['config'] = { 'optimizer.name': i % 3 === 0 ? 'sgd' : 'adamw', seed: i % 5 }
        for (let p = 2; p < paramCount; p++) config[`group${p % 6}.param${p}`] = p % 4 === 0 ? `v${(i * p) % 7}` : ((i * 7919 + p * 104729) % 1000) / 1000
        const id = store.runs.insert(newRun(experimentId, `run-${i}`, config)).id
        const points = []
        for (let m = 0; m < metricCount; m++)
          for (let s = 0; s < pointsPerMetric; s++) points.push({ name: m < 5 ? `val/metric${m}` : `train/metric${m}`, step: s * 10, value: Math.abs(Math.sin(i * 0.37 + m + s)), time: 1000 + s })
        store.metrics.append(id, points)
        store.runs.update(id, { status: 'finished', endedAt: 2000 })
      }
    })
    return { experimentId, seedMs: performance.now() - t0 }
  } finally {
    store.close()
  }
}

/**
 * Opens the table from the experiments page: first paint is the first row drawn (the first screen
 * of runs arrives first), all loaded is when every run is in the table (sort and filter see all).
 */
async function openTable(page: Page, tableHash: string): Promise<[number, number]> {
  await page.evaluate(() => (location.hash = '#/'))
  await page.waitForSelector('[data-testid="experiment-name"], main')
  return page.evaluate(
    (hash) =>
      new Promise<[number, number]>((resolve) => {
        // No named inner functions: tsx would wrap them in a helper the page does not have.
        const t0 = performance.now()
        let firstAt = -1
        const obs = new MutationObserver(() => {
          if (firstAt < 0 && document.querySelector('[data-testid="run-row"]')) {
            firstAt = 0
            requestAnimationFrame(() => (firstAt = performance.now() - t0))
          }
          const count = document.querySelector('[data-testid="runs-count"]')
          if (count && Number(count.getAttribute('data-total')) > 0 && count.getAttribute('data-loaded') === count.getAttribute('data-total')) {
            obs.disconnect()
            requestAnimationFrame(() => {
              const at = performance.now() - t0
              resolve([firstAt > 0 ? firstAt : at, at])
            })
          }
        })
        obs.observe(document.body, { childList: true, subtree: true, attributes: true })
        location.hash = hash
      }),
    tableHash
  )
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const r = (v: number) => Math.round(v * 10) / 10
  return { min: r(s[0]), median: r(s[Math.floor(s.length / 2)]), max: r(s[s.length - 1]) }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-runs-table-ui-'))
  const dataDir = join(dir, 'home')
  const { experimentId, seedMs } = seed(dataDir)
  const { executablePath, env } = await findChromium()
  const browser = await chromium.launch({ executablePath, env, args: ['--no-sandbox', '--disable-background-networking', '--no-first-run'] })
  const tableHash = `#/runs?experiments=${experimentId}`
  const openPage = async (serverUrl: string) => {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } })
    await page.goto(serverUrl)
    await page.waitForFunction(() => !location.href.includes('token='))
    return page
  }
  // The first open ever reads every run's config and series and keeps a row per run in the file;
  // then the engine stops, and the rounds below start with a new one that reads those rows.
  const firstServer = await startServer(dataDir)
  let firstEver: [number, number]
  try {
    const firstPage = await openPage(firstServer.url)
    firstEver = await openTable(firstPage, tableHash)
    await firstPage.close()
  } catch (err) {
    await browser.close()
    throw err
  } finally {
    await firstServer.stop()
  }
  const server = await startServer(dataDir)
  const url = new URL(server.url)
  try {
    const page = await openPage(server.url)

    // Round 1 is the first open after a start of the engine (cold); the rounds after it warm.
    const firstPaint: number[] = []
    const allLoaded: number[] = []
    let rowsInDom = 0
    for (let r = 0; r < rounds; r++) {
      const [first, all] = await openTable(page, tableHash)
      firstPaint.push(first)
      allLoaded.push(all)
      rowsInDom = await page.locator('[data-testid="run-row"]').count()
    }
    const total = Number(await page.getByTestId('runs-count').getAttribute('data-total'))
    const columns = await page.locator('[data-testid^="head-"]').count()

    // Each sort click flips the order (asc, desc, none): every round changes the first row.
    const sort: number[] = []
    for (let r = 0; r < rounds; r++) {
      sort.push(
        await page.evaluate(
          () =>
            new Promise<number>((resolve) => {
              const head = document.querySelector<HTMLElement>('[data-testid="head-m:val/metric1"]')!
              const t0 = performance.now()
              head.click()
              // Vue patches the DOM in a microtask; the next frame is when the user sees it.
              requestAnimationFrame(() => resolve(performance.now() - t0))
            })
        )
      )
    }

    // A filter, then none, then another: every step changes how many runs show.
    const filters = ["params.optimizer.name = 'sgd' or metrics.val/metric0 < 0.2", '', 'params.seed in (1, 2) and not status = failed', '']
    const filter: number[] = []
    for (let r = 0; r < rounds; r++) {
      const text = filters[r % filters.length]
      const elapsed = await page.evaluate(
        ({ text }) =>
          new Promise<number>((resolve) => {
            const input = document.querySelector<HTMLInputElement>('[data-testid="runs-filter"]')!
            const count = document.querySelector('[data-testid="runs-count"]')!
            const before = count.getAttribute('data-shown')
            const t0 = performance.now()
            const obs = new MutationObserver(() => {
              if (count.getAttribute('data-shown') !== before) {
                obs.disconnect()
                requestAnimationFrame(() => resolve(performance.now() - t0))
              }
            })
            obs.observe(count, { attributes: true })
            // A filter that changed nothing would wait forever: give up after 10 s and say so.
            setTimeout(() => resolve(Number.NaN), 10000)
            input.value = text
            input.dispatchEvent(new Event('input'))
          }),
        { text }
      )
      filter.push(elapsed - debounceMs)
    }
    const shownAfterFilter = Number(await page.getByTestId('runs-count').getAttribute('data-shown'))

    // The experiment's own page over the same 20,000 runs: from the link to the frame its first page of runs is drawn in.
    const experimentPage: number[] = []
    let experimentRows = 0
    for (let r = 0; r < rounds; r++) {
      await page.evaluate(() => (location.hash = '#/'))
      await page.waitForSelector('[data-testid="experiment-link"]')
      experimentPage.push(
        await page.evaluate(
          (hash) =>
            new Promise<number>((resolve) => {
              const t0 = performance.now()
              const obs = new MutationObserver(() => {
                if (document.querySelector('[data-testid="run-table"] [data-testid="run-row"]') && document.querySelector('[data-testid="runs-more"]')) {
                  obs.disconnect()
                  requestAnimationFrame(() => resolve(performance.now() - t0))
                }
              })
              obs.observe(document.body, { childList: true, subtree: true })
              location.hash = hash
            }),
          `#/experiments/${experimentId}`
        )
      )
      experimentRows = await page.locator('[data-testid="run-table"] [data-testid="run-row"]').count()
    }
    // The engine's part of all loaded, after the page's rounds: runs.table over HTTP, answer read and parsed, as the page does.
    const apiMs: number[] = []
    let bytes = 0
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now()
      const res = await fetch(new URL('/api/runs.table', url.origin), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: BINARY_CONTENT_TYPE, Authorization: `Bearer ${url.searchParams.get('token')}` },
        body: JSON.stringify({ experimentIds: [experimentId] })
      })
      const body = await res.arrayBuffer()
      decodeBinaryBody(body)
      apiMs.push(performance.now() - t0)
      bytes = body.byteLength
    }

    console.log(
      JSON.stringify(
        {
          bench: 'runs-table-ui',
          runs: total,
          columnsShown: columns,
          params: paramCount,
          metrics: metricCount,
          rowsInDom,
          rounds,
          seedMs: Math.round(seedMs),
          runsTableHttpMs: stats(apiMs),
          runsTableBytes: bytes,
          firstPaintMs: stats(firstPaint),
          allLoadedMs: stats(allLoaded),
          // The first open of the seeded runs ever, which keeps their rows; then round 1 of a new engine (cold).
          firstEverFirstPaintMs: Math.round(firstEver[0]),
          firstEverAllLoadedMs: Math.round(firstEver[1]),
          coldFirstPaintMs: Math.round(firstPaint[0]!),
          coldAllLoadedMs: Math.round(allLoaded[0]!),
          sortMs: stats(sort),
          filterMs: { ...stats(filter), note: `from the input to the next frame after the count changed, less the ${debounceMs} ms debounce` },
          shownAfterFilter,
          experimentPageMs: stats(experimentPage),
          experimentPageRows: experimentRows
        },
        null,
        2
      )
    )
  } finally {
    await browser.close()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
