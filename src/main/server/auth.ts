import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { isIP } from 'node:net'
import { hostname as machineName } from 'node:os'

export const MIN_TOKEN_LENGTH = 12

/** A fresh token for one server session: 32 random bytes, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

/**
 * Compares in constant time. Hashing first gives equal-length buffers, so neither the content
 * nor the length of the real token leaks through timing.
 */
export function tokensEqual(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected))
}

/** The token of a request: `Authorization: Bearer <token>`, else `?token=` (for tools and WebSocket). */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers.authorization
  if (header) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    return match ? match[1]! : null
  }
  return url.searchParams.get('token')
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string): boolean {
  const given = requestToken(req, url)
  return given !== null && tokensEqual(given, token)
}

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', ''])
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]']

/** Strips the brackets of an IPv6 literal, as URL.hostname keeps them. */
const bare = (hostname: string): string => hostname.replace(/^\[(.*)\]$/, '$1')

/**
 * Builds the Host-header check that defeats DNS rebinding: a page on evil.example whose name
 * was re-pointed at 127.0.0.1 still sends `Host: evil.example`, which is refused. Bound to a
 * wildcard address, the server also accepts IP literals and this machine's name, because remote
 * users reach it by those; `extra` adds names such as a reverse proxy's.
 */
export function createHostCheck(boundHost: string, extra: string[] = []): (hostHeader: string | undefined) => boolean {
  const allowed = new Set([...LOOPBACK_NAMES, ...extra].map((h) => bare(h.toLowerCase())))
  const isWildcard = WILDCARD_HOSTS.has(boundHost)
  if (!isWildcard) allowed.add(bare(boundHost.toLowerCase()))
  else allowed.add(machineName().toLowerCase())
  return (hostHeader) => {
    // Only a name or address and a port: no userinfo or path for URL parsing to reinterpret.
    if (!hostHeader || !/^[a-z0-9.\-:[\]]+$/i.test(hostHeader)) return false
    let name: string
    try {
      name = bare(new URL(`http://${hostHeader}`).hostname.toLowerCase())
    } catch {
      return false
    }
    return allowed.has(name) || (isWildcard && isIP(name) !== 0)
  }
}

/**
 * Builds the Origin check that keeps other sites' pages off the API and the event socket. A
 * page elsewhere holding a leaked token could otherwise post to `/api/` (a text/plain POST needs
 * no CORS preflight) or open `/events`. A request without Origin (the CLI, curl, Node) passes;
 * a browser's passes when it comes from this server's own address: the one it asked for (the
 * Host header, already checked), a loopback name or the bound address on the server's port,
 * or one of the `extra` names (a reverse proxy's public name) on any port.
 */
export function createOriginCheck(boundHost: string, extra: string[] = []): (origin: string | undefined, hostHeader: string | undefined, port: number) => boolean {
  const local = new Set(LOOPBACK_NAMES.map((h) => bare(h)))
  if (!WILDCARD_HOSTS.has(boundHost)) local.add(bare(boundHost.toLowerCase()))
  const proxies = new Set(extra.map((h) => bare(h.toLowerCase())))
  return (origin, hostHeader, port) => {
    if (origin === undefined) return true
    let url: URL
    try {
      url = new URL(origin)
    } catch {
      // "null": a sandboxed frame or a file:// page.
      return false
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false
    if (origin.toLowerCase() !== url.origin) return false
    if (hostHeader !== undefined && url.host === hostHeader.toLowerCase()) return true
    const name = bare(url.hostname)
    const urlPort = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    return (local.has(name) && urlPort === port) || proxies.has(name)
  }
}
