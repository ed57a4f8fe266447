import { describe, expect, it, vi } from 'vitest'

const exposed = vi.hoisted(() => new Map<string, unknown>())
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() }
}))

describe('preload entry', () => {
  it('exposes exactly invoke and on as window.paramscope', async () => {
    await import('./index')
    expect([...exposed.keys()]).toEqual(['paramscope'])
    expect(Object.keys(exposed.get('paramscope') as object).sort()).toEqual(['invoke', 'on'])
  })
})
