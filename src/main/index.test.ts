import { EventEmitter } from 'node:events'
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'

/**
 * The composition root cannot run without the Electron binary, so this drives it against a
 * fake 'electron' module and checks the wiring: lock, engine options, IPC, window, session rules,
 * navigation limits and the quit sequence.
 */
const fake = vi.hoisted(() => {
  // vi.hoisted runs before imports: load what the fakes need here.
  const { EventEmitter: Emitter } = process.getBuiltinModule('node:events') as typeof import('node:events')
  const state = {
    hasLock: true,
    userData: '',
    windows: [] as Array<InstanceType<typeof FakeWindow>>,
    headersHandler: undefined as undefined | ((details: unknown, cb: (r: unknown) => void) => void),
    permissionHandler: undefined as undefined | ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void),
    ipcChannels: [] as string[],
    schemes: [] as unknown[],
    /** What happened in which order: privileges must be granted before 'ready'. */
    order: [] as string[],
    protocolHandlers: new Map<string, (request: Request) => Promise<Response>>()
  }
  class FakeWindow extends Emitter {
    options: Record<string, unknown>
    webContents = { isDestroyed: () => false, getURL: () => '', send: () => undefined }
    loadURL = vi.fn(async (_url: string) => undefined)
    maximize = vi.fn()
    focus = vi.fn()
    restore = vi.fn()
    isMinimized = () => true
    isDestroyed = () => false
    isMaximized = () => false
    getNormalBounds = () => ({ x: 0, y: 0, width: 1000, height: 700 })
    constructor(options: Record<string, unknown>) {
      super()
      this.options = options
      state.windows.push(this)
    }
    static getAllWindows = () => state.windows
  }
  const app = Object.assign(new Emitter(), {
    isPackaged: false,
    requestSingleInstanceLock: () => state.hasLock,
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: () => state.userData,
    whenReady: () => {
      state.order.push('whenReady')
      return Promise.resolve()
    }
  })
  const display = { workArea: { x: 0, y: 0, width: 1920, height: 1080 } }
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    dialog: { showOpenDialog: vi.fn(), showErrorBox: vi.fn() },
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (h: typeof state.headersHandler) => (state.headersHandler = h) },
        setPermissionRequestHandler: (h: typeof state.permissionHandler) => (state.permissionHandler = h),
        setPermissionCheckHandler: () => undefined
      }
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown[]) => {
        state.order.push('registerSchemesAsPrivileged')
        state.schemes.push(...schemes)
      },
      handle: (scheme: string, handler: (request: Request) => Promise<Response>) => {
        state.order.push('handle')
        state.protocolHandlers.set(scheme, handler)
      }
    },
    shell: { openExternal: vi.fn(async () => undefined) },
    utilityProcess: { fork: vi.fn() },
    ipcMain: { handle: (channel: string) => state.ipcChannels.push(channel), removeHandler: () => undefined }
  }
  return { state, electron, engineClose: vi.fn(async () => undefined), createEngine: vi.fn() }
})

vi.mock('electron', () => fake.electron)
vi.mock('./engine/engine', () => ({ createEngine: fake.createEngine }))

async function boot(): Promise<void> {
  vi.resetModules()
  fake.electron.app.removeAllListeners()
  await import('./index')
}

/** Boots and waits for the window to load, so no start-up work leaks into the next test. */
async function bootAndLoad(): Promise<void> {
  await boot()
  await vi.waitFor(() => expect(fake.state.windows[0]?.loadURL).toHaveBeenCalled())
}

beforeEach(() => {
  vi.clearAllMocks()
  Object.assign(fake.state, { hasLock: true, windows: [], ipcChannels: [], schemes: [], order: [], headersHandler: undefined, permissionHandler: undefined })
  fake.state.protocolHandlers.clear()
  fake.state.userData = mkdtempSync(join(tmpdir(), 'paramscope-app-'))
  fake.createEngine.mockImplementation(async () => ({
    api: {},
    events: { emit: () => undefined, subscribe: () => () => undefined },
    close: fake.engineClose
  }))
})

describe('main process composition', () => {
  it('hands over to a running instance instead of opening a second engine', async () => {
    fake.state.hasLock = false
    await boot()
    expect(fake.electron.app.quit).toHaveBeenCalled()
    expect(fake.createEngine).not.toHaveBeenCalled()
  })

  it('starts the engine in userData, binds IPC and opens a secure window on the built page', async () => {
    await bootAndLoad()
    const options = fake.createEngine.mock.calls[0]![0] as Record<string, unknown>
    expect(options.dataDir).toBe(fake.state.userData)
    expect(String(options.trainerEntry)).toMatch(/trainer\.js$/)
    expect(options.dialogs).toBeDefined()
    expect(fake.state.ipcChannels).toEqual(['paramscope:invoke'])
    const win = fake.state.windows[0]!
    expect(win.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false } })
    // Windows and Linux take the icon per window (ICO, PNG); macOS takes it from the app bundle.
    if (process.platform === 'darwin') expect(win.options.icon).toBeUndefined()
    else expect(existsSync(String(win.options.icon))).toBe(true)
    expect(win.loadURL).toHaveBeenCalledWith('paramscope://app/index.html')
  })

  it('loads the dev server in an unpackaged dev run and lets only its origin connect', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173'
    try {
      await boot()
      await vi.waitFor(() => expect(fake.state.windows[0]?.loadURL).toHaveBeenCalledWith('http://localhost:5173'))
    } finally {
      delete process.env.ELECTRON_RENDERER_URL
    }
    let headers: Record<string, string[]> = {}
    fake.state.headersHandler!({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: typeof headers }).responseHeaders))
    // Hot reload only: the page itself still reaches the engine over IPC.
    expect(headers['Content-Security-Policy']![0]).toContain('connect-src http://localhost:5173 ws://localhost:5173;')
  })

  it('puts the CSP on every response and refuses permissions', async () => {
    await bootAndLoad()
    let headers: Record<string, string[]> = {}
    fake.state.headersHandler!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = (r as { responseHeaders: typeof headers }).responseHeaders))
    expect(headers['X-Other']).toEqual(['1'])
    expect(headers['Content-Security-Policy']![0]).toContain("script-src 'self'")
    expect(headers['Content-Security-Policy']![0]).toContain("connect-src 'none'")
    const answers: boolean[] = []
    fake.state.permissionHandler!({}, 'media', (ok) => answers.push(ok))
    expect(answers).toEqual([false])
  })

  it('registers the app scheme as privileged before ready and serves only the build from it', async () => {
    await bootAndLoad()
    expect(fake.state.order.slice(0, 2)).toEqual(['registerSchemesAsPrivileged', 'whenReady'])
    expect(fake.state.schemes).toEqual([{ scheme: 'paramscope', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    const handler = fake.state.protocolHandlers.get('paramscope')!
    // Under the tests __dirname is src/main, so the "build" is src/renderer: its index.html is there.
    const page = await handler(new Request('paramscope://app/index.html'))
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'none'")
    expect((await handler(new Request('paramscope://app/../main/index.ts'))).status).toBe(404)
    expect((await handler(new Request('paramscope://app/%2e%2e/main/index.ts'))).status).toBe(404)
  })

  it('keeps navigation, frames and redirects on the app and opens no link it does not list', async () => {
    await bootAndLoad()
    const contents = Object.assign(new EventEmitter(), { setWindowOpenHandler: vi.fn() })
    fake.electron.app.emit('web-contents-created', {}, contents)
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const away = { url: 'https://evil.example/', preventDefault: vi.fn() }
      contents.emit(name, away)
      expect(away.preventDefault, name).toHaveBeenCalled()
      const toDisk = { url: 'file:///etc/passwd', preventDefault: vi.fn() }
      contents.emit(name, toDisk)
      expect(toDisk.preventDefault, name).toHaveBeenCalled()
      const withinApp = { url: 'paramscope://app/index.html#/runs/3', preventDefault: vi.fn() }
      contents.emit(name, withinApp)
      expect(withinApp.preventDefault, name).not.toHaveBeenCalled()
    }
    const openHandler = contents.setWindowOpenHandler.mock.calls[0]![0] as (d: { url: string }) => unknown
    expect(openHandler({ url: 'https://onnxruntime.ai/' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'paramscope://app/index.html' })).toEqual({ action: 'deny' })
    expect(openHandler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    // The UI links to no site, so the allowlist is empty and nothing reaches the browser.
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalled()
  })

  it('focuses the window on a second launch and closes the engine before quitting', async () => {
    await bootAndLoad()
    fake.electron.app.emit('second-instance')
    expect(fake.state.windows[0]!.restore).toHaveBeenCalled()
    expect(fake.state.windows[0]!.focus).toHaveBeenCalled()
    const quit = { preventDefault: vi.fn() }
    fake.electron.app.emit('before-quit', quit)
    expect(quit.preventDefault).toHaveBeenCalled()
    expect(fake.engineClose).toHaveBeenCalledOnce()
    await vi.waitFor(() => expect(fake.electron.app.quit).toHaveBeenCalled())
    const second = { preventDefault: vi.fn() }
    fake.electron.app.emit('before-quit', second)
    expect(second.preventDefault).not.toHaveBeenCalled()
  })
})
