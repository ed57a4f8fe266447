/**
 * Hashed n-gram features in the manner of fastText (Joulin et al. 2017; Bojanowski et al. 2017):
 * word n-grams, and character n-grams of each word wrapped in `<` and `>`, each hashed into one of
 * `buckets − 1` rows (row 0 is the padding row of the embedding bag). The hash is FNV-1a over UTF-16
 * code units with a seeded start and a murmur3 finaliser, so the same text, options and seed give
 * the same ids on every platform and run.
 */
export interface NgramOptions {
  buckets: number
  /** Word n-gram lengths; max 0 turns word features off. */
  wordMin: number
  wordMax: number
  /** Character n-gram lengths within words; max 0 turns them off. */
  charMin: number
  charMax: number
  /** Most ids kept per text (word n-grams come first). */
  maxNgrams: number
  seed: number
  lowercase: boolean
}

/** Letters and digits in runs: a word of a spaced language, or a run of CJK characters. */
const WORD = /[\p{L}\p{N}\p{M}]+/gu

export function tokenize(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).match(WORD) ?? []
}

export function hashString(s: string, seed: number): number {
  let h = (0x811c9dc5 ^ Math.imul(seed | 0, 0x9e3779b1)) >>> 0
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** The hashed ids of one text, in order: word n-grams by length, then character n-grams by word. */
export function ngramIds(text: string, o: NgramOptions): number[] {
  const words = tokenize(text, o.lowercase)
  const ids: number[] = []
  // The prefix keeps a word and a character n-gram with the same letters in different rows.
  const push = (key: string): boolean => {
    ids.push(1 + (hashString(key, o.seed) % (o.buckets - 1)))
    return ids.length < o.maxNgrams
  }
  for (let n = Math.max(1, o.wordMin); n <= o.wordMax; n++) {
    for (let i = 0; i + n <= words.length; i++) if (!push(`w ${words.slice(i, i + n).join(' ')}`)) return ids
  }
  if (o.charMax === 0) return ids
  for (const word of words) {
    const chars = Array.from(`<${word}>`)
    for (let n = Math.max(1, o.charMin); n <= o.charMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) if (!push(`c ${chars.slice(i, i + n).join('')}`)) return ids
    }
  }
  return ids
}

/** Ids of every text as rows of `slots` floats, 0-padded; `slots` is the longest row, at least 1. */
export function featurize(texts: readonly string[], o: NgramOptions): { x: Float32Array; slots: number } {
  const rows = texts.map((t) => ngramIds(t, o))
  // A loop, not Math.max(...rows): spreading 100,000-odd rows as arguments overflows the stack.
  const slots = rows.reduce((n, r) => Math.max(n, r.length), 1)
  const x = new Float32Array(rows.length * slots)
  rows.forEach((r, i) => x.set(r, i * slots))
  return { x, slots }
}
