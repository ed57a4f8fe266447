import { describe, expect, it, vi } from 'vitest'

const exposed = vi.hoisted(() => new Map<string, unknown>())
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  webUtils: { getPathForFile: (file: { name: string }) => `/home/me/${file.name}` }
}))

describe('preload entry', () => {
  it('exposes exactly invoke, on and pathForFile as window.paramscope', async () => {
    await import('./index')
    expect([...exposed.keys()]).toEqual(['paramscope'])
    const bridge = exposed.get('paramscope') as { pathForFile(file: unknown): string }
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'on', 'pathForFile'])
    expect(bridge.pathForFile({ name: 'iris.csv' })).toBe('/home/me/iris.csv')
  })
})
