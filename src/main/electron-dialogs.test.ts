import type { BaseWindow, Dialog } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createElectronDialogs, fileFilters } from './electron-dialogs'

function fakeDialog(result: { canceled: boolean; filePaths: string[] }) {
  const showOpenDialog = vi.fn(async (..._args: unknown[]) => result)
  return { dialog: { showOpenDialog } as unknown as Pick<Dialog, 'showOpenDialog'>, showOpenDialog }
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
})
