import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type RunningServer } from './server'
import { resolveStaticPath } from './static-files'
import { createFakeEngine } from './testing/fake-engine'
import { rawRequest } from './testing/http-request'

const token = 'static-token-0123456789'
let dir: string
let root: string
let server: RunningServer

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paramscope-static-'))
  root = join(dir, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/index.js"></script>')
  await writeFile(join(root, 'assets', 'index.js'), 'console.log("app")')
  await writeFile(join(root, 'assets', 'index.css'), 'body{}')
  await writeFile(join(dir, 'secret.txt'), 'TOP SECRET')
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'))
  server = await createServer({ engine: createFakeEngine(), token, staticDir: root })
})
afterAll(async () => {
  await server.close()
  await rm(dir, { recursive: true, force: true })
})

const get = (path: string, method = 'GET') => rawRequest(server.port, { method, path })

describe('static files', () => {
  it('serves index.html for / with the CSP and without the token', async () => {
    const res = await get('/')
    expect(res.status).toBe(200)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self';")
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain(`ws://127.0.0.1:${server.port}`)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.text).toContain('assets/index.js')
    expect(res.text).not.toContain(token)
  })

  it('sends the right content types and answers HEAD without a body', async () => {
    expect((await get('/assets/index.js')).headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect((await get('/assets/index.css')).headers['content-type']).toBe('text/css; charset=utf-8')
    const head = await get('/assets/index.js', 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers['content-length']).toBe(String('console.log("app")'.length))
    expect(head.text).toBe('')
  })

  it('falls back to index.html for client routes but not for missing files', async () => {
    expect((await get('/experiments/3')).text).toContain('assets/index.js')
    expect((await get('/assets/missing.js')).status).toBe(404)
    expect((await get('/', 'POST')).status).toBe(405)
  })

  it('refuses to leave the build folder', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/assets/link.txt', '/%00', '/%E0%A4%A']) {
      const res = await get(path)
      expect(res.status, path).toBe(404)
      expect(res.text, path).not.toContain('TOP SECRET')
    }
  })
})

describe('resolveStaticPath', () => {
  it('maps paths inside the root and refuses the rest', () => {
    expect(resolveStaticPath('/srv/r', '/')).toBe(join('/srv/r', 'index.html'))
    expect(resolveStaticPath('/srv/r', '/assets/a.js')).toBe(join('/srv/r', 'assets', 'a.js'))
    expect(resolveStaticPath('/srv/r', '/a/b/')).toBe(join('/srv/r', 'a', 'b', 'index.html'))
    expect(resolveStaticPath('/srv/r', '/../r2/x')).toBeNull()
    expect(resolveStaticPath('/srv/r', '/%2e%2e%2fetc/passwd')).toBeNull()
    expect(resolveStaticPath('/srv/r', '/a%00.js')).toBeNull()
    expect(resolveStaticPath('/srv/r', '/%zz')).toBeNull()
  })
})
