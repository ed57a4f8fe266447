// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createPathSource, createUploadSource } from './file-source'

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })

describe('upload file source', () => {
  it('posts the raw file with its name and the token, and answers the stored path', async () => {
    const fetch = vi.fn(async () => json(201, { result: { path: '/home/uploads/ab12-iris data.csv' } }))
    const source = createUploadSource({ baseUrl: 'http://127.0.0.1:7070', token: 'secret-token-1', fetch })
    const file = new File(['a,b\n1,2\n'], 'iris data.csv')
    expect(await source.pathOf(file)).toBe('/home/uploads/ab12-iris data.csv')
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(new URL(url).pathname).toBe('/upload')
    expect(new URL(url).searchParams.get('name')).toBe('iris data.csv')
    expect(init.method).toBe('POST')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer secret-token-1')
    // The File itself, so the browser streams it instead of the page reading it whole.
    expect(init.body).toBe(file)
  })

  it("throws the server's error with its code, or the status when the answer is not an error payload", async () => {
    const refused = createUploadSource({
      baseUrl: 'http://h',
      token: null,
      fetch: async () => json(400, { error: { code: 'DATASET_INVALID', message: 'x.bin: unsupported extension ".bin"' } })
    })
    await expect(refused.pathOf(new File(['x'], 'x.bin'))).rejects.toMatchObject({ code: 'DATASET_INVALID', message: 'x.bin: unsupported extension ".bin"' })
    const broken = createUploadSource({ baseUrl: 'http://h', token: null, fetch: async () => new Response('<html>', { status: 502, statusText: 'Bad Gateway' }) })
    await expect(broken.pathOf(new File(['x'], 'a.csv'))).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('502') })
    const down = createUploadSource({ baseUrl: 'http://h', token: null, fetch: () => Promise.reject(new TypeError('Failed to fetch')) })
    await expect(down.pathOf(new File(['x'], 'a.csv'))).rejects.toThrow('Could not upload "a.csv": Failed to fetch')
  })
})

describe('path file source', () => {
  it('reads the path Electron knows and refuses a file with none', async () => {
    const source = createPathSource((f) => (f.name === 'made-in-page.csv' ? '' : `/data/${f.name}`))
    expect(await source.pathOf(new File(['x'], 'iris.csv'))).toBe('/data/iris.csv')
    await expect(source.pathOf(new File(['x'], 'made-in-page.csv'))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
  })
})
