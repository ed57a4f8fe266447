import { AppError } from '../../../shared/errors'
import { encodeColumn } from './encode'
import { chiSquareQuantile } from './stats/chi-square'
import type { ResultTable } from './table'

/**
 * The seed-noise floor. Rows that repeat one configuration over seeds give the seed-to-seed
 * standard deviation, pooled over configurations, with the chi-square interval of a normal
 * variance. Each parameter's effect is the standard deviation of its main effect over the
 * configuration means (their mean per level, or per quantile bin for numbers), with the part that
 * seed noise alone would give subtracted; an effect below one noise std cannot be told apart from
 * re-running with another seed, and is flagged.
 *
 * Only repeats that differ in seed measure seed noise. Where the table knows each row's seed,
 * rows of one configuration with the same seed count once (their mean); if they agree exactly the
 * configuration is deterministic, if not the runs are not deterministic, and both are reported
 * rather than read as σ = 0. Where it does not know the seeds, a configuration whose repeats all
 * agree exactly is taken as deterministic repeats of one seed, not as evidence of zero noise.
 */
export interface NoiseParam {
  name: string
  /** Main-effect std of the parameter, corrected for noise in the level means. */
  effect: number
  ratio: number
  below_floor: boolean
}

export interface NoiseResult {
  method: 'noise'
  target: string
  n: number
  configurations: number
  repeated: number
  df: number
  noise_sd: number
  noise_sd_lo: number
  noise_sd_hi: number
  params: NoiseParam[]
  /** Configurations repeated with one seed that gave identical results. */
  deterministic: number
  /** Configurations repeated with one seed that did not, and the spread among those repeats. */
  nondeterministic: number
  nondeterministic_sd: number
}

export interface Repeats {
  /** Per configuration the rows that stand for its distinct seeds (a same-seed group's first row). */
  groups: number[][]
  /** Per configuration, per distinct seed, the mean target over its same-seed rows. */
  means: number[][]
  deterministic: number
  nondeterministic: number
  nondeterministicSd: number
}

/** Groups rows by configuration and, within one, by seed (see the note above noiseFloor). */
export function repeatsOf(table: ResultTable): Repeats {
  const keys = table.groupKey
  if (!keys) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: 'the table carries no configuration keys' }])
  const y = table.target
  const configs = new Map<string, Map<string, number[]>>()
  keys.forEach((k, i) => {
    const bySeed = configs.get(k) ?? new Map<string, number[]>()
    const seed = table.seedKey ? table.seedKey[i] : `row ${i}`
    bySeed.set(seed, [...(bySeed.get(seed) ?? []), i])
    configs.set(k, bySeed)
  })
  const out: Repeats = { groups: [], means: [], deterministic: 0, nondeterministic: 0, nondeterministicSd: 0 }
  let ss = 0
  let df = 0
  for (const bySeed of configs.values()) {
    const seeds = [...bySeed.values()]
    const means = seeds.map((rows) => rows.reduce((s, i) => s + y[i], 0) / rows.length)
    // Spread among rows that share configuration and seed: none at all means deterministic.
    let within = 0
    let withinDf = 0
    seeds.forEach((rows, s) => {
      within += rows.reduce((a, i) => a + (y[i] - means[s]) ** 2, 0)
      withinDf += rows.length - 1
    })
    if (withinDf > 0 && within === 0) out.deterministic++
    if (withinDf > 0 && within > 0) {
      out.nondeterministic++
      ss += within
      df += withinDf
    }
    if (!table.seedKey && seeds.length > 1 && means.every((m) => m === means[0])) {
      out.deterministic++
      out.groups.push([seeds[0][0]])
      out.means.push([means[0]])
      continue
    }
    out.groups.push(seeds.map((rows) => rows[0]))
    out.means.push(means)
  }
  out.nondeterministicSd = df > 0 ? Math.sqrt(ss / df) : 0
  return out
}

const BINS = 5

export function noiseFloor(table: ResultTable, level = 0.95): NoiseResult {
  const y = table.target
  const reps = repeatsOf(table)
  let ss = 0
  let df = 0
  let repeated = 0
  const cfgMean = new Float64Array(y.length)
  reps.means.forEach((seedMeans, g) => {
    const m = seedMeans.reduce((s, v) => s + v, 0) / seedMeans.length
    cfgMean[reps.groups[g][0]] = m
    if (seedMeans.length < 2) return
    repeated++
    ss += seedMeans.reduce((s, v) => s + (v - m) ** 2, 0)
    df += seedMeans.length - 1
  })
  if (df === 0) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'rows', message: 'no configuration is repeated with different seeds, so the seed-to-seed spread cannot be measured' }])
  const variance = ss / df
  const sd = Math.sqrt(variance)
  const alpha = 1 - level
  const lo = Math.sqrt((df * variance) / chiSquareQuantile(1 - alpha / 2, df))
  const hi = Math.sqrt((df * variance) / chiSquareQuantile(alpha / 2, df))

  // One point per configuration: its mean over seeds, and how many seeds it had.
  const first = reps.groups.map((rows) => rows[0])
  const seedCount = reps.groups.map((rows) => rows.length)
  const params = table.params.map((col): NoiseParam => {
    const f = encodeColumn(col)
    const level = new Int32Array(first.length)
    let levels: number
    if (f.kind === 'categorical') {
      first.forEach((i, g) => (level[g] = f.codes[i] + 1))
      levels = f.levels.length + 1
    } else {
      // Quantile bins of the configurations' values (inactive rows form bin 0).
      const vals = first.map((i) => f.x[i]).filter((v) => !Number.isNaN(v)).sort((a, b) => a - b)
      const cuts = Array.from({ length: BINS - 1 }, (_, q) => vals[Math.floor(((q + 1) * vals.length) / BINS)])
      first.forEach((i, g) => (level[g] = Number.isNaN(f.x[i]) ? 0 : 1 + cuts.filter((c) => f.x[i] >= c).length))
      levels = BINS + 1
    }
    const sum = new Float64Array(levels)
    const cnt = new Float64Array(levels)
    const seeds = new Float64Array(levels)
    first.forEach((i, g) => {
      sum[level[g]] += cfgMean[i]
      cnt[level[g]]++
      seeds[level[g]] += seedCount[g]
    })
    const total = cnt.reduce((a, b) => a + b, 0)
    const grand = sum.reduce((a, b) => a + b, 0) / total
    let between = 0
    let noiseShare = 0
    for (let l = 0; l < levels; l++) {
      if (cnt[l] === 0) continue
      between += (cnt[l] / total) * (sum[l] / cnt[l] - grand) ** 2
      // A level mean over `seeds[l]` noisy trials carries variance σ² / seeds[l] from noise alone.
      noiseShare += (cnt[l] / total) * (variance / seeds[l])
    }
    const effect = Math.sqrt(Math.max(0, between - noiseShare))
    return { name: col.name, effect, ratio: effect / sd, below_floor: effect < sd }
  })
  return {
    method: 'noise',
    target: table.targetName,
    n: y.length,
    configurations: reps.groups.length,
    repeated,
    df,
    noise_sd: sd,
    noise_sd_lo: lo,
    noise_sd_hi: hi,
    params,
    deterministic: reps.deterministic,
    nondeterministic: reps.nondeterministic,
    nondeterministic_sd: reps.nondeterministicSd
  }
}
