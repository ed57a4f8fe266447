import { describe, expect, it } from 'vitest'
import { joeKuoRows, MAX_SOBOL_DIMENSIONS } from './joe-kuo'
import { sobolPoints } from './sobol-sequence'

/**
 * Per dimension, Σ (i+1)·round(x_i·2^30) over the first 1000 unscrambled points, as printed by
 * SciPy 1.17 (`qmc.Sobol(d=128, scramble=False).random(1000)`), which uses the same Joe–Kuo table.
 */
const SCIPY_WEIGHTED_SUMS = [
  268820010762240, 269040706650112, 268754487345152, 268849689657344, 268589382762496, 269353928884224, 269276376203264,
  268467387236352, 269076769275904, 268660551712768, 268256086589440, 268981290139648, 269393741217792, 268880442294272,
  268759856054272, 268425955901440, 268817863278592, 268815715794944, 268530024972288, 268942006288384, 268786783485952,
  269037015662592, 268374525345792, 269149011968000, 268302752415744, 269357150109696, 269154380677120, 268701572005888,
  268909986971648, 268104277950464, 268656860725248, 268569308823552, 269131421057024, 268047948447744, 268981759901696,
  268705674035200, 268710572982272, 268351565725696, 268826730037248, 268696203296768, 269341706682368, 268971626463232,
  268120795119616, 268320343326720, 267961470287872, 267916951945216, 268511360319488, 269330558222336, 268327255539712,
  268700498264064, 268614020104192, 268810816847872, 269170763628544, 268542851153920, 269079990501376, 268671230410752,
  268136238546944, 268131943579648, 268872926101504, 268473225707520, 268340081721344, 268607577653248, 268877221068800,
  268343302946816, 268979142656000, 268238629896192, 268776842985472, 268782211694592, 268578368520192, 268923341635584,
  268639269814272, 268978068914176, 269259523489792, 268445694296064, 268641551515648, 268566087598080, 268726821715968,
  269443628269568, 268903267696640, 268294959398912, 268737089372160, 268496655089664, 269076827996160, 268325108056064,
  268049022189568, 268732794404864, 268627181830144, 268700498264064, 268253939105792, 268222716706816, 268757708570624,
  269444702011392, 269058104623104, 268801346109440, 268391512276992, 268403323437056, 268395807244288, 268860703899648,
  268622886862848, 268732324642816, 268756634828800, 269370781597696, 269199838543872, 268931872849920, 268794299678720,
  268535334961152, 269255094304768, 268989276094464, 268339007979520, 268749311574016, 268052243415040, 269273154977792,
  268633624281088, 268573469573120, 268817863278592, 268444620554240, 269068842041344, 269439333302272, 269248786071552,
  268649537470464, 268974847688704, 268558160363520, 268380363816960, 269032720695296, 268134091063296, 269032720695296,
  269188824301568, 269046016638976
]

/** How many of the first n points fall in each of the b×b cells of coordinates (i, j). */
function cellCounts(x: Float64Array, n: number, d: number, i: number, j: number, bi: number, bj: number): number[] {
  const counts = new Array<number>(bi * bj).fill(0)
  for (let r = 0; r < n; r++) counts[Math.floor(x[r * d + i] * bi) * bj + Math.floor(x[r * d + j] * bj)]++
  return counts
}

describe('Sobol sequence', () => {
  it('carries valid Joe–Kuo rows for 128 dimensions', () => {
    expect(MAX_SOBOL_DIMENSIONS).toBe(128)
    for (const row of joeKuoRows) {
      expect(row.m).toHaveLength(row.degree)
      row.m.forEach((m, k) => {
        expect(m % 2).toBe(1)
        expect(m).toBeLessThan(2 ** (k + 1))
      })
    }
  })

  it('reproduces SciPy’s unscrambled points in all 128 dimensions', () => {
    const d = 128
    const n = 1000
    const x = sobolPoints(n, d, { scramble: false })
    expect(Array.from(x.subarray(0, 4))).toEqual([0, 0, 0, 0])
    expect(Array.from(x.subarray(2 * d, 2 * d + 3))).toEqual([0.75, 0.25, 0.25])
    const sums = Array.from({ length: d }, (_, k) => {
      let s = 0
      for (let i = 0; i < n; i++) s += (i + 1) * Math.round(x[i * d + k] * 2 ** 30)
      return s
    })
    expect(sums).toEqual(SCIPY_WEIGHTED_SUMS)
  })

  it('keeps the balance of the first 2^k points after scrambling', () => {
    const d = 21
    const n = 256
    const x = sobolPoints(n, d, { seed: 7 })
    // One point in each of the n equal intervals of every coordinate.
    for (let k = 0; k < d; k++) expect(cellCounts(x, n, d, k, k, n, 1).every((c) => c === 1)).toBe(true)
    // Dimensions 1 and 2 form a (0, m, 2)-net: every dyadic box of area 1/n holds exactly one point.
    for (const [bi, bj] of [[16, 16], [2, 128], [64, 4]]) expect(cellCounts(x, n, d, 0, 1, bi, bj).every((c) => c === 1)).toBe(true)
  })

  it('gives independent scramblings per seed and repeats for the same seed', () => {
    const a = sobolPoints(64, 5, { seed: 1 })
    expect(sobolPoints(64, 5, { seed: 1 })).toEqual(a)
    const b = sobolPoints(64, 5, { seed: 2 })
    expect(b).not.toEqual(a)
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...a)).toBeLessThan(1)
  })

  it('refuses more dimensions than the table holds, naming the limit', () => {
    expect(() => sobolPoints(8, 129)).toThrow(/1 to 128/)
  })
})
