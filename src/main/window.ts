import type { BrowserWindowConstructorOptions } from 'electron'

/** Size and position of a window; x/y absent means "let the OS centre it". */
export interface WindowBounds {
  width: number
  height: number
  x?: number
  y?: number
}

export const MIN_WIDTH = 900
export const MIN_HEIGHT = 600

export interface WindowOptionsInput {
  preloadPath: string
  bounds: WindowBounds
  /** Paint the window in the theme's colour before the page draws, so it never flashes white. */
  dark?: boolean
  /** The window's icon on Windows and Linux; macOS takes it from the app bundle. */
  iconPath?: string
}

/**
 * The only BrowserWindow options the app uses. Every security switch is spelled out even where
 * Electron's default already matches, so a future default change or a careless edit shows up in
 * the tests instead of in production.
 */
export function windowOptions({ preloadPath, bounds, dark = false, iconPath }: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    ...bounds,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    title: 'ParamScope',
    ...(iconPath ? { icon: iconPath } : {}),
    backgroundColor: dark ? '#1b1d22' : '#f6f7f9',
    // Shown on 'ready-to-show' so the user never sees an empty frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      // Dropped dataset files are handled by the page; a drop must never navigate away from it.
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false
    }
  }
}

export interface CspInput {
  dev: boolean
  /** The Vite dev server (ELECTRON_RENDERER_URL); its http and ws origins are allowed in dev only. */
  devServerUrl?: string
  /** Extra connect-src origins, e.g. the headless server's own ws:// origin. */
  connectSources?: string[]
  /**
   * The page reaches the engine over IPC alone (the built app): it may open no connection at
   * all, not even to its own origin. The headless server's page needs 'self' for its API.
   */
  ipcOnly?: boolean
}

/** The Content-Security-Policy of every page the app shows, in the window and over HTTP. */
export function contentSecurityPolicy({ dev, devServerUrl, connectSources = [], ipcOnly = false }: CspInput): string {
  const connect = ipcOnly ? [] : ["'self'", ...connectSources]
  if (dev && devServerUrl) {
    // Vite's hot reload talks to the dev server, ipcOnly or not.
    const origin = new URL(devServerUrl)
    const wsProtocol = origin.protocol === 'https:' ? 'wss:' : 'ws:'
    connect.push(origin.origin, `${wsProtocol}//${origin.host}`)
  }
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    // Vue transitions and ECharts set inline styles; inline styles cannot run code.
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': connect.length > 0 ? connect : ["'none'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"]
  }
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ')
}

/**
 * The page may ask for nothing but writing text to the clipboard ("copy config"); camera,
 * geolocation, notifications and the rest are refused without asking the user.
 */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write'
}

/**
 * Hosts whose https links the page may open in the system browser. The UI links to no site
 * today, so none: add a host here together with the link that needs it.
 */
export const EXTERNAL_LINK_HOSTS: readonly string[] = []

/**
 * Links the page tries to open in a new window go to the system browser only when they are
 * https, on the default port, without credentials, and on a listed host (exactly: a subdomain
 * is another host). Anything else (file:, javascript:, custom schemes, any other site) is
 * dropped. Returns the URL to open, or null.
 */
export function externalUrlToOpen(url: string, allowedHosts: readonly string[] = EXTERNAL_LINK_HOSTS): string | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== 'https:' || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null
  return allowedHosts.includes(parsed.hostname) ? parsed.href : null
}
