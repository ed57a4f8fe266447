import { msg } from '../../../../shared/messages'
import { isUtf8 } from 'node:buffer'
import { createHash, type Hash } from 'node:crypto'
import { open, stat, type FileHandle } from 'node:fs/promises'
import { datasetError, fileAccessProblem } from '../dataset-error'
import { ThreadHash } from './thread-hash'
import { locateByte } from './locate'

export const CHUNK_BYTES = 1 << 20
/** From this size on, hashing moves to a worker thread; below it, starting one costs more than it saves. */
export const THREAD_HASH_BYTES = 32 << 20
/** The first block is checked for NUL bytes and UTF-8 before anything is parsed. */
const SNIFF_BYTES = 64 * 1024

export interface FileFacts {
  size: number
  mtimeMs: number
}

/** Size and time of a file that must be a regular file; a missing one is a DATASET_INVALID. */
export async function fileFacts(path: string): Promise<FileFacts> {
  const s = await stat(path).catch((err: unknown) => {
    throw datasetError(path, fileAccessProblem(err))
  })
  if (!s.isFile()) throw datasetError(path, msg('file.notRegular'))
  return { size: s.size, mtimeMs: s.mtimeMs }
}

/** Throws when the file is gone or differs from `facts`: it was removed or rewritten while read. */
export async function checkUnchanged(path: string, facts: FileFacts, bytesRead: number): Promise<void> {
  let now: FileFacts
  try {
    const s = await stat(path)
    now = { size: s.size, mtimeMs: s.mtimeMs }
  } catch {
    throw datasetError(path, msg('file.removed'))
  }
  if (bytesRead < facts.size || now.size < facts.size) {
    // What was read, not what is left: a file cut to nothing after megabytes were read must not say "0 read".
    throw datasetError(path, msg('file.truncated', { size: facts.size, read: bytesRead, now: now.size }))
  }
  if (now.size !== facts.size || now.mtimeMs !== facts.mtimeMs || bytesRead !== facts.size) {
    throw datasetError(path, msg('file.modified'))
  }
}

export interface TextReadOptions {
  signal?: AbortSignal
  /** Compute the SHA-256 of the bytes as they are read. */
  hash?: boolean
  /** Hash on a worker thread: by default for files of THREAD_HASH_BYTES or more. */
  hashThread?: boolean
  chunkBytes?: number
  onBytes?: (bytesRead: number) => void
}

/**
 * Reads a UTF-8 text file once, in chunks, and yields it as strings cut only between characters.
 * The same bytes feed the hash, so the digest equals `sha256sum` of the file. Refuses a binary
 * first block (NUL bytes, UTF-16 marks, invalid UTF-8) and names the line and column of invalid
 * UTF-8 further on. The handle is closed however the caller stops (return, throw, abort).
 */
export class TextFileReader {
  readonly facts: FileFacts
  hadBom = false
  bytesRead = 0
  private hasher: Hash | null
  private hex: string | null = null

  private constructor(
    readonly path: string,
    facts: FileFacts,
    private readonly opts: TextReadOptions
  ) {
    this.facts = facts
    this.hasher = opts.hash && !this.threaded() ? createHash('sha256') : null
  }

  private threaded(): boolean {
    return !!this.opts.hash && (this.opts.hashThread ?? this.facts.size >= THREAD_HASH_BYTES)
  }

  static async open(path: string, opts: TextReadOptions = {}): Promise<TextFileReader> {
    const facts = await fileFacts(path)
    if (facts.size === 0) throw datasetError(path, msg('file.empty'))
    return new TextFileReader(path, facts, opts)
  }

  /** Hex digest; valid once `chunks()` ran to the end. */
  digest(): string {
    if (this.hex === null && this.hasher) this.hex = this.hasher.digest('hex')
    if (this.hex === null) throw new Error('the reader was opened without hashing, or not read to the end')
    return this.hex
  }

  /** The file as text, in chunks cut only between characters. */
  async *chunks(): AsyncGenerator<string> {
    for await (const bytes of this.byteChunks()) yield bytes.toString('utf8')
  }

  /**
   * The file as validated UTF-8 bytes (BOM dropped), in chunks cut only between characters. A
   * chunk may live in a buffer that is reused: it is valid until the next chunk is asked for.
   * The next block is read while the caller works on this one.
   */
  async *byteChunks(): AsyncGenerator<Buffer> {
    const { signal } = this.opts
    const handle: FileHandle = await open(this.path, 'r')
    const size = this.opts.chunkBytes ?? CHUNK_BYTES
    // Two buffers: one is read into while the caller works on the other. A character cut by the
    // chunk edge (at most 3 bytes) is moved to the front of the next buffer, and the next read
    // lands behind it, so that no chunk has to be copied whole.
    const thread = this.threaded() ? new ThreadHash(2, size + 3) : null
    const buffers = thread ? thread.buffers : [Buffer.allocUnsafe(size + 3), Buffer.allocUnsafe(size + 3)]
    let which = 0
    let tail = 0
    let reading: Promise<{ bytesRead: number }> | null = handle.read(buffers[0], 0, size, null)
    try {
      // The first block, gathered until it can be checked (only when chunks are smaller than it);
      // a file that shrank below it while being read is checked as it is, and refused below.
      let head: Buffer | null = Buffer.alloc(0)
      const firstBlock = Math.min(SNIFF_BYTES, this.facts.size)
      for (;;) {
        signal?.throwIfAborted()
        const { bytesRead: n } = await reading
        reading = null
        if (n === 0 && !head?.length) break
        const buf = buffers[which]
        this.hasher?.update(buf.subarray(tail, tail + n))
        thread?.update(which, tail, tail + n)
        this.bytesRead += n
        let data = buf.subarray(0, tail + n)
        if (head !== null) {
          head = Buffer.concat([head, data])
          if (head.length < firstBlock && n > 0) {
            tail = 0
            await thread?.free(which)
            reading = handle.read(buf, 0, size, null)
            continue
          }
          data = this.checkFirstBlock(head)
          head = null
        }
        const cut = completeLength(data)
        const whole = data.subarray(0, cut)
        if (!isUtf8(whole)) throw await this.invalidUtf8(whole, this.bytesRead - data.length)
        tail = data.length - cut
        which ^= 1
        await thread?.free(which)
        data.copy(buffers[which], 0, cut)
        reading = handle.read(buffers[which], tail, size, null)
        this.opts.onBytes?.(this.bytesRead)
        if (whole.length) yield whole
      }
      const rest = buffers[which].subarray(0, tail)
      if (rest.length) throw await this.invalidUtf8(rest, this.bytesRead - rest.length)
      if (thread) this.hex = await thread.digest()
      signal?.throwIfAborted()
      await checkUnchanged(this.path, this.facts, this.bytesRead)
    } finally {
      // A read still under way must end before its handle closes.
      await reading?.catch(() => undefined)
      await Promise.all([handle.close(), thread?.close()])
    }
  }

  private checkFirstBlock(data: Buffer): Buffer {
    if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
      throw datasetError(this.path, msg('file.utf16'))
    }
    const head = data.subarray(0, SNIFF_BYTES)
    const nul = head.indexOf(0)
    if (nul >= 0) throw datasetError(this.path, msg('file.binaryNul', { byte: nul + 1 }))
    const probe = head.subarray(0, completeLength(head))
    if (!isUtf8(probe)) throw datasetError(this.path, msg('file.notUtf8'))
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
      this.hadBom = true
      return data.subarray(3)
    }
    return data
  }

  private async invalidUtf8(data: Buffer, fileOffset: number): Promise<Error> {
    const bad = fileOffset + firstInvalidUtf8(data)
    const { line, column } = await locateByte(this.path, bad)
    return datasetError(this.path, msg('file.invalidUtf8', { byte: bad + 1 }), { line, column })
  }
}

/** Length of the prefix of `b` that ends on a character boundary (drops a cut multi-byte tail). */
export function completeLength(b: Buffer): number {
  const n = b.length
  for (let back = 1; back <= Math.min(3, n); back++) {
    const c = b[n - back]
    if ((c & 0xc0) === 0x80) continue
    if (c < 0x80) return n
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2
    return need > back ? n - back : n
  }
  return n
}

/** Index of the first byte where `b` stops being valid UTF-8 (b.length when it is valid). */
export function firstInvalidUtf8(b: Buffer): number {
  let i = 0
  while (i < b.length) {
    const c = b[i]
    const need = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1
    if (need < 0) return i
    if (need > 0 && !isUtf8(b.subarray(i, i + need + 1))) return i
    i += need + 1
  }
  return b.length
}
