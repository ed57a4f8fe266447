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
  return s.length <= 4 && MISSING.has(s)
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
  const c = s.charCodeAt(0) | 32
  if (c !== 116 && c !== 102) return false
  const l = s.toLowerCase()
  return l === 'true' || l === 'false'
}
