import { arraySink, DelimitedParser } from './delimited'
import { isMissing, parseNumber } from './cell'

const CANDIDATES = [',', '\t', ';', '|']
const SAMPLE_LINES = 50

/**
 * Picks the delimiter whose count per line (outside quotes) is the same on the most sample lines,
 * then the one seen more often; a file with none of them is one column, read with commas.
 */
export function sniffDelimiter(sample: string): string {
  let best = ','
  let bestScore = -1
  for (const d of CANDIDATES) {
    const counts = countPerLine(sample, d.charCodeAt(0))
    const freq = new Map<number, number>()
    for (const c of counts) if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1)
    let mode = 0
    let modeLines = 0
    for (const [c, lines] of freq) if (lines > modeLines || (lines === modeLines && c > mode)) [mode, modeLines] = [c, lines]
    if (!modeLines) continue
    const score = (modeLines / counts.length) * 1000 + Math.min(mode, 999)
    if (score > bestScore) [best, bestScore] = [d, score]
  }
  return best
}

function countPerLine(sample: string, code: number): number[] {
  const counts: number[] = []
  let count = 0
  let inQuotes = false
  for (let i = 0; i < sample.length && counts.length < SAMPLE_LINES; i++) {
    const c = sample.charCodeAt(i)
    if (c === 34) inQuotes = !inQuotes
    else if (!inQuotes && c === code) count++
    else if (!inQuotes && c === 10) {
      counts.push(count)
      count = 0
    }
  }
  if (counts.length === 0) counts.push(count)
  return counts
}

/** The first records of a sample, parsed with `delimiter` (a cut last record is left out). */
export function sampleRecords(sample: string, delimiter: string, file: string, limit = SAMPLE_LINES + 1): string[][] {
  const records: string[][] = []
  const parser = new DelimitedParser(
    file,
    delimiter,
    arraySink((fields) => {
      if (records.length < limit) records.push(fields)
    })
  )
  parser.push(sample)
  return records
}

/**
 * Whether the first record names the columns, in the way of Python's csv.Sniffer.has_header: a
 * column whose later values are numbers votes for a header when its first cell is not a number and
 * against when it is; a column of text whose values share one length votes for a header when the
 * first cell's length differs. Undecided files are taken to have a header, as most do.
 */
export function sniffHeader(records: string[][]): boolean {
  if (records.length === 0) return true
  const [first, ...rest] = records
  if (rest.length === 0) return !first.some((c) => parseNumber(c) !== null)
  let votes = 0
  for (let col = 0; col < first.length; col++) {
    const values = rest.map((r) => r[col]).filter((v): v is string => v !== undefined && !isMissing(v))
    if (!values.length || first[col].trim() === '') continue
    const headIsNumber = parseNumber(first[col]) !== null
    if (values.every((v) => parseNumber(v) !== null)) votes += headIsNumber ? -1 : 1
    else if (headIsNumber) votes -= 1
    else if (values.every((v) => v.length === values[0].length) && first[col].length !== values[0].length) votes += 1
  }
  return votes >= 0
}
