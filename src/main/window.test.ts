import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, EXTERNAL_LINK_HOSTS, externalUrlToOpen, isPermissionAllowed, MIN_HEIGHT, MIN_WIDTH, windowOptions } from './window'

/** Parses "a x y; b z" into { a: ['x', 'y'], b: ['z'] }. */
function directives(csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) out[name] = sources
  }
  return out
}

describe('windowOptions', () => {
  const options = windowOptions({ preloadPath: '/app/out/preload/index.js', bounds: { width: 1200, height: 800, x: 10, y: 20 } })
  const web = options.webPreferences ?? {}

  it('isolates the page from Node and Electron', () => {
    expect(web.contextIsolation).toBe(true)
    expect(web.sandbox).toBe(true)
    expect(web.nodeIntegration).toBe(false)
    expect(web.nodeIntegrationInWorker).toBe(false)
    expect(web.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and embeds nothing foreign', () => {
    expect(web.webSecurity).toBe(true)
    expect(web.allowRunningInsecureContent).toBe(false)
    expect(web.webviewTag).toBe(false)
    expect(web.experimentalFeatures).toBe(false)
    expect(web.navigateOnDragDrop).toBe(false)
    expect('enableRemoteModule' in web).toBe(false)
  })

  it('uses the given preload and bounds', () => {
    expect(web.preload).toBe('/app/out/preload/index.js')
    expect(options).toMatchObject({ width: 1200, height: 800, x: 10, y: 20 })
  })

  it('has a minimum size, a background colour and waits to be shown', () => {
    expect(options.minWidth).toBe(MIN_WIDTH)
    expect(options.minHeight).toBe(MIN_HEIGHT)
    expect(options.show).toBe(false)
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/)
    const dark = windowOptions({ preloadPath: 'p', bounds: { width: 1, height: 1 }, dark: true })
    expect(dark.backgroundColor).not.toBe(options.backgroundColor)
  })

  it('shows the given icon, and none of its own when not given one', () => {
    expect(windowOptions({ preloadPath: 'p', bounds: { width: 1, height: 1 }, iconPath: '/app/resources/icon.ico' }).icon).toBe('/app/resources/icon.ico')
    expect('icon' in options).toBe(false)
  })
})

describe('contentSecurityPolicy', () => {
  const prod = directives(contentSecurityPolicy({ dev: false }))

  it('allows only the app itself to supply scripts and content', () => {
    expect(prod['default-src']).toEqual(["'self'"])
    expect(prod['script-src']).toEqual(["'self'"])
    expect(prod['connect-src']).toEqual(["'self'"])
    expect(prod['img-src']).toEqual(["'self'", 'data:'])
    expect(prod['style-src']).toEqual(["'self'", "'unsafe-inline'"])
  })

  it('never allows eval or inline scripts', () => {
    const csp = contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173' })
    expect(csp).not.toContain('unsafe-eval')
    expect(directives(csp)['script-src']).toEqual(["'self'"])
  })

  it('forbids plugins, base rewriting, forms and framing', () => {
    expect(prod['object-src']).toEqual(["'none'"])
    expect(prod['base-uri']).toEqual(["'none'"])
    expect(prod['frame-ancestors']).toEqual(["'none'"])
    expect(prod['form-action']).toEqual(["'none'"])
  })

  it('adds the dev server origins only in dev', () => {
    const dev = directives(contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173/' }))
    expect(dev['connect-src']).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173'])
    const notDev = directives(contentSecurityPolicy({ dev: false, devServerUrl: 'http://localhost:5173/' }))
    expect(notDev['connect-src']).toEqual(["'self'"])
  })

  it('lets the IPC-only app page connect nowhere, not even to itself', () => {
    const app = directives(contentSecurityPolicy({ dev: false, ipcOnly: true }))
    expect(app['connect-src']).toEqual(["'none'"])
    expect(app['default-src']).toEqual(["'self'"])
    const ignored = directives(contentSecurityPolicy({ dev: false, ipcOnly: true, connectSources: ['ws://127.0.0.1:8080'] }))
    expect(ignored['connect-src']).toEqual(["'none'"])
  })

  it('keeps only the dev server reachable for hot reload in an IPC-only dev run', () => {
    const dev = directives(contentSecurityPolicy({ dev: true, devServerUrl: 'http://localhost:5173/', ipcOnly: true }))
    expect(dev['connect-src']).toEqual(['http://localhost:5173', 'ws://localhost:5173'])
  })

  it('accepts explicit extra connect sources', () => {
    const csp = directives(contentSecurityPolicy({ dev: false, connectSources: ['ws://127.0.0.1:8080'] }))
    expect(csp['connect-src']).toEqual(["'self'", 'ws://127.0.0.1:8080'])
  })
})

describe('the page\'s CSP meta tag', () => {
  const html = readFileSync(join(__dirname, '..', 'renderer', 'index.html'), 'utf8')
  const meta = directives(/http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? '')

  it('lets the page connect to its own origin only, never to other local ports', () => {
    expect(meta['connect-src']).toEqual(["'self'"])
    expect(meta['script-src']).toEqual(["'self'"])
    expect(meta['object-src']).toEqual(["'none'"])
  })
})

describe('isPermissionAllowed', () => {
  it('refuses device and notification permissions', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid', 'serial']) {
      expect(isPermissionAllowed(p)).toBe(false)
    }
    expect(isPermissionAllowed('clipboard-sanitized-write')).toBe(true)
  })
})

describe('externalUrlToOpen', () => {
  const hosts = ['docs.example.org']

  it('opens https links to a listed host', () => {
    expect(externalUrlToOpen('https://docs.example.org/guide#lora', hosts)).toBe('https://docs.example.org/guide#lora')
    expect(externalUrlToOpen('https://DOCS.example.org/', hosts)).toBe('https://docs.example.org/')
  })

  it('refuses other hosts, look-alikes and subdomains', () => {
    expect(externalUrlToOpen('https://example.org/', hosts)).toBeNull()
    expect(externalUrlToOpen('https://docs.example.org.evil.com/', hosts)).toBeNull()
    expect(externalUrlToOpen('https://evil.docs.example.org/', hosts)).toBeNull()
    expect(externalUrlToOpen('https://onnxruntime.ai/docs', hosts)).toBeNull()
  })

  it('refuses other schemes, ports, credentials and junk even on a listed host', () => {
    expect(externalUrlToOpen('http://docs.example.org/', hosts)).toBeNull()
    expect(externalUrlToOpen('https://docs.example.org:8443/', hosts)).toBeNull()
    expect(externalUrlToOpen('https://user:pw@docs.example.org/', hosts)).toBeNull()
    expect(externalUrlToOpen('file:///etc/passwd', hosts)).toBeNull()
    expect(externalUrlToOpen('javascript:alert(1)', hosts)).toBeNull()
    expect(externalUrlToOpen('paramscope://app/index.html', hosts)).toBeNull()
    expect(externalUrlToOpen('not a url', hosts)).toBeNull()
  })

  it('opens nothing by default, since the UI links to no site', () => {
    expect(EXTERNAL_LINK_HOSTS).toEqual([])
    expect(externalUrlToOpen('https://onnxruntime.ai/docs')).toBeNull()
  })
})
