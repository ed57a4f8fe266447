import { AppError } from '../../../../shared/errors'
import { Rng } from '../../random'
import { joeKuoRows, MAX_SOBOL_DIMENSIONS } from './joe-kuo'

const BITS = 32

/** Direction numbers of dimension `dim` (0-based) as 32-bit fractions, most significant bit first. */
function directions(dim: number): Uint32Array {
  const v = new Uint32Array(BITS)
  if (dim === 0) {
    for (let j = 0; j < BITS; j++) v[j] = (1 << (31 - j)) >>> 0
    return v
  }
  const { degree: s, poly: a, m } = joeKuoRows[dim - 1]
  for (let j = 0; j < BITS; j++) {
    if (j < s) {
      v[j] = (m[j] << (31 - j)) >>> 0
      continue
    }
    // Bratley and Fox's recurrence; the primitive polynomial's inner coefficients are the bits of a.
    let x = v[j - s] ^ (v[j - s] >>> s)
    for (let k = 1; k < s; k++) if ((a >>> (s - 1 - k)) & 1) x ^= v[j - k]
    v[j] = x >>> 0
  }
  return v
}

function parity(x: number): number {
  x ^= x >>> 16
  x ^= x >>> 8
  x ^= x >>> 4
  x ^= x >>> 2
  x ^= x >>> 1
  return x & 1
}

/**
 * Linear matrix scrambling (Matoušek): multiplies every direction number by a random lower
 * triangular binary matrix with a unit diagonal. Like the digital shift applied after it, it keeps
 * the (t, m, s)-net structure, so scrambled points stay balanced; it is SciPy's scrambling too.
 */
function scrambleDirections(v: Uint32Array, rng: Rng): void {
  const rows = new Uint32Array(BITS)
  for (let i = 0; i < BITS; i++) {
    const above = i === 0 ? 0 : (0xffffffff << (32 - i)) >>> 0
    rows[i] = ((Math.floor(rng.next() * 4294967296) & above) | (1 << (31 - i))) >>> 0
  }
  for (let j = 0; j < BITS; j++) {
    let out = 0
    for (let i = 0; i < BITS; i++) if (parity(v[j] & rows[i])) out |= 1 << (31 - i)
    v[j] = out >>> 0
  }
}

export interface SobolOptions {
  /** Scrambled (default) with linear matrix scrambling and a digital shift; false gives the raw sequence. */
  scramble?: boolean
  seed?: number
}

/**
 * The first n points of the d-dimensional Sobol sequence in Gray-code order (the order of SciPy
 * and SALib), as an n×d row-major array in [0, 1). Balanced when n is a power of two: every
 * dyadic interval of length 1/n in each coordinate holds exactly one point.
 */
export function sobolPoints(n: number, d: number, options: SobolOptions = {}): Float64Array {
  if (d < 1 || d > MAX_SOBOL_DIMENSIONS)
    throw new AppError('INVALID_INPUT', `Sobol sequence: ${d} dimensions asked for; this table supports 1 to ${MAX_SOBOL_DIMENSIONS}`)
  if (!Number.isInteger(n) || n < 0 || n > 2 ** 31) throw new AppError('INVALID_INPUT', `Sobol sequence: n must be a whole number from 0 to 2^31, got ${n}`)
  const scramble = options.scramble ?? true
  const rng = new Rng(options.seed ?? 0)
  const dirs: Uint32Array[] = []
  const shift = new Uint32Array(d)
  for (let k = 0; k < d; k++) {
    const v = directions(k)
    if (scramble) {
      scrambleDirections(v, rng)
      shift[k] = Math.floor(rng.next() * 4294967296) >>> 0
    }
    dirs.push(v)
  }
  const out = new Float64Array(n * d)
  const x = new Uint32Array(d)
  const scale = 1 / 4294967296
  for (let i = 0; i < n; i++) {
    if (i > 0) {
      // Gray code: point i differs from point i-1 by the direction of the lowest zero bit of i-1.
      const c = 31 - Math.clz32(~(i - 1) & i)
      for (let k = 0; k < d; k++) x[k] ^= dirs[k][c]
    }
    const row = i * d
    for (let k = 0; k < d; k++) out[row + k] = ((x[k] ^ shift[k]) >>> 0) * scale
  }
  return out
}
