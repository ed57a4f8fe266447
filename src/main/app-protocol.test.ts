import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, appFilePath, appScheme, createAppProtocolHandler } from './app-protocol'

describe('appScheme', () => {
  it('is standard and secure with fetch, and never bypasses the CSP or opens CORS', () => {
    expect(appScheme.scheme).toBe('paramscope')
    expect(appScheme.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true })
    expect(APP_ENTRY_URL).toBe(`${APP_ORIGIN}/index.html`)
  })
})

describe('appFilePath', () => {
  const root = join('/opt', 'ParamScope', 'out', 'renderer')

  it('maps app URLs to files of the build, / to index.html, ignoring query and hash', () => {
    expect(appFilePath(root, 'paramscope://app/index.html')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'paramscope://app/')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'paramscope://app')).toBe(join(root, 'index.html'))
    expect(appFilePath(root, 'paramscope://app/assets/index-abc.js?v=1#x')).toBe(join(root, 'assets', 'index-abc.js'))
    expect(appFilePath(root, 'paramscope://app/assets/a%20b.svg')).toBe(join(root, 'assets', 'a b.svg'))
    expect(appFilePath(root, 'paramscope://APP/index.html')).toBe(join(root, 'index.html'))
  })

  it('refuses paths that leave the build, however they are spelled', () => {
    for (const path of ['/..%2f..%2fetc/passwd', '/%2e%2e%2f%2e%2e%2fetc/passwd', '/assets/..%2F..%2F..%2Fsecret', '/..%5c..%5csecret', '/a%5cb', '/index.html%00.js', '/%E0%A4%A']) {
      expect(appFilePath(root, `paramscope://app${path}`), path).toBeNull()
    }
    // The URL parser already folds dot segments, plain or escaped, back into the root.
    expect(appFilePath(root, 'paramscope://app/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'))
    expect(appFilePath(root, 'paramscope://app/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'))
  })

  it('refuses other schemes, hosts and junk', () => {
    expect(appFilePath(root, 'file:///opt/ParamScope/out/renderer/index.html')).toBeNull()
    expect(appFilePath(root, 'paramscope://other/index.html')).toBeNull()
    expect(appFilePath(root, 'https://app/index.html')).toBeNull()
    expect(appFilePath(root, 'not a url')).toBeNull()
  })
})

describe('createAppProtocolHandler', () => {
  const csp = "default-src 'self'; connect-src 'none'"
  let dir: string
  let handle: (request: Request) => Promise<Response>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paramscope-scheme-'))
    const root = join(dir, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await writeFile(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>')
    await writeFile(join(root, 'assets', 'index.js'), 'console.log("app")')
    await writeFile(join(root, 'assets', 'index.css'), 'body{}')
    await writeFile(join(dir, 'secret.txt'), 'TOP SECRET')
    await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'))
    handle = createAppProtocolHandler({ rendererRoot: root, csp })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  const get = (path: string, method = 'GET') => handle(new Request(`paramscope://app${path}`, { method }))

  it('serves the page and its assets with their MIME types and the CSP', async () => {
    const page = await get('/index.html')
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(page.headers.get('content-security-policy')).toBe(csp)
    expect(page.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await page.text()).toContain('<script type="module"')
    expect((await get('/assets/index.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await get('/assets/index.css')).headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect((await get('/')).status).toBe(200)
  })

  it('answers 404 for missing files, folders, escapes and links out of the build', async () => {
    for (const path of ['/missing.js', '/assets/', '/assets', '/%2e%2e/secret.txt', '/assets/link.txt', '/runs/3']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).not.toContain('TOP SECRET')
      expect(res.headers.get('content-security-policy')).toBe(csp)
    }
  })

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('/index.html', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await get('/index.html', 'POST')
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
  })
})
