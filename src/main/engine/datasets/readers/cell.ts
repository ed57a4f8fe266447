/**
 * What one text cell means to the profile. The missing markers are pandas' default `na_values`
 * that a CSV written by common tools contains; a cell of spaces is missing too.
 */
const MISSING = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-NaN', '-nan', 'NULL', 'null', 'None', '<NA>', '#N/A'])

export function isMissing(s: string): boolean {
  if (s.length === 0) return true
  const c = s.charCodeAt(0)
  if (c >= 48 && c <= 57) return false
  if (c === 32 || c === 9) return s.trim() === ''
  // Every marker starts with N, n, -, < or #: most words are settled by their first letter.
  if (s.length > 4 || !(c === 78 || c === 110 || c === 45 || c === 60 || c === 35)) return false
  return MISSING.has(s)
}

/**
 * The finite number a cell spells in decimal or exponent notation, else null. The first character
 * is checked before calling Number(), which would also take hex, binary and "Infinity".
 */
export function parseNumber(s: string): number | null {
  const c = s.charCodeAt(0)
  if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46 || c === 32)) return null
  const v = +s
  if (v !== v || v === Infinity || v === -Infinity) return null
  if (c === 48 && s.length > 2) {
    const x = s.charCodeAt(1) | 32
    if (x === 120 || x === 98 || x === 111) return null
  }
  return v
}

export function isBooleanText(s: string): boolean {
  if (s === 'true' || s === 'false') return true
  const c = s.charCodeAt(0) | 32
  if (c !== 116 && c !== 102) return false
  const l = s.toLowerCase()
  return l === 'true' || l === 'false'
}

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k)
const LF = 10
const CR = 13

/** What scanDecimal read: the value as a plain decimal (else NaN), and 1 when it had no point (a field, not a module binding, which bundlers turn into a getter). */
export const scanned = { value: NaN, integer: 0 }

/**
 * Finds the end of the unquoted field at `i` (the next delimiter, LF or CR, or n) and reads it on
 * the way as a plain decimal (sign, digits, optional point and digits): most cells of a table are
 * numbers, and reading them here spares a second pass over their bytes. Digits gather in two
 * small integers (exact, and quicker than a chain of float products); with at most 15 significant
 * digits and a power of ten up to 1e22, the mantissa and the power are exact doubles and one
 * division is correctly rounded, so the value equals Number() (Clinger's fast path). Anything
 * else (exponents, spaces, longer mantissas, words) gives NaN and is read from the text later.
 */
export function scanDecimal(buf: Uint8Array, i: number, n: number, delim: number): number {
  let c = i < n ? buf[i] : -1
  const negative = c === 45
  if (negative || c === 43) i++
  const first = i
  let mantissa = 0
  for (; i < n; i++) {
    const d = buf[i] - 48
    if (d < 0 || d > 9) break
    mantissa = mantissa * 10 + d
  }
  let digits = i - first
  let fraction = 0
  c = i < n ? buf[i] : -1
  const point = c === 46
  if (point) {
    const from = ++i
    for (; i < n; i++) {
      const d = buf[i] - 48
      if (d < 0 || d > 9) break
      mantissa = mantissa * 10 + d
    }
    fraction = i - from
    digits += fraction
    c = i < n ? buf[i] : -1
  }
  if (c === -1 || c === delim || c === LF || c === CR) {
    // Leading zeros count as digits here: a cell with more than 15 is rare and is read later.
    const v = fraction ? mantissa / POW10[fraction] : mantissa
    scanned.value = digits > 0 && digits <= 15 ? (negative ? -v : v) : NaN
    scanned.integer = point ? 0 : 1
    return i
  }
  for (; i < n; i++) {
    c = buf[i]
    if (c === delim || c === LF || c === CR) break
  }
  scanned.value = NaN
  return i
}

/** The plain decimal that bytes [start, end) spell (see scanDecimal), else NaN; `scanned.integer` says whether it had no point. */
export function scanNumber(bytes: Uint8Array, start: number, end: number): number {
  return scanDecimal(bytes, start, end, -1) === end ? scanned.value : NaN
}
