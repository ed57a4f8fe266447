import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createHostCheck, createOriginCheck, createToken, requestToken, tokensEqual } from './auth'

const req = (authorization?: string) => ({ headers: { authorization } }) as unknown as IncomingMessage

describe('tokens', () => {
  it('creates long, distinct, URL-safe tokens', () => {
    const a = createToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createToken()).not.toBe(a)
  })

  it('compares exactly, whatever the lengths', () => {
    expect(tokensEqual('secret-token-123', 'secret-token-123')).toBe(true)
    expect(tokensEqual('secret-token-124', 'secret-token-123')).toBe(false)
    expect(tokensEqual('secret', 'secret-token-123')).toBe(false)
    expect(tokensEqual('', 'secret-token-123')).toBe(false)
  })

  it('reads a Bearer header before the query, and nothing else', () => {
    const url = new URL('http://x/api/a?token=from-query')
    expect(requestToken(req('Bearer from-header'), url)).toBe('from-header')
    expect(requestToken(req('bearer   from-header  '), url)).toBe('from-header')
    expect(requestToken(req('Basic abc'), url)).toBeNull()
    expect(requestToken(req(), url)).toBe('from-query')
    expect(requestToken(req(), new URL('http://x/api/a'))).toBeNull()
  })
})

describe('createHostCheck', () => {
  it('accepts the bound address and loopback names, with or without a port', () => {
    const check = createHostCheck('127.0.0.1')
    for (const host of ['127.0.0.1:8080', '127.0.0.1', 'localhost:8080', 'LOCALHOST', '[::1]:8080']) expect(check(host), host).toBe(true)
  })

  it('refuses other names, junk and a missing header', () => {
    const check = createHostCheck('127.0.0.1')
    for (const host of ['evil.example', 'evil.example:8080', '10.0.0.5:8080', 'user@127.0.0.1', '127.0.0.1/x', '', undefined]) {
      expect(check(host), String(host)).toBe(false)
    }
  })

  it('accepts any IP literal and extra names when bound to every interface', () => {
    const check = createHostCheck('0.0.0.0', ['gpu-box.lab'])
    expect(check('10.0.0.5:8080')).toBe(true)
    expect(check('[fe80::1]:8080')).toBe(true)
    expect(check('gpu-box.lab:8080')).toBe(true)
    expect(check('evil.example:8080')).toBe(false)
  })
})

describe('createOriginCheck', () => {
  it('passes requests without Origin and pages from the address they asked for', () => {
    const check = createOriginCheck('0.0.0.0')
    expect(check(undefined, '127.0.0.1:7070', 7070)).toBe(true)
    expect(check('http://10.0.0.5:7070', '10.0.0.5:7070', 7070)).toBe(true)
    expect(check('http://LOCALHOST:7070', 'localhost:7070', 7070)).toBe(true)
  })

  it('passes loopback names and the bound address on the server port, whatever Host said', () => {
    const check = createOriginCheck('192.168.1.4')
    for (const origin of ['http://127.0.0.1:7070', 'http://localhost:7070', 'http://[::1]:7070', 'http://192.168.1.4:7070']) {
      expect(check(origin, '127.0.0.1:7070', 7070), origin).toBe(true)
    }
    expect(check('http://127.0.0.1:7071', '127.0.0.1:7070', 7070)).toBe(false)
  })

  it('refuses other sites, opaque origins and anything that is not a bare origin', () => {
    const check = createOriginCheck('127.0.0.1')
    for (const origin of ['http://evil.example', 'null', 'file://', 'http://127.0.0.1.evil.example:7070', 'http://127.0.0.1:7070/x', 'ws://127.0.0.1:7070', '']) {
      expect(check(origin, '127.0.0.1:7070', 7070), origin).toBe(false)
    }
  })

  it("passes a reverse proxy's public name on any port", () => {
    const check = createOriginCheck('127.0.0.1', ['gpu-box.lab'])
    expect(check('https://gpu-box.lab', '127.0.0.1:7070', 7070)).toBe(true)
    expect(check('https://other.lab', '127.0.0.1:7070', 7070)).toBe(false)
  })
})
