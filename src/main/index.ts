import { join } from 'node:path'
import { app, BrowserWindow, dialog, nativeTheme, protocol, screen, session, shell, utilityProcess, type WebContents } from 'electron'
import { APP_ENTRY_URL, APP_SCHEME, appScheme, createAppProtocolHandler } from './app-protocol'
import { createEngine } from './engine/engine'
import type { Engine } from './engine/types'
import { createElectronDialogs } from './electron-dialogs'
import { createElectronLauncher } from './electron-launcher'
import { createElectronPrinter } from './electron-print'
import { createSenderCheck, registerIpc } from './ipc'
import { contentSecurityPolicy, externalUrlToOpen, isPermissionAllowed, windowOptions } from './window'
import { loadWindowState, trackWindowState } from './window-state'

// The dev server is trusted only in an unpackaged build; a packaged app ignores the variable.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
const rendererRoot = join(__dirname, '../renderer')
const isAppPage = createSenderCheck({ devServerUrl })
// The page talks to the engine over IPC only: no connection anywhere, bar the dev server's reload.
const csp = contentSecurityPolicy({ dev: devServerUrl !== undefined, devServerUrl, ipcOnly: true })
// resources/ lies two folders up from src/main and from the built out/main alike. Windows picks a
// size from the ICO, Linux takes a PNG; macOS shows the app bundle's icon.icns instead.
const resourcesDir = join(__dirname, '../../resources')
const windowIcon =
  process.platform === 'win32' ? join(resourcesDir, 'icon.ico') : process.platform === 'darwin' ? undefined : join(resourcesDir, 'icons', '256x256.png')

let engine: Engine | null = null
let mainWindow: BrowserWindow | null = null
let isShuttingDown = false

function focusMainWindow(): void {
  if (!mainWindow) return
  if (mainWindow.isMinimized()) mainWindow.restore()
  mainWindow.focus()
}

/** Every web contents (the window, devtools, anything created later) gets the same limits. */
function hardenContents(contents: WebContents): void {
  // A navigation, a frame's navigation and a redirect may only stay on the app's own pages.
  const stayOnApp = (event: { url: string; preventDefault(): void }): void => {
    if (!isAppPage(event.url)) event.preventDefault()
  }
  contents.on('will-navigate', stayOnApp)
  contents.on('will-frame-navigate', stayOnApp)
  contents.on('will-redirect', stayOnApp)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrlToOpen(url)
    if (external) void shell.openExternal(external)
    return { action: 'deny' }
  })
}

function hardenSession(): void {
  // The dev server's responses get the policy here; the app scheme's handler sets it itself.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(isPermissionAllowed(permission)))
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => isPermissionAllowed(permission))
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ rendererRoot, csp }))
}

async function createWindow(): Promise<void> {
  const stateFile = join(app.getPath('userData'), 'window-state.json')
  const workAreas = [screen.getPrimaryDisplay(), ...screen.getAllDisplays()].map((d) => d.workArea)
  const state = await loadWindowState(stateFile, workAreas)
  const win = new BrowserWindow(
    windowOptions({
      preloadPath: join(__dirname, '../preload/index.js'),
      bounds: state.bounds,
      dark: nativeTheme.shouldUseDarkColors,
      iconPath: windowIcon
    })
  )
  mainWindow = win
  if (state.isMaximized) win.maximize()
  trackWindowState(win, stateFile)
  win.once('ready-to-show', () => win.show())
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null
  })
  await win.loadURL(devServerUrl ?? APP_ENTRY_URL)
}

async function start(): Promise<void> {
  hardenSession()
  engine = await createEngine({
    dataDir: app.getPath('userData'),
    launcher: createElectronLauncher((entry, args, options) => utilityProcess.fork(entry, args, options)),
    trainerEntry: join(__dirname, 'trainer.js'),
    dialogs: createElectronDialogs(dialog, () => mainWindow),
    printPdf: createElectronPrinter((options) => new BrowserWindow(options))
  })
  registerIpc(engine, isAppPage)
  await createWindow()
}

if (!app.requestSingleInstanceLock()) {
  // Two engines on one database would be two writers: hand over to the running instance.
  app.quit()
} else {
  // Privileges can only be granted before 'ready'.
  protocol.registerSchemesAsPrivileged([appScheme])
  app.on('second-instance', focusMainWindow)
  app.on('web-contents-created', (_event, contents) => hardenContents(contents))
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (engine && BrowserWindow.getAllWindows().length === 0) void createWindow()
  })
  // Hold the quit until the engine has stopped its trainers and closed the database.
  app.on('before-quit', (event) => {
    if (!engine) return
    event.preventDefault()
    if (isShuttingDown) return
    isShuttingDown = true
    engine
      .close()
      .catch((err: unknown) => console.error('The engine did not close cleanly:', err))
      .finally(() => {
        engine = null
        app.quit()
      })
  })
  app
    .whenReady()
    .then(start)
    .catch(async (err: unknown) => {
      dialog.showErrorBox('ParamScope could not start', err instanceof Error ? err.message : String(err))
      await engine?.close().catch(() => undefined)
      engine = null
      app.exit(1)
    })
}
