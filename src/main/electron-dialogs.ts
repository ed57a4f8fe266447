import type { BaseWindow, Dialog, FileFilter, OpenDialogOptions, SaveDialogOptions } from 'electron'
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

/** The native file pickers, attached to the app window when there is one (modal on macOS). */
export function createElectronDialogs(dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, getWindow: () => BaseWindow | null): Dialogs {
  const attached = (): BaseWindow | null => {
    const win = getWindow()
    return win && !win.isDestroyed() ? win : null
  }
  return {
    async pickFile({ title, extensions }) {
      const options: OpenDialogOptions = { title, properties: ['openFile'], filters: fileFilters(extensions) }
      const win = attached()
      const { canceled, filePaths } = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
      return canceled ? null : (filePaths[0] ?? null)
    },
    async pickSaveFile({ title, defaultPath, extensions }) {
      // The system dialog asks before an existing file is replaced (showOverwriteConfirmation on Linux).
      const options: SaveDialogOptions = { title, defaultPath, filters: fileFilters(extensions), properties: ['showOverwriteConfirmation', 'createDirectory'] }
      const win = attached()
      const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
      return canceled || !filePath ? null : filePath
    }
  }
}
