import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'

/**
 * The desktop app's report printer: the report's HTML in a hidden window with scripts off,
 * printed by webContents.printToPDF. The engine builds the HTML; this glue only prints it.
 */
export function createElectronPrinter(makeWindow: (options: BrowserWindowConstructorOptions) => BrowserWindow) {
  return async (html: string, o: { paper: 'a4' | 'letter'; landscape: boolean }): Promise<Buffer> => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-report-'))
    const file = join(dir, 'report.html')
    writeFileSync(file, html)
    const win = makeWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, offscreen: true } })
    try {
      await win.loadFile(file)
      return await win.webContents.printToPDF({ pageSize: o.paper === 'a4' ? 'A4' : 'Letter', landscape: o.landscape, printBackground: true, preferCSSPageSize: true })
    } finally {
      win.destroy()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
