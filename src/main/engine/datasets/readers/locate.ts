import { createReadStream } from 'node:fs'

/**
 * Line and column (1-based, column in characters) of a byte offset, found by reading the file up
 * to it again. Only error paths call this, so the fast path never counts lines it does not need.
 */
export async function locateByte(path: string, offset: number): Promise<{ line: number; column: number }> {
  let line = 1
  // Bytes since the last newline, kept to count the column in characters.
  let tail: Buffer[] = []
  if (offset === 0) return { line, column: 1 }
  const stream = createReadStream(path, { start: 0, end: offset - 1, highWaterMark: 1 << 20 })
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0
    let nl = chunk.indexOf(10, from)
    if (nl >= 0) tail = []
    while (nl >= 0) {
      line++
      from = nl + 1
      nl = chunk.indexOf(10, from)
    }
    tail.push(chunk.subarray(from))
  }
  const column = Buffer.concat(tail).toString('utf8').replace(/^\ufeff/, '').length + 1
  return { line, column }
}
