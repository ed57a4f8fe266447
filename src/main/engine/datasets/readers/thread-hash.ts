import { Worker } from 'node:worker_threads'

// Inline source, so that the worker needs no file of its own next to whichever bundle runs it
// (the Electron main process, the CLI, the tests).
const SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createHash } = require('node:crypto')
const hash = createHash('sha256')
let views = []
parentPort.on('message', (m) => {
  if (m.buffers) views = m.buffers.map((b) => new Uint8Array(b))
  else if (m.slot === undefined) parentPort.postMessage({ digest: hash.digest('hex') })
  else {
    hash.update(views[m.slot].subarray(m.start, m.end))
    parentPort.postMessage({ slot: m.slot })
  }
})
`

/**
 * SHA-256 of bytes in shared buffers, computed on a worker thread in the order given while the
 * caller goes on parsing the same bytes: the hash costs the reading thread nothing and no byte is
 * copied. A buffer must not be written again before `free(slot)` resolves.
 */
export class ThreadHash {
  readonly buffers: Buffer[]
  private readonly worker: Worker
  private readonly busy: (Promise<void> | null)[]
  private readonly done = new Map<number, () => void>()
  private onDigest: ((hex: string) => void) | null = null
  private failure: Error | null = null

  constructor(count: number, bytes: number) {
    const shared = Array.from({ length: count }, () => new SharedArrayBuffer(bytes))
    this.buffers = shared.map((s) => Buffer.from(s))
    this.busy = shared.map(() => null)
    this.worker = new Worker(SOURCE, { eval: true })
    this.worker.unref()
    this.worker.postMessage({ buffers: shared })
    this.worker.on('message', (m: { slot?: number; digest?: string }) => {
      if (m.digest !== undefined) this.onDigest?.(m.digest)
      else if (m.slot !== undefined) this.done.get(m.slot)?.()
    })
    this.worker.on('error', (err) => (this.failure = err))
  }

  /** Hashes buffers[slot][start, end) after everything given before. */
  update(slot: number, start: number, end: number): void {
    this.busy[slot] = new Promise<void>((resolve) => this.done.set(slot, resolve))
    this.worker.postMessage({ slot, start, end })
  }

  /** Resolves once the worker is done reading buffers[slot]. */
  async free(slot: number): Promise<void> {
    const busy = this.busy[slot]
    if (busy) await this.settle(busy)
    this.busy[slot] = null
  }

  async digest(): Promise<string> {
    const hex = new Promise<string>((resolve) => (this.onDigest = resolve))
    this.worker.postMessage({})
    return this.settle(hex)
  }

  async close(): Promise<void> {
    await this.worker.terminate()
  }

  /** Waits for `p`, or fails when the worker stopped (it then never answers). */
  private async settle<T>(p: Promise<T>): Promise<T> {
    if (this.failure) throw this.failure
    const stopped = new Promise<never>((_, reject) => {
      const fail = (err: unknown) => reject(this.failure ?? (err instanceof Error ? err : new Error('the hashing thread stopped')))
      this.worker.once('error', fail)
      this.worker.once('exit', fail)
      void p.finally(() => {
        this.worker.off('error', fail)
        this.worker.off('exit', fail)
      })
    })
    return Promise.race([p, stopped])
  }
}
