import { pathToFileURL } from 'node:url'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeEngine } from './server/testing/fake-engine'

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>

const electron = vi.hoisted(() => ({
  handlers: new Map<string, Handler>(),
  windows: [] as Array<{ url: string; destroyed: boolean; sent: unknown[][] }>
}))

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: Handler) => electron.handlers.set(channel, handler),
    removeHandler: (channel: string) => electron.handlers.delete(channel)
  },
  BrowserWindow: {
    getAllWindows: () =>
      electron.windows.map((w) => ({
        isDestroyed: () => w.destroyed,
        webContents: { isDestroyed: () => w.destroyed, getURL: () => w.url, send: (...args: unknown[]) => w.sent.push(args) }
      }))
  }
}))

const { createSenderCheck, registerIpc } = await import('./ipc')

const appUrl = 'paramscope://app/index.html'

describe('createSenderCheck', () => {
  const check = createSenderCheck()
  const devCheck = createSenderCheck({ devServerUrl: 'http://localhost:5173' })

  it('trusts the app scheme on any path and hash route', () => {
    expect(check(appUrl)).toBe(true)
    expect(check(`${appUrl}#/runs/3`)).toBe(true)
    expect(check('paramscope://app/')).toBe(true)
    expect(check('paramscope://APP/index.html')).toBe(true)
  })

  it('refuses files on disk, other hosts of the scheme, remote pages and junk', () => {
    expect(check(pathToFileURL('/opt/ParamScope/out/renderer/index.html').href)).toBe(false)
    expect(check('paramscope://evil/index.html')).toBe(false)
    expect(check('paramscope:app/index.html')).toBe(false)
    expect(check('https://app/index.html')).toBe(false)
    expect(check('https://example.com/')).toBe(false)
    expect(check('http://localhost:5173/')).toBe(false)
    expect(check('')).toBe(false)
    expect(check('about:blank')).toBe(false)
    expect(check('javascript:alert(1)')).toBe(false)
  })

  it('trusts the dev server origin only when one is configured', () => {
    expect(devCheck('http://localhost:5173/#/experiments')).toBe(true)
    expect(devCheck('http://localhost:5174/')).toBe(false)
    expect(devCheck('ws://localhost:5173/')).toBe(false)
    expect(devCheck('http://127.0.0.1.evil.com:5173/')).toBe(false)
  })
})

describe('registerIpc', () => {
  let engine: ReturnType<typeof createFakeEngine>
  let dispose: () => void
  beforeEach(() => {
    electron.handlers.clear()
    electron.windows.length = 0
    engine = createFakeEngine()
    dispose = registerIpc(engine, createSenderCheck())
  })

  const invoke = (url: string | null, method: unknown, input?: unknown) =>
    electron.handlers.get('paramscope:invoke')!({ senderFrame: url === null ? null : { url } }, method, input)

  it('returns results and errors as envelopes', async () => {
    expect(await invoke(appUrl, 'experiments.create', { name: 'lr sweep' })).toMatchObject({ ok: true, result: { id: 1, name: 'lr sweep' } })
    expect(await invoke(appUrl, 'experiments.create', { name: 'lr sweep' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } })
    expect(await invoke(appUrl, 'experiments.create', { name: 7 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ field: 'name' }] } } })
    expect(await invoke(appUrl, 'no.such', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await invoke(appUrl, 42, {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await invoke(appUrl, 'runs.delete', { id: 1 })).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'disk on fire' } })
  })

  it('refuses an untrusted or missing sender frame without calling the engine', async () => {
    expect(await invoke('https://evil.example/', 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(await invoke(null, 'app.info', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(engine.calls).toEqual([])
  })

  it('forwards engine events to windows showing the app, and stops after dispose', () => {
    electron.windows.push({ url: `${appUrl}#/`, destroyed: false, sent: [] }, { url: 'https://evil.example/', destroyed: false, sent: [] }, { url: appUrl, destroyed: true, sent: [] })
    engine.events.emit('run.log', { runId: 3, text: 'epoch 1\n' })
    expect(electron.windows.map((w) => w.sent)).toEqual([[['paramscope:event', 'run.log', { runId: 3, text: 'epoch 1\n' }]], [], []])
    dispose()
    engine.events.emit('experiments.changed', {})
    expect(electron.windows[0]!.sent).toHaveLength(1)
    expect(electron.handlers.has('paramscope:invoke')).toBe(false)
  })
})
