import { closeSync, openSync, readFileSync, readSync } from 'node:fs'
import { link, open, rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * The checkpoint file: named float32 tensors and a JSON header, in one file so that one rename
 * replaces it whole. Layout: the magic `PSCKPT1\n`, the header length (uint32 little-endian),
 * the header JSON, then each tensor's bytes at the offset the header gives.
 */

const MAGIC = 'PSCKPT1\n'

export interface CheckpointTensor {
  name: string
  shape: number[]
  data: Float32Array
}

export interface Checkpoint<M = Record<string, unknown>> {
  /** The trainer that wrote it (`mlp`), checked before anything else is read. */
  trainer: string
  meta: M
  tensors: CheckpointTensor[]
}

interface Header {
  trainer: string
  meta: unknown
  tensors: { name: string; shape: number[]; offset: number; length: number }[]
}

/** The bytes of a checkpoint file, as views over the tensors (no copy): encode when the state is current, write later. */
export function encodeCheckpoint(checkpoint: Checkpoint<unknown>): Uint8Array[] {
  let offset = 0
  const tensors = checkpoint.tensors.map((t) => {
    const count = t.shape.reduce((a, b) => a * b, 1)
    if (count !== t.data.length) throw new Error(`checkpoint tensor ${t.name}: shape [${t.shape}] needs ${count} values, got ${t.data.length}`)
    const entry = { name: t.name, shape: t.shape, offset, length: t.data.length }
    offset += t.data.byteLength
    return entry
  })
  const header = Buffer.from(JSON.stringify({ trainer: checkpoint.trainer, meta: checkpoint.meta, tensors } satisfies Header))
  const length = Buffer.alloc(4)
  length.writeUInt32LE(header.length)
  return [Buffer.from(MAGIC), length, header, ...checkpoint.tensors.map((t) => new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))]
}

const tempBeside = (path: string, tag = ''): string => join(dirname(path), `.${basename(path)}.${process.pid}${tag}.tmp`)

/** The pid of the process that writes a temporary file named as `tempBeside` names them, else null. */
export function tempWriterPid(name: string): number | null {
  // Lazy, so that the pid is the first number after the name: `.best.ckpt.<pid>.1.tmp` is one of a pair.
  const m = /^\..+?\.(\d+)(?:\.\d+)?\.tmp$/.exec(name)
  return m ? Number(m[1]) : null
}

/** Writes `parts` to `path` whole and flushed; a failure removes the file and rethrows. */
async function writeDurable(path: string, parts: Uint8Array[]): Promise<void> {
  const file = await open(path, 'w')
  try {
    // writev may write part of what it is given: go on from where it stopped.
    const rest = parts.filter((p) => p.byteLength > 0)
    while (rest.length) {
      let { bytesWritten } = await file.writev(rest)
      while (rest.length && bytesWritten >= rest[0].byteLength) bytesWritten -= rest.shift()!.byteLength
      if (bytesWritten > 0) rest[0] = rest[0].subarray(bytesWritten)
    }
    // A rename of data still in the page cache can leave an empty file after a power loss.
    await file.sync()
  } catch (err) {
    await file.close()
    await rm(path, { force: true })
    throw err
  }
  await file.close()
}

/**
 * Writes encoded checkpoint bytes to every path (`latest`, and `best` when it improved) with one
 * write and one flush: a temporary file beside the first path, hard-linked beside the others
 * (written again where links are refused), then each renamed over its path.
 */
export async function writeCheckpointFiles(paths: string[], parts: Uint8Array[]): Promise<void> {
  const temps = paths.map((p, i) => tempBeside(p, i ? `.${i}` : ''))
  await writeDurable(temps[0], parts)
  try {
    for (const temp of temps.slice(1)) {
      await rm(temp, { force: true })
      await link(temps[0], temp).catch(() => writeDurable(temp, parts))
    }
    for (const [i, path] of paths.entries()) await rename(temps[i], path)
  } finally {
    for (const temp of temps) await rm(temp, { force: true })
  }
}

/** Encodes and writes one checkpoint file, replacing `path` whole. */
export async function writeCheckpoint(path: string, checkpoint: Checkpoint<unknown>): Promise<void> {
  await writeCheckpointFiles([path], encodeCheckpoint(checkpoint))
}

/** Reads a checkpoint; a file of another kind or cut short is refused with its path in the message. */
export function readCheckpoint<M = Record<string, unknown>>(path: string): Checkpoint<M> {
  const bytes = readFileSync(path)
  const bad = (why: string): Error => new Error(`${path} is not a readable ParamScope checkpoint: ${why}`)
  if (bytes.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw bad('it does not start with the checkpoint marker')
  const headerLength = bytes.readUInt32LE(MAGIC.length)
  const start = MAGIC.length + 4 + headerLength
  if (start > bytes.length) throw bad('the header is cut short')
  const header = JSON.parse(bytes.subarray(MAGIC.length + 4, start).toString('utf8')) as Header
  const tensors = header.tensors.map((t) => {
    const end = start + t.offset + t.length * 4
    if (end > bytes.length) throw bad(`tensor ${t.name} is cut short`)
    // Copied out, so each tensor is aligned and owns its memory.
    const data = new Float32Array(t.length)
    new Uint8Array(data.buffer).set(bytes.subarray(start + t.offset, end))
    return { name: t.name, shape: t.shape, data }
  })
  return { trainer: header.trainer, meta: header.meta as M, tensors }
}

/** The header alone (trainer and meta), read without the tensors: for checks before a launch. */
export function readCheckpointMeta<M = Record<string, unknown>>(path: string): { trainer: string; meta: M } {
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(MAGIC.length + 4)
    readSync(fd, head, 0, head.length, 0)
    if (head.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) throw new Error(`${path} is not a readable ParamScope checkpoint`)
    const header = Buffer.alloc(head.readUInt32LE(MAGIC.length))
    readSync(fd, header, 0, header.length, head.length)
    const { trainer, meta } = JSON.parse(header.toString('utf8')) as Header
    return { trainer, meta: meta as M }
  } finally {
    closeSync(fd)
  }
}
