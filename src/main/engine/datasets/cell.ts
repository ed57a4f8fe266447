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

/** Set by scanNumber: whether the number it read had no decimal point (a field, not a module binding, which bundlers turn into a getter). */
export const scanned = { integer: false }

/**
 * Reads a plain decimal (sign, digits, optional point and digits) straight from `text` without
 * making a string. With at most 15 significant digits and a power of ten up to 1e22, both are exact
 * doubles, so one division or product is correctly rounded and equals Number() (Clinger's fast
 * path). Anything else (exponents, spaces, long mantissas, words) gives NaN: the caller then
 * slices the cell and takes the general path.
 */
export function scanNumber(text: string, start: number, end: number): number {
  let i = start
  let c = text.charCodeAt(i)
  const negative = c === 45
  if (negative || c === 43) i++
  let mantissa = 0
  let digits = 0
  let scale = 0
  let any = false
  let integer = true
  for (; i < end; i++) {
    c = text.charCodeAt(i)
    if (c < 48 || c > 57) break
    any = true
    if (mantissa !== 0 || c !== 48) {
      mantissa = mantissa * 10 + (c - 48)
      digits++
    }
  }
  if (i < end && c === 46) {
    integer = false
    for (i++; i < end; i++) {
      c = text.charCodeAt(i)
      if (c < 48 || c > 57) break
      any = true
      scale--
      if (mantissa !== 0 || c !== 48) {
        mantissa = mantissa * 10 + (c - 48)
        digits++
      }
    }
  }
  if (i !== end || !any || digits > 15 || scale < -22) return NaN
  scanned.integer = integer
  const v = scale < 0 ? mantissa / POW10[-scale] : mantissa
  return negative ? -v : v
}
