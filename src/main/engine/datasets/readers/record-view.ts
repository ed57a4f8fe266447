/**
 * One parsed record, reused from record to record so that the hot path allocates no arrays and no
 * strings: field j is the UTF-8 bytes `bytes[starts[j], ends[j])` (with `quotes[j]` doubled quotes
 * still in them), or `unescaped[j]` when text followed its closing quote.
 */
export class RecordView {
  bytes: Buffer = Buffer.alloc(0)
  /** Whether the chunk holding the record is pure ASCII: then byte lengths are character lengths. */
  ascii = true
  count = 0
  line = 1
  starts: Int32Array = new Int32Array(64)
  ends: Int32Array = new Int32Array(64)
  quotes: Int32Array = new Int32Array(64)
  /** Field j as a plain decimal read while splitting (NaN when it is not one), and whether it had no point. */
  numbers: Float64Array = new Float64Array(64)
  integers: Uint8Array = new Uint8Array(64)
  unescaped: (string | null)[] = []

  field(j: number): string {
    const u = this.unescaped[j]
    if (u !== null) return u
    const s = this.bytes.toString('utf8', this.starts[j], this.ends[j])
    return this.quotes[j] ? s.replaceAll('""', '"') : s
  }

  fields(): string[] {
    return Array.from({ length: this.count }, (_, j) => this.field(j))
  }

  push(start: number, end: number, quotes: number, unescaped: string | null, value = NaN, integer = 0): void {
    const j = this.count++
    if (j === this.starts.length) this.grow()
    this.starts[j] = start
    this.ends[j] = end
    this.quotes[j] = quotes
    this.numbers[j] = value
    this.integers[j] = integer
    this.unescaped[j] = unescaped
  }

  private grow(): void {
    const twice = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2)
      b.set(a)
      return b
    }
    this.starts = twice(this.starts)
    this.ends = twice(this.ends)
    this.quotes = twice(this.quotes)
    this.numbers = twice(this.numbers)
    this.integers = twice(this.integers)
  }
}

/** Receives each record; the view is only valid during the call. */
export type RecordSink = (record: RecordView) => void

/** A sink for callers that want plain arrays (samples, previews, readRows). */
export function arraySink(onRecord: (fields: string[], line: number) => void): RecordSink {
  return (r) => onRecord(r.fields(), r.line)
}
