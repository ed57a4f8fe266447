import { isErrorPayload } from '../../../shared/errors'
import { ApiError } from './client'

/**
 * Turns a File the user dropped or picked into a path the engine can read: inside the desktop
 * app the file's own path (read in place), in a browser a streamed upload to the server.
 */
export interface FileSource {
  kind: 'path' | 'upload'
  /** Resolves with the path for `datasets.import`; an abort rejects with an AbortError. */
  pathOf(file: File, signal?: AbortSignal): Promise<string>
}

/** The desktop app: Electron knows where a dropped file lies (webUtils.getPathForFile). */
export function createPathSource(pathForFile: (file: File) => string): FileSource {
  return {
    kind: 'path',
    async pathOf(file) {
      const path = pathForFile(file)
      // Files built by a page (not from disk) have no path, and the desktop app has no upload route.
      if (!path) throw new ApiError('INVALID_INPUT', `"${file.name}" is not a file on disk: drop it from a folder instead`)
      return path
    }
  }
}

export interface UploadSourceOptions {
  baseUrl: string
  token: string | null
  fetch?: typeof fetch
}

/**
 * The browser against `paramscope serve`: `POST /upload?name=<file name>` with the raw file as
 * the body. Passing the File itself lets the browser stream it from disk instead of reading a
 * multi-GB file into the page's memory.
 */
export function createUploadSource(options: UploadSourceOptions): FileSource {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis)
  return {
    kind: 'upload',
    async pathOf(file, signal) {
      const url = new URL('/upload', options.baseUrl)
      url.searchParams.set('name', file.name)
      const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' }
      if (options.token) headers.Authorization = `Bearer ${options.token}`
      let res: Response
      try {
        res = await doFetch(url.toString(), { method: 'POST', headers, body: file, signal })
      } catch (err) {
        if (signal?.aborted) throw err
        const message = err instanceof Error ? err.message : String(err)
        throw new ApiError('INTERNAL', `Could not upload "${file.name}": ${message}`)
      }
      let body: unknown = null
      try {
        body = await res.json()
      } catch {
        // Reported below with the status.
      }
      const error = (body as { error?: unknown } | null)?.error
      if (isErrorPayload(error)) throw ApiError.from(error)
      const path = (body as { result?: { path?: unknown } } | null)?.result?.path
      if (!res.ok || typeof path !== 'string') {
        throw new ApiError(res.status === 401 ? 'UNAUTHORIZED' : 'INTERNAL', `Uploading "${file.name}": the server answered ${res.status} ${res.statusText}`.trim())
      }
      return path
    }
  }
}
