import type { AnalysisColumns, AnalysisMethod } from '../../../../shared/schemas/analysis'
import { tableFromRows } from '../table'
import { isMissing, numericCells, type SourceRows } from './load-source'
import { defaultParams, heldConstant, hintsFor, isConstant } from './prepare-table'
import { recogniseDesign, unitColumns, type Recognised } from './recognise'

/** The target to offer first: a validation metric, then any loss, then the first metric. */
function suggestTarget(src: SourceRows): string | null {
  const numeric = [...src.metrics].filter((m) => numericCells(src.rows, m) !== null && !m.includes('@'))
  if (src.preferredTarget && numeric.includes(src.preferredTarget)) return src.preferredTarget
  return numeric.find((m) => /^val/i.test(m) && /loss/i.test(m)) ?? numeric.find((m) => /^val/i.test(m)) ?? numeric.find((m) => /loss/i.test(m)) ?? numeric[0] ?? null
}

/**
 * The method that fits the rows: each design's own estimator; a small table on a few levels per
 * parameter (a central composite or Box–Behnken design) gets the response surface; other samples
 * get the forest's functional ANOVA, or plain correlation when they are too few for a forest.
 */
function suggestMethod(rec: Recognised, levelCounts: number[], rows: number): AnalysisMethod {
  if (rec.design === 'saltelli') return 'sobol'
  if (rec.design === 'morris') return 'morris'
  if (rec.design === 'oat') return 'oat'
  const k = levelCounts.length
  const terms = 1 + 2 * k + (k * (k - 1)) / 2
  if (k > 0 && rows < 100 && rows > terms && levelCounts.every((c) => c >= 3 && c <= 5)) return 'surface'
  return rows >= 30 ? 'fanova' : 'correlation'
}

export function describeColumns(src: SourceRows): AnalysisColumns {
  const target = suggestTarget(src)
  const params = defaultParams(src, target).filter((c) => !isConstant(src, c))
  const hints = hintsFor(src, params, null)
  let design: Recognised = { design: 'other' }
  let levelCounts: number[] = []
  if (target && params.length > 0) {
    try {
      const table = tableFromRows(src.rows, { target, params, hints })
      const { unit, continuous } = unitColumns(table.params, null)
      design = recogniseDesign(table.params, unit, continuous)
      levelCounts = table.params.map((p) => (p.kind === 'categorical' ? -1 : new Set(p.values as Float64Array).size))
    } catch {
      // A column the table refuses (text in a number column) only costs the suggestion; the run
      // call reports it with its line.
    }
  }
  return {
    rows: src.rows.length,
    columns: src.columns.map((name) => {
      const hint = src.hints[name]
      const nums = numericCells(src.rows, name)
      const categorical = nums === null || hint?.type === 'choice' || hint?.type === 'bool' || hint?.type === 'categorical'
      const kind = categorical ? 'categorical' : hint?.type === 'int' || hint?.type === 'float' ? hint.type : nums.every(Number.isInteger) ? 'int' : 'float'
      return {
        name,
        kind,
        log: !categorical && (hints[name] ?? hint)?.log === true,
        count: src.rows.reduce((n, r) => n + (isMissing(r[name]) ? 0 : 1), 0),
        isMetric: src.metrics.has(name)
      }
    }),
    // Seeds and identifiers included: a seed held fixed is listed with the other constants.
    constants: src.columns.filter((c) => !src.metrics.has(c) && isConstant(src, c)).map((c) => heldConstant(src, c)),
    design: design.design,
    suggestedMethod: suggestMethod(design, levelCounts, src.rows.length),
    suggestedTarget: target
  }
}
