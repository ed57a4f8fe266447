/**
 * The one set-up of the end-to-end specs: a temporary folder, the real `paramscope serve` on a
 * data folder inside it, and a page in Chromium that records page errors, each made once per
 * spec file and torn down after it. A spec imports `test` from here and asks for what it uses:
 *
 *   test('...', async ({ dir, server, page, pageErrors }) => { ... })
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { test as base } from 'vitest'
import { findChromium } from './chromium'
import { startServer, type RunningServe } from './serve'

/** The headless server of a spec; `restart` stops it and starts it again on the same data. */
export interface E2eServer {
  readonly url: string
  restart(): Promise<void>
}

// Without the background-networking flags Chromium keeps calling out of a closed network.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync']

/** Chromium as `findChromium` chooses it (see chromium.ts), with the flags every spec needs. */
export async function launchChromium(): Promise<Browser> {
  const { executablePath, env } = await findChromium()
  return chromium.launch({ executablePath, env, args: chromiumArgs })
}

export const test = base
  .extend('dir', { scope: 'file' }, async ({}, { onCleanup }) => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-e2e-'))
    onCleanup(() => rmSync(dir, { recursive: true, force: true }))
    return dir
  })
  .extend('server', { scope: 'file' }, async ({ dir }, { onCleanup }): Promise<E2eServer> => {
    const dataDir = join(dir, 'home')
    let running: RunningServe = await startServer(dataDir)
    onCleanup(() => running.stop())
    return {
      get url() {
        return running.url
      },
      async restart() {
        await running.stop()
        running = await startServer(dataDir)
      }
    }
  })
  .extend('browser', { scope: 'file' }, async ({}, { onCleanup }) => {
    const browser = await launchChromium()
    onCleanup(() => browser.close())
    return browser
  })
  .extend('pageErrors', { scope: 'file' }, async (): Promise<string[]> => [])
  .extend('page', { scope: 'file' }, async ({ browser, pageErrors }) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('pageerror', (err) => pageErrors.push(err.message))
    // Expected: the favicon 404 and the event socket's refused reconnects while a spec restarts the server.
    page.on('console', (msg) => {
      const expected = /favicon|ERR_CONNECTION_REFUSED|WebSocket connection/.test(msg.text())
      if (msg.type() === 'error' && !expected) pageErrors.push(msg.text())
    })
    return page
  })
