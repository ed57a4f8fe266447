/**
 * A reader of Python literal syntax as `repr()` writes it (and JSON, which is nearly a subset):
 * dicts, lists, tuples, strings in ' or ", ints, floats with nan/inf, True/False/None, and
 * `np.float64(0.5)`-style wrappers that NumPy 2 prints around scalars. Nothing is evaluated.
 */
export type PyValue = number | string | boolean | null | PyValue[] | { [key: string]: PyValue }

class Reader {
  i = 0
  constructor(readonly s: string) {}

  fail(): never {
    throw new SyntaxError(`unexpected ${this.i < this.s.length ? `'${this.s[this.i]}'` : 'end'} at ${this.i}`)
  }

  space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i]!)) this.i++
  }

  value(): PyValue {
    this.space()
    const c = this.s[this.i]
    if (c === '{') return this.dict()
    if (c === '[') return this.seq(']')
    if (c === '(') return this.seq(')')
    if (c === "'" || c === '"') return this.str()
    return this.atom()
  }

  dict(): Record<string, PyValue> {
    const out: Record<string, PyValue> = {}
    this.i++
    for (;;) {
      this.space()
      if (this.s[this.i] === '}') return this.i++, out
      const key = this.value()
      this.space()
      if (this.s[this.i] !== ':') this.fail()
      this.i++
      out[String(key)] = this.value()
      this.space()
      if (this.s[this.i] === ',') this.i++
      else if (this.s[this.i] !== '}') this.fail()
    }
  }

  seq(close: string): PyValue[] {
    const out: PyValue[] = []
    this.i++
    for (;;) {
      this.space()
      if (this.s[this.i] === close) return this.i++, out
      out.push(this.value())
      this.space()
      if (this.s[this.i] === ',') this.i++
      else if (this.s[this.i] !== close) this.fail()
    }
  }

  str(): string {
    const quote = this.s[this.i++]
    let out = ''
    while (this.i < this.s.length) {
      const c = this.s[this.i++]!
      if (c === quote) return out
      if (c !== '\\') {
        out += c
        continue
      }
      const e = this.s[this.i++]
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '/': '/', b: '\b', f: '\f', '0': '\0' }
      if (e !== undefined && e in simple) out += simple[e]
      else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8
        const hex = this.s.slice(this.i, this.i + len)
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) this.fail()
        out += String.fromCodePoint(parseInt(hex, 16))
        this.i += len
      } else this.fail()
    }
    return this.fail()
  }

  atom(): PyValue {
    const m = /^[-+]?[\w.]+/.exec(this.s.slice(this.i, this.i + 64))
    if (!m) this.fail()
    let word = m[0]
    // `1e-05` splits at the sign of its exponent: take the rest of the number too.
    const exp = /^[-+]?(\d+\.?\d*|\.\d+)[eE]$/.test(word) ? /^[-+]\d+/.exec(this.s.slice(this.i + word.length)) : null
    if (exp) word += exp[0]
    this.i += word.length
    if (this.s[this.i] === '(' && /^(np|numpy|torch)\.\w+$|^tensor$/.test(word)) {
      // A scalar wrapper: np.float64(0.5), tensor(0.25) → its one number.
      const [inner] = this.seq(')')
      return inner === undefined ? this.fail() : inner
    }
    const named: Record<string, PyValue> = { True: true, False: false, None: null, true: true, false: false, null: null }
    if (word in named) return named[word]!
    const special = /^([-+]?)(nan|inf|infinity)$/i.exec(word)
    if (special) return special[2]!.toLowerCase() === 'nan' ? NaN : special[1] === '-' ? -Infinity : Infinity
    if (!/^[-+]?(\d[\d_]*\.?[\d_]*|\.\d[\d_]*)([eE][-+]?\d+)?$/.test(word)) this.fail()
    return Number(word.replace(/_/g, ''))
  }
}

/** The value a Python literal (or JSON text) spells; throws SyntaxError on anything else. */
export function parsePythonLiteral(text: string): PyValue {
  const r = new Reader(text)
  const v = r.value()
  r.space()
  if (r.i !== text.length) r.fail()
  return v
}

/** JSON text through the built-in parser (fast), anything else as a Python literal. */
export function parseJsonOrLiteral(text: string): PyValue {
  // A single quote means Python's repr nearly always: skip the JSON attempt and its costly throw.
  if (text.includes("'")) return parsePythonLiteral(text)
  try {
    return JSON.parse(text) as PyValue
  } catch {
    return parsePythonLiteral(text)
  }
}
