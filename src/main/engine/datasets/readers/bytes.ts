/**
 * Helpers for reading cells as UTF-8 byte ranges of a chunk, so that the import's hot path can
 * skip making a string for every cell. Delimiters, quotes and line ends are ASCII, and no byte of
 * a multi-byte UTF-8 sequence is ASCII, so byte offsets split records exactly as characters do.
 */

/** Length in UTF-16 code units (JavaScript's `string.length`) of valid UTF-8 bytes [start, end). */
export function utf16Length(bytes: Uint8Array, start: number, end: number): number {
  let n = 0
  for (let i = start; i < end; i++) {
    const b = bytes[i]
    // Lead and ASCII bytes start a character; a 4-byte lead is a surrogate pair in UTF-16.
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1
  }
  return n
}

/**
 * A quick hash of bytes [start, end) for a table that checks the bytes anyway: the length, the
 * first byte and the last 8 bytes (where short values such as categories and codes differ).
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = ((end - start) << 8) ^ bytes[start]
  for (let i = Math.max(start + 1, end - 8); i < end; i++) h = ((h << 5) - h + bytes[i]) | 0
  return (h ^ (h >>> 15)) & 0x3fffffff
}

/** Whether `a` holds exactly the bytes [start, end) of `b`. */
export function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false
  return true
}
