import { existsSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { ReportPaper } from '../../../shared/schemas/report'

/**
 * The Chromium that prints a report's PDF outside the desktop app (the app prints with Electron's
 * own printToPDF). In order: $PARAMSCOPE_CHROMIUM; a Chromium, Chrome or Edge on PATH; one at its
 * usual install place; the Chromium Playwright downloaded (`npx playwright install chromium`).
 */
export interface ChromiumHost {
  platform: NodeJS.Platform
  env: Record<string, string | undefined>
  exists(path: string): boolean
  /** Where playwright-core keeps its own Chromium, when it is installed; may not exist. */
  playwrightPath?: () => string | undefined
}

const pathNames: Record<string, string[]> = {
  linux: ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge-stable', 'microsoft-edge'],
  darwin: ['chromium', 'google-chrome'],
  win32: ['chrome.exe', 'msedge.exe', 'chromium.exe']
}

/** The usual install paths of Chromium, Chrome and Edge on this platform, most specific first. */
export function usualBrowserPaths(platform: NodeJS.Platform, env: ChromiumHost['env']): string[] {
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge']
    const roots = ['/Applications', ...(env.HOME ? [`${env.HOME}/Applications`] : [])]
    return apps.flatMap((app) => roots.map((root) => `${root}/${app}`))
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root))
    const apps = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe']
    return apps.flatMap((app) => roots.map((root) => `${root}\\${app}`))
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
    '/snap/bin/chromium'
  ]
}

/** The browser to print with, or null when this machine has none. Throws when the variable names a missing file. */
export function findChromium(host: ChromiumHost): string | null {
  const named = host.env.PARAMSCOPE_CHROMIUM
  if (named) {
    if (!host.exists(named)) throw AppError.coded('INVALID_INPUT', msg('report.error.badChromium', { path: named }))
    return named
  }
  const dirs = (host.env.PATH ?? host.env.Path ?? '').split(host.platform === 'win32' ? ';' : delimiter).filter(Boolean)
  for (const name of pathNames[host.platform] ?? pathNames.linux!) {
    for (const dir of dirs) {
      const candidate = host.platform === 'win32' ? `${dir}\\${name}` : join(dir, name)
      if (host.exists(candidate)) return candidate
    }
  }
  const usual = usualBrowserPaths(host.platform, host.env).find((p) => host.exists(p))
  if (usual) return usual
  const playwright = host.playwrightPath?.()
  return playwright && host.exists(playwright) ? playwright : null
}

type PlaywrightCore = typeof import('playwright-core')

/** Named in a variable so the bundler leaves it to Node: a dev dependency, loaded only where installed. */
const PLAYWRIGHT = 'playwright-core'

async function loadPlaywright(): Promise<PlaywrightCore | undefined> {
  try {
    const mod = (await import(/* @vite-ignore */ PLAYWRIGHT)) as PlaywrightCore & { default?: PlaywrightCore }
    // A CommonJS package: its exports arrive as named exports or only as the default.
    return mod.chromium ? mod : mod.default
  } catch {
    return undefined
  }
}

/** This machine, with playwright-core's own download as the last place to look. */
export async function thisHost(): Promise<ChromiumHost> {
  const playwright = await loadPlaywright()
  return {
    platform: process.platform,
    env: process.env,
    exists: existsSync,
    playwrightPath: () => {
      try {
        return playwright?.chromium.executablePath()
      } catch {
        return undefined
      }
    }
  }
}

export interface PrintOptions {
  paper: ReportPaper
  landscape: boolean
}

/** The Chromium to print with; a coded refusal saying what to install when there is none. */
export async function requireChromium(host?: ChromiumHost): Promise<string> {
  if (!(await loadPlaywright())) throw AppError.coded('UNSUPPORTED', msg('report.error.noPlaywright'))
  const executablePath = findChromium(host ?? (await thisHost()))
  if (!executablePath) throw AppError.coded('UNSUPPORTED', msg('report.error.noChromium'))
  return executablePath
}

type Browser = Awaited<ReturnType<PlaywrightCore['chromium']['launch']>>

/** Prints reports with one headless Chromium, started at the first print and kept a while for the next. */
export interface ChromiumPrinter {
  /** The report's pages as a PDF, printed by the Chromium at `executablePath` (requireChromium's). */
  print(html: string, o: PrintOptions, executablePath: string): Promise<{ pdf: Buffer; printer: string }>
  /** Closes the Chromium, waiting for prints under way. */
  close(): Promise<void>
  /** How many times it started a Chromium. */
  readonly starts: number
}

/**
 * A printer whose Chromium stays up `idleMs` after its last print: a second report skips the
 * start and stop of a browser (seconds on a busy machine). `idleMs` 0 closes it after each print.
 */
export function createChromiumPrinter({ idleMs = 60_000 }: { idleMs?: number } = {}): ChromiumPrinter {
  let running: { path: string; browser: Promise<Browser> } | null = null
  let busy = 0
  let idle: ReturnType<typeof setTimeout> | undefined
  let starts = 0
  const stop = async () => {
    const was = running
    running = null
    clearTimeout(idle)
    await (await was?.browser.catch(() => undefined))?.close().catch(() => undefined)
  }
  const start = (playwright: PlaywrightCore, path: string) => {
    // --no-sandbox: root in a container (a CI runner, a headless server) cannot make Chromium's sandbox.
    const browser = playwright.chromium.launch({ executablePath: path, args: process.getuid?.() === 0 ? ['--no-sandbox'] : [] })
    starts += 1
    const mine = { path, browser }
    // A Chromium that quits or fails to start is started again at the next print.
    const forget = () => {
      if (running === mine) running = null
    }
    browser.then((b) => b.on('disconnected', forget), forget)
    return mine
  }
  return {
    async print(html, o, executablePath) {
      const playwright = await loadPlaywright()
      if (!playwright) throw AppError.coded('UNSUPPORTED', msg('report.error.noPlaywright'))
      clearTimeout(idle)
      busy += 1
      let context: Awaited<ReturnType<Browser['newContext']>> | undefined
      try {
        if (running && running.path !== executablePath && busy === 1) await stop()
        running ??= start(playwright, executablePath)
        const browser = await running.browser
        context = await browser.newContext()
        const page = await context.newPage()
        // Nothing in a report loads from anywhere: refuse every request, should any appear.
        await page.route('**/*', (route) => route.abort())
        await page.setContent(html, { waitUntil: 'load' })
        await page.emulateMedia({ media: 'print' })
        const pdf = await page.pdf({ format: o.paper === 'a4' ? 'A4' : 'Letter', landscape: o.landscape, printBackground: true, preferCSSPageSize: true })
        return { pdf, printer: `${executablePath} (${browser.version()})` }
      } catch (err) {
        if (err instanceof AppError) throw err
        throw AppError.coded('INTERNAL', msg('report.error.printFailed', { reason: (err as Error).message.split('\n')[0] ?? '' }))
      } finally {
        await context?.close().catch(() => undefined)
        busy -= 1
        if (busy === 0) {
          if (idleMs <= 0) await stop()
          else (idle = setTimeout(() => void stop(), idleMs)).unref?.()
        }
      }
    },
    close: async () => {
      while (busy > 0) await new Promise((r) => setTimeout(r, 20))
      await stop()
    },
    get starts() {
      return starts
    }
  }
}

/** One print with a Chromium started for it and closed after (callers that keep no printer). */
export async function printWithChromium(html: string, o: PrintOptions, executablePath: string): Promise<{ pdf: Buffer; printer: string }> {
  return createChromiumPrinter({ idleMs: 0 }).print(html, o, executablePath)
}
