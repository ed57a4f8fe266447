import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const cli = resolve(__dirname, '..', 'out', 'main', 'cli.js')

/** Starts the real `paramscope serve` on a free port and resolves with the URL it prints. */
export async function startServer(dataDir: string): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`)
  const child = spawn(process.execPath, [cli, 'serve', '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`serve printed no URL in 20 s:\n${output}`)), 20000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        ok(match[1])
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}:\n${output}`)))
  })
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok()
        child.once('exit', () => ok())
        child.kill('SIGTERM')
      })
  }
}

/** Debian's Chromium, as CI installs it; Playwright's own browser download is not reachable. */
export const chromiumOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync']
}

/**
 * Debian's Chromium on a fresh page that records page errors and console errors, except the
 * favicon 404 and the event socket's refused reconnects while a test restarts the server.
 */
export async function openPage(): Promise<{ browser: Browser; page: Page; pageErrors: string[] }> {
  const browser = await chromium.launch(chromiumOptions)
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  const pageErrors: string[] = []
  page.on('pageerror', (err) => pageErrors.push(err.message))
  page.on('console', (msg) => {
    const expected = /favicon|ERR_CONNECTION_REFUSED|WebSocket connection/.test(msg.text())
    if (msg.type() === 'error' && !expected) pageErrors.push(msg.text())
  })
  return { browser, page, pageErrors }
}
