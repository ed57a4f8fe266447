import type { BaseWindow, Dialog } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createElectronDialogs, fileFilters } from './electron-dialogs'

function fakeDialog(result: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn(async (..._args: unknown[]) => result)
  const showSaveDialog = vi.fn(async (..._args: unknown[]) => ({ canceled: result.canceled, filePath: result.filePaths[0] ?? '' }))
  return { dialog: { showOpenDialog, showSaveDialog } as unknown as Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>, showOpenDialog, showSaveDialog }
}

describe('fileFilters', () => {
  it('normalises extensions and keeps an escape hatch', () => {
    expect(fileFilters(['.CSV', 'tsv', '*.jsonl', 'csv', ' '])).toEqual([
      { name: '.csv, .tsv, .jsonl', extensions: ['csv', 'tsv', 'jsonl'] },
      { name: 'All files', extensions: ['*'] }
    ])
    expect(fileFilters(undefined)).toBeUndefined()
    expect(fileFilters([])).toBeUndefined()
  })
})

describe('createElectronDialogs', () => {
  it('returns the chosen path, attached to the window', async () => {
    const { dialog, showOpenDialog } = fakeDialog({ canceled: false, filePaths: ['/data/train.csv'] })
    const win = { isDestroyed: () => false } as unknown as BaseWindow
    const dialogs = createElectronDialogs(dialog, () => win)
    expect(await dialogs.pickFile({ title: 'Dataset', extensions: ['csv'] })).toBe('/data/train.csv')
    expect(showOpenDialog).toHaveBeenCalledWith(win, expect.objectContaining({ title: 'Dataset', properties: ['openFile'] }))
  })

  it('returns null when the user cancels, and works without a window', async () => {
    const { dialog, showOpenDialog } = fakeDialog({ canceled: true, filePaths: [] })
    const dialogs = createElectronDialogs(dialog, () => null)
    expect(await dialogs.pickFile({})).toBeNull()
    expect(showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile'] }))
  })

  it('asks where to save, proposing a file and confirming a replacement, and returns null on cancel', async () => {
    const saved = fakeDialog({ canceled: false, filePaths: ['/models/run-3.onnx'] })
    const win = { isDestroyed: () => false } as unknown as BaseWindow
    const dialogs = createElectronDialogs(saved.dialog, () => win)
    expect(await dialogs.pickSaveFile({ title: 'Export model', defaultPath: '/data/run-3.onnx', extensions: ['onnx'] })).toBe('/models/run-3.onnx')
    expect(saved.showSaveDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({ defaultPath: '/data/run-3.onnx', properties: expect.arrayContaining(['showOverwriteConfirmation']), filters: fileFilters(['onnx']) })
    )
    const cancelled = fakeDialog({ canceled: true, filePaths: [] })
    expect(await createElectronDialogs(cancelled.dialog, () => null).pickSaveFile({})).toBeNull()
    expect(cancelled.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ filters: undefined }))
  })
})
