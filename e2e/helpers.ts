/** What several end-to-end specs do alike: call the engine as any HTTP client does, and keep screenshots. */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'

/** Calls the engine over HTTP with the server's token, as any client of `paramscope serve` does. */
export async function call<T = unknown>(serverUrl: string, method: string, input: unknown): Promise<T> {
  const url = new URL(serverUrl)
  const res = await fetch(new URL(`/api/${method}`, url.origin), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${url.searchParams.get('token')}` },
    body: JSON.stringify(input)
  })
  const body = (await res.json()) as { result?: unknown; error?: unknown }
  if (!res.ok) throw new Error(`${method} was refused: ${JSON.stringify(body.error)}`)
  return body.result as T
}

/** With E2E_SCREENSHOT_DIR set: the whole page as the user sees it, under that name. */
export async function shoot(page: Page, name: string): Promise<void> {
  if (!process.env.E2E_SCREENSHOT_DIR) return
  mkdirSync(process.env.E2E_SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, name), fullPage: true })
}
