import type { AnalysisColumns, AnalysisResult } from '../../../shared/api'

type Pair = NonNullable<AnalysisResult['pairs']>[number]

/**
 * A pair as the engine sends it. The contract's catchall types every other key as a number, which
 * TypeScript also applies to `params` itself, so a literal needs the cast.
 */
export const pair = (params: [string, string], indices: Record<string, number | null>): Pair => ({ params, ...indices }) as Pair

/** A Saltelli table of three parameters (one on a log scale) and two metrics. */
export function columnsFixture(over: Partial<AnalysisColumns> = {}): AnalysisColumns {
  return {
    rows: 640,
    columns: [
      { name: 'lr', kind: 'float', log: true, count: 640, isMetric: false },
      { name: 'layers', kind: 'int', log: false, count: 640, isMetric: false },
      { name: 'dropout', kind: 'float', log: false, count: 640, isMetric: false },
      { name: 'val_loss', kind: 'float', log: false, count: 640, isMetric: true },
      { name: 'val_accuracy', kind: 'float', log: false, count: 640, isMetric: true }
    ],
    constants: [],
    design: 'saltelli',
    suggestedMethod: 'sobol',
    suggestedTarget: 'val_loss',
    ...over
  }
}

/**
 * A Sobol result as `analyze --json` prints it: `dropout`'s first-order estimate is negative with
 * an interval across 0, as small indices often are.
 */
export function sobolResultFixture(over: Partial<AnalysisResult> = {}): AnalysisResult {
  return {
    method: 'sobol',
    target: 'val_loss',
    goal: 'min',
    n: 640,
    seed: 7,
    params: [
      { name: 'lr', S1: 0.31, S1_lo: 0.28, S1_hi: 0.34, ST: 0.56, ST_lo: 0.52, ST_hi: 0.6 },
      { name: 'layers', S1: 0.44, S1_lo: 0.41, S1_hi: 0.47, ST: 0.45, ST_lo: 0.42, ST_hi: 0.48 },
      { name: 'dropout', S1: -0.004, S1_lo: -0.02, S1_hi: 0.012, ST: 0.24, ST_lo: 0.21, ST_hi: 0.27 }
    ],
    pairs: [
      pair(['lr', 'layers'], { S2: 0.01, S2_lo: -0.02, S2_hi: 0.04 }),
      pair(['lr', 'dropout'], { S2: 0.24, S2_lo: 0.2, S2_hi: 0.28 })
    ],
    warnings: ['4 line(s) have no value for val_loss and were left out (line 12, 40, 77, 91).', 'One scrambled design, the accurate default: …'],
    notices: [
      { code: 'rowsDropped', params: { count: 4, where: 'line', target: 'val_loss', rows: '12, 40, 77, 91' }, message: 'English for JSON readers' },
      { code: 'sobolSingleDesign', params: { n: 640, replicates: 8 }, message: 'English for JSON readers' }
    ],
    constants: [],
    tiers: [
      { name: 'lr', tier: 'high', basis: 'ST', importance: 0.56, importance_lo: 0.52, importance_hi: 0.6, low: 0.001, high: 0.01, best: 0.003 },
      { name: 'layers', tier: 'high', basis: 'ST', importance: 0.45, importance_lo: 0.42, importance_hi: 0.48, low: 2, high: 4, best: 3 },
      { name: 'dropout', tier: 'high', basis: 'ST', importance: 0.24, importance_lo: 0.21, importance_hi: 0.27, low: 0, high: 0.2, widened: true, best: 0.1 }
    ],
    noise: null,
    rows: {
      names: ['lr', 'layers', 'dropout'],
      // In the sampled measure: log10 of the learning rate.
      values: [
        [-3, 1, 0.1],
        [-2, 2, 0.3],
        [-4, 4, 0]
      ],
      target: [0.5, 0.3, 0.9]
    },
    overTraining: null,
    ...over
  }
}
