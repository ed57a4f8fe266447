/**
 * Follows files that a trainer writes while it runs: only the bytes added since the last poll are
 * read. A file that shrank was replaced, so it is read again from its start by a fresh decoder.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { msg, type CodedMessage } from '../../../../shared/messages'
import { JsonlDecoder } from './jsonl-reader'
import { TfEventsDecoder } from './tfevents'
import { TrainerStateReader } from './trainer-state'
import type { ReadResult } from './types'

interface ByteDecoder {
  push(chunk: Uint8Array): ReadResult
  end(): ReadResult | CodedMessage[]
}

const inFile = (file: string, warnings: CodedMessage[]): CodedMessage[] => warnings.map((problem) => msg('common.inFile', { file, problem }))

/** Tails one append-only file through a decoder of its format. */
export class FileTail {
  private offset = 0
  private decoder: ByteDecoder

  constructor(
    readonly path: string,
    private readonly make: () => ByteDecoder
  ) {
    this.decoder = make()
  }

  /** What was added since the last poll; nothing while the file does not exist yet. */
  poll(): ReadResult {
    let fd: number
    try {
      fd = openSync(this.path, 'r')
    } catch {
      return { points: [], warnings: [] }
    }
    try {
      const size = fstatSync(fd).size
      if (size < this.offset) {
        this.offset = 0
        this.decoder = this.make()
      }
      if (size === this.offset) return { points: [], warnings: [] }
      const chunk = Buffer.alloc(size - this.offset)
      const got = readSync(fd, chunk, 0, chunk.length, this.offset)
      this.offset += got
      const r = this.decoder.push(chunk.subarray(0, got))
      return { points: r.points, warnings: inFile(this.path, r.warnings) }
    } finally {
      closeSync(fd)
    }
  }

  /** The writer has exited: read what is left and report a record or line left cut. */
  finish(): ReadResult {
    const r = this.poll()
    const end = this.decoder.end()
    const tail = Array.isArray(end) ? { points: [], warnings: end } : end
    return { points: [...r.points, ...tail.points], warnings: [...r.warnings, ...inFile(this.path, tail.warnings)] }
  }
}

export const tailJsonl = (path: string): FileTail => new FileTail(path, () => new JsonlDecoder())
export const tailTfEvents = (path: string): FileTail => new FileTail(path, () => new TfEventsDecoder())

/** Re-reads a trainer_state.json whenever its size or modification time changes. */
export class TrainerStateTail {
  private stamp = ''
  private readonly reader = new TrainerStateReader()

  constructor(readonly path: string) {}

  poll(final = false): ReadResult {
    let stamp: string
    try {
      const s = statSync(this.path)
      stamp = `${s.size}:${s.mtimeMs}`
    } catch {
      return { points: [], warnings: [] }
    }
    if (stamp === this.stamp && !final) return { points: [], warnings: [] }
    const r = this.reader.read(readFileSync(this.path, 'utf8'), final)
    // A half-written file is read again next time even when its stamp has not moved on.
    if (r.points.length > 0 || final) this.stamp = stamp
    return { points: r.points, warnings: inFile(this.path, r.warnings) }
  }
}
