import { readFile } from 'node:fs/promises'
import { resolve, sep } from 'node:path'
import type { CustomScheme } from 'electron'
import { contentTypeOf, isFileInside, securityHeaders } from './server/static-files'

/**
 * The built renderer is served from paramscope://app/ rather than file://: the page gets an
 * origin of its own, so 'self' in its CSP means the build and nothing else on disk, and the
 * file: scheme's extra privileges need not be granted (see the packaging fuses).
 */
export const APP_SCHEME = 'paramscope'
export const APP_HOST = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Registered before 'ready'. Standard gives relative URLs and web storage, secure makes the page
 * a secure context, fetch support lets module scripts load. Never bypassCSP: the page's policy
 * applies as on https; never corsEnabled: no other origin may read the build.
 */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true }
}

/** Whether a parsed URL is on the app's scheme and host (Chromium lowercases hosts; Node does not). */
export function isAppSchemeUrl(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host.toLowerCase() === APP_HOST
}

/**
 * The file inside `rendererRoot` that an app URL names, or null for another scheme or host, a
 * path that would leave the folder (`..`, encoded separators, backslashes, NUL bytes) or a
 * malformed escape. `/` means index.html. Whether the file exists is the handler's question.
 */
export function appFilePath(rendererRoot: string, requestUrl: string): string | null {
  let url: URL
  try {
    url = new URL(requestUrl)
  } catch {
    return null
  }
  if (!isAppSchemeUrl(url)) return null
  let path: string
  try {
    path = decodeURIComponent(url.pathname)
  } catch {
    return null
  }
  // A backslash is a separator to Windows' path functions: refuse it everywhere alike.
  if (path.includes('\0') || path.includes('\\')) return null
  const root = resolve(rendererRoot)
  const full = resolve(root, `.${path === '' || path === '/' ? '/index.html' : path}`)
  return full.startsWith(root + sep) ? full : null
}

export interface AppProtocolOptions {
  /** The built renderer folder (out/renderer). */
  rendererRoot: string
  /** The Content-Security-Policy every response carries. */
  csp: string
}

/**
 * The handler for protocol.handle(APP_SCHEME): GET and HEAD of files inside the build, with their
 * MIME type (module scripts need a JavaScript one) and the app's CSP; 404 for anything else.
 * No route fallback: the router keeps its routes in the hash.
 */
export function createAppProtocolHandler({ rendererRoot, csp }: AppProtocolOptions): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp)
  const notFound = (): Response => new Response('Not found\n', { status: 404, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } })
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response(null, { status: 405, headers: { ...headers, Allow: 'GET, HEAD' } })
    }
    const file = appFilePath(rendererRoot, request.url)
    if (file === null || !(await isFileInside(file, rendererRoot))) return notFound()
    const body = request.method === 'HEAD' ? null : await readFile(file)
    return new Response(body, { status: 200, headers: { ...headers, 'Content-Type': contentTypeOf(file), 'Cache-Control': 'no-cache' } })
  }
}
