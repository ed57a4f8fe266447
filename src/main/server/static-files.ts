import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

export function contentTypeOf(path: string): string {
  return contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

/** Headers every served file carries; the CSP is the app window's. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // The page URL carries the token: it must never leave in a Referer header.
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin'
  }
}

/**
 * Maps a URL path to a file inside `root`, or null when it would leave it (`..`, encoded
 * separators, NUL bytes, malformed escapes). `/` and folder paths mean their index.html.
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded
  const base = resolve(root)
  const full = resolve(base, `.${relative.startsWith('/') ? '' : '/'}${relative}`)
  return full.startsWith(base + sep) ? full : null
}

/** Whether `file` is a regular file inside `root` once links are followed. */
export async function isFileInside(file: string, root: string): Promise<boolean> {
  try {
    const [real, realRoot] = await Promise.all([realpath(file), realpath(root)])
    // A symlink inside the build pointing elsewhere counts as outside.
    return real.startsWith(realRoot + sep) && (await stat(real)).isFile()
  } catch {
    return false
  }
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

/**
 * Serves the built renderer. A path without an extension that names no file gets index.html,
 * so a reload on a client-side route still loads the app.
 */
export async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | undefined, pathname: string, csp: string): Promise<void> {
  const headers = securityHeaders(csp)
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, `Method ${req.method} is not allowed here\n`, { ...headers, Allow: 'GET, HEAD' })
    return
  }
  if (!root) {
    sendText(res, 404, 'This server has no renderer build to serve; use the API under /api/\n', headers)
    return
  }
  const requested = resolveStaticPath(root, pathname)
  if (requested === null) {
    sendText(res, 404, 'Not found\n', headers)
    return
  }
  let file = requested
  if (!(await isFileInside(file, root))) {
    const isRoute = extname(requested) === ''
    file = join(resolve(root), 'index.html')
    if (!isRoute || !(await isFileInside(file, root))) {
      const missingBuild = isRoute ? ' (the renderer is not built: run `npm run build`)' : ''
      sendText(res, 404, `Not found${missingBuild}\n`, headers)
      return
    }
  }
  const { size } = await stat(file)
  res.writeHead(200, { ...headers, 'Content-Type': contentTypeOf(file), 'Content-Length': size, 'Cache-Control': 'no-cache' })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res)
}
