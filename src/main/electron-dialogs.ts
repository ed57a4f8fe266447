import type { BaseWindow, Dialog, FileFilter, OpenDialogOptions } from 'electron'
import type { Dialogs } from './engine/types'

/**
 * Turns the contract's `extensions` (".csv", "CSV", "jsonl") into one dialog filter plus
 * "All files", so a user can still pick a file with an unusual extension.
 */
export function fileFilters(extensions: string[] | undefined): FileFilter[] | undefined {
  const cleaned = [...new Set((extensions ?? []).map((e) => e.trim().replace(/^\*?\./, '').toLowerCase()).filter((e) => e !== ''))]
  if (cleaned.length === 0) return undefined
  return [
    { name: cleaned.map((e) => `.${e}`).join(', '), extensions: cleaned },
    { name: 'All files', extensions: ['*'] }
  ]
}

/** The native file picker, attached to the app window when there is one (modal on macOS). */
export function createElectronDialogs(dialog: Pick<Dialog, 'showOpenDialog'>, getWindow: () => BaseWindow | null): Dialogs {
  return {
    async pickFile({ title, extensions }) {
      const options: OpenDialogOptions = { title, properties: ['openFile'], filters: fileFilters(extensions) }
      const win = getWindow()
      const { canceled, filePaths } = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return canceled ? null : (filePaths[0] ?? null)
    }
  }
}
