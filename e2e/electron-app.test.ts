/**
 * The desktop app itself, where an Electron binary exists (it is downloaded on first use and
 * cannot be on machines without internet access): the window is hardened, the preload exposes
 * only the contract, and the engine answers through IPC.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'

const root = resolve(__dirname, '..')

function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

const binary = electronBinary()
if (!binary) console.log('electron-app: skipped, no Electron binary here (npm start downloads it on first use)')

describe.skipIf(!binary)('desktop app', () => {
  it('opens a hardened window whose bridge reaches the engine', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'paramscope-electron-'))
    const app = await electron.launch({
      executablePath: binary!,
      args: [join(root, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`, ...(process.getuid?.() === 0 ? ['--no-sandbox'] : [])]
    })
    try {
      const page = await app.firstWindow()
      await page.getByTestId('experiment-name').waitFor()
      // The build comes from the app's own scheme, not from file://.
      expect(page.url()).toMatch(/^paramscope:\/\/app\/index\.html/)
      const isolation = await page.evaluate(() => ({
        require: typeof (globalThis as { require?: unknown }).require,
        process: typeof (globalThis as { process?: unknown }).process,
        bridge: Object.keys((globalThis as { paramscope?: object }).paramscope ?? {}).sort()
      }))
      // The contract's two functions and the dropped file's path (webUtils.getPathForFile), nothing of Node or IPC.
      expect(isolation).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke', 'on', 'pathForFile'] })
      const info = await page.evaluate(() =>
        (globalThis as unknown as { paramscope: { invoke(m: string, i: unknown): Promise<unknown> } }).paramscope.invoke('app.info', {})
      )
      expect(info).toMatchObject({ ok: true, result: { nativeDialogs: true } })
      const refused = await page.evaluate(() =>
        (globalThis as unknown as { paramscope: { invoke(m: string, i: unknown): Promise<unknown> } }).paramscope.invoke('shell.exec', {}).catch((e: Error) => e.message)
      )
      expect(String(JSON.stringify(refused))).toMatch(/shell\.exec|Unknown|not/i)
      const webPreferences = await app.evaluate(({ BrowserWindow }) => {
        type Prefs = { contextIsolation?: boolean; sandbox?: boolean; nodeIntegration?: boolean }
        const contents = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences(): Prefs | null }
        const prefs = contents.getLastWebPreferences()
        return { contextIsolation: prefs?.contextIsolation, sandbox: prefs?.sandbox, nodeIntegration: prefs?.nodeIntegration }
      })
      expect(webPreferences).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    } finally {
      await app.close()
      rmSync(userData, { recursive: true, force: true })
    }
  }, 60000)
})
