import { createReadStream } from 'node:fs'
import type { Config } from '../../../../shared/api'
import type { MemoryEstimate, MemoryPart } from '../protocol'

/**
 * The pieces every trainer's memory estimate is made of. The factors were measured: the peak
 * resident memory (VmHWM) of real trainer processes against their configs, `npx tsx
 * bench/memory-estimate.ts`, whose figures bench/memory-estimate.json keeps.
 */

export const MB = 2 ** 20
const FLOAT = 4

/** Node, onnxruntime and the trainer's code, before any model or data (about 100–180 MB measured). */
export const RUNTIME_BYTES = 160 * MB

/** Optimizer state tensors per trainable parameter: Adam's two moments, SGD's momentum, Lion's one. */
export function optimizerSlots(config: Config): number {
  const name = config['optimizer.name']
  if (name === 'sgd') return Number(config['optimizer.momentum'] ?? 0.9) > 0 ? 1 : 0
  return name === 'lion' ? 1 : 2
}

/**
 * Floats held per trainable parameter at the peak of a step: its value and its optimizer state in
 * JavaScript and again as the session's outputs (the old ones live until the garbage collector
 * frees them), the gradient and the update's temporaries inside onnxruntime, and a checkpoint's
 * copy. Measured 10.4 with one slot and 13.9 with two; a second session (diagnostics, gradient
 * accumulation) keeps arenas of its own, and chained steps hold every step's state.
 */
export function trainableCopies(config: Config, options: { chained?: boolean } = {}): number {
  let copies = 7 + 3.5 * optimizerSlots(config)
  if (Number(config['diagnostics.every'] ?? 0) > 0) copies += 4
  if (Number(config['optimizer.grad_accumulation'] ?? 1) > 1) copies += 2.5
  if (options.chained) copies += 8
  return copies
}

/** Floats per frozen parameter (the base of a LoRA run), never updated: 5.6 measured with one session, 9.4 with three. */
export function frozenCopies(config: Config, options: { chained?: boolean } = {}): number {
  return 6 + (Number(config['diagnostics.every'] ?? 0) > 0 ? 2 : 0) + (options.chained ? 2 : 0)
}

/**
 * Bytes of a model's parameters with their gradients, optimizer state and copies. With LoRA the
 * matrices are frozen and only the adapters, rank × (in + out) each, train; `matrices` lists the
 * [in, out] shapes LoRA may adapt (every one, as the default targets of the mlp and the text
 * classifier: an estimate that stays on the safe side when fewer are targeted).
 */
export function parameterBytes(config: Config, counts: { total: number; matrices: [number, number][] }, options: { chained?: boolean } = {}): number {
  const rank = Number(config['lora.rank'] ?? 0)
  const copies = trainableCopies(config, options)
  if (rank <= 0) return counts.total * copies * FLOAT
  const adapted = counts.matrices.reduce((n, [i, o]) => n + i * o, 0)
  const adapters = counts.matrices.reduce((n, [i, o]) => n + rank * (i + o), 0)
  return ((counts.total - adapted) * copies + adapted * frozenCopies(config, options) + adapters * copies) * FLOAT
}

/** Parameters of dense layers in → hidden × layers → out, each with a bias, and their matrices. */
export function denseCounts(inputs: number, hidden: number, layers: number, outputs: number): { total: number; matrices: [number, number][] } {
  const widths = [inputs, ...new Array<number>(layers).fill(hidden), outputs]
  const matrices = widths.slice(1).map((w, i): [number, number] => [widths[i], w])
  return { total: matrices.reduce((n, [i, o]) => n + i * o + o, 0), matrices }
}

/** The estimate of a trainer's parts, the runtime included; parts of no size are left out. */
export function memoryEstimate(parts: MemoryPart[]): MemoryEstimate {
  const runtime: MemoryPart = { what: 'runtime', bytes: RUNTIME_BYTES, fields: [] }
  const all = [runtime, ...parts].filter((p) => p.bytes > 0).map((p) => ({ ...p, bytes: Math.ceil(p.bytes) }))
  return { bytes: all.reduce((n, p) => n + p.bytes, 0), parts: all }
}

/** The longest line kept whole for `lineStats`; a longer one is kept as its first this many bytes. */
const KEEP_BYTES = MB

/**
 * Lines of a file and its longest line (its length in bytes, and its text up to 1 MB), read in
 * one streamed pass: a row count and a longest text for an estimate, without parsing the file.
 */
export async function lineStats(path: string): Promise<{ lines: number; longest: number; longestText: string }> {
  let [lines, longest, length] = [0, 0, 0]
  let longestText = ''
  // The current line's bytes from earlier chunks, while it spans chunks, up to KEEP_BYTES.
  let carried: Buffer[] = []
  const endLine = (tail: Buffer) => {
    const total = length + tail.length
    if (total > longest) {
      longest = total
      longestText = Buffer.concat([...carried, tail]).subarray(0, KEEP_BYTES).toString('utf8')
    }
    lines++
    carried = []
    length = 0
  }
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
      endLine(chunk.subarray(start, i))
      start = i + 1
    }
    const rest = chunk.subarray(start)
    if (length < KEEP_BYTES) carried.push(rest)
    length += rest.length
  }
  if (length > 0) endLine(Buffer.alloc(0))
  return { lines, longest, longestText }
}

/** The distinct characters of a text file (a character model's vocabulary), read in one streamed pass. */
export async function distinctCharacters(path: string): Promise<number> {
  const bmp = new Uint8Array(0x10000)
  const astral = new Set<number>()
  let count = 0
  for await (const chunk of createReadStream(path, { encoding: 'utf8' }) as AsyncIterable<string>) {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i)
      if (c >= 0xd800 && c <= 0xdbff) astral.add(chunk.codePointAt(i++)!)
      else if (!bmp[c]) {
        bmp[c] = 1
        count++
      }
    }
  }
  return count + astral.size
}
