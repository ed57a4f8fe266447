import { describe, expect, it } from 'vitest'
import { sobolResultFixture } from '../testing/analysis-fixtures'
import { importanceRows, magnitude, mainIndices, naturalRows } from './analysis-indices'
import { buildContourOption, buildOverTrainingOption, gridPosition, overTrainingByName } from './heatmap-option'
import { buildImportanceOption, whiskerRenderer } from './importance-option'
import { buildParallelOption } from './parallel-option'
import { buildMorrisOption, buildSliceOption } from './scatter-option'

type Series = { id: string; type: string; data: unknown[] }
const seriesOf = (option: unknown) => (option as { series: Series[] }).series

describe('importance bars', () => {
  const spec = (result = sobolResultFixture()) => ({ ...importanceRows(result), indexLabel: (n: string) => n, consistentWithZero: 'consistent with 0' })

  it('draws S1 and ST side by side, most important on top, each with its interval whiskers', () => {
    const { option, bars } = buildImportanceOption(spec())
    expect(bars).toBe(3)
    // ECharts puts the first category at the bottom: reversed, layers (S1 0.44) is on top.
    expect((option as { yAxis: { data: string[] } }).yAxis.data).toEqual(['dropout', 'lr', 'layers'])
    const s = seriesOf(option)
    expect(s.map((x) => x.id)).toEqual(['bar-S1', 'whisker-S1', 'bar-ST', 'whisker-ST'])
    expect(s[0].data).toEqual([-0.004, 0.31, 0.44])
    // [lo, hi, category, value]: whiskers sit on their own bar.
    expect(s[1].data).toEqual([
      [-0.02, 0.012, 0, -0.004],
      [0.28, 0.34, 1, 0.31],
      [0.41, 0.47, 2, 0.44]
    ])
    expect(s[3].data).toContainEqual([0.21, 0.27, 0, 0.24])
  })

  it('keeps a negative estimate negative and says it is consistent with 0', () => {
    const { option } = buildImportanceOption(spec())
    expect(seriesOf(option)[0].data[0]).toBeLessThan(0)
    const tooltip = (option as { tooltip: { formatter: (items: Array<{ dataIndex: number }>) => string } }).tooltip
    expect(tooltip.formatter([{ dataIndex: 0 }])).toBe('dropout<br/>S1: -0.004 [-0.02, 0.012] · consistent with 0<br/>ST: 0.24 [0.21, 0.27]')
    expect(tooltip.formatter([{ dataIndex: 2 }])).not.toContain('consistent')
  })

  it('escapes parameter names in tooltips', () => {
    const result = sobolResultFixture({ params: [{ name: '<img src=x>', S1: 0.1, ST: 0.2 }] })
    const { option } = buildImportanceOption(spec(result))
    const tooltip = (option as { tooltip: { formatter: (items: Array<{ dataIndex: number }>) => string } }).tooltip
    expect(tooltip.formatter([{ dataIndex: 0 }])).toContain('&lt;img src=x&gt;')
  })

  it('places each whisker on the centre of its bar in the band', () => {
    const lines: Array<{ shape: { x1: number; y1: number; x2: number; y2: number } }> = []
    const api = {
      value: (d: number) => [0.2, 0.4, 1][d],
      coord: ([x, y]: [number, number]) => [x * 1000, y * 100] as [number, number],
      size: () => [0, 100] as [number, number],
      style: (s: Record<string, unknown>) => s
    }
    for (const k of [0, 1]) lines.push((whiskerRenderer(k, 2)(null, api) as { children: typeof lines }).children[0])
    // Band 100 px, bars take 70 px: centres at -17.5 and +17.5 around the category's y (100).
    expect(lines.map((l) => l.shape.y1)).toEqual([82.5, 117.5])
    expect(lines[0].shape).toMatchObject({ x1: 200, x2: 400 })
  })

  it('ranks correlations by |ρ| with the interval folded at 0', () => {
    const result = sobolResultFixture({
      method: 'correlation',
      params: [
        { name: 'a', spearman: -0.8, spearman_lo: -0.9, spearman_hi: -0.7, pearson: -0.7 },
        { name: 'b', spearman: 0.1, spearman_lo: -0.2, spearman_hi: 0.3, pearson: 0.1 }
      ]
    })
    expect(mainIndices(result)).toEqual(['spearman'])
    const rows = importanceRows(result).rows
    expect(rows[0]).toEqual({ name: 'a', indices: [{ value: 0.8, lo: 0.7, hi: 0.9 }] })
    expect(rows[1].indices[0]).toEqual({ value: 0.1, lo: 0, hi: 0.3 })
    expect(magnitude({ value: -0.1, lo: null, hi: null })).toEqual({ value: 0.1, lo: null, hi: null })
  })

  it('uses the first numeric index for methods without a fixed one', () => {
    expect(mainIndices({ method: 'surface', params: [{ name: 'x', linear: 0.5, linear_lo: 0.1, note: 'x' }] })).toEqual(['linear'])
    expect(mainIndices({ method: 'morris', params: [{ name: 'x', mu: 1, mu_star: 2, sigma: 0 }] })).toEqual(['mu_star'])
  })
})

describe('scatter, parallel and heatmaps', () => {
  it('places Morris parameters at (μ*, σ)', () => {
    const { option, points } = buildMorrisOption([{ name: 'a', mu: -2, mu_star: 2, mu_star_lo: 1.5, mu_star_hi: 2.5, sigma: 0.5 }, { name: 'b', mu_star: null, sigma: 1 }], { muStar: 'μ*', sigma: 'σ' })
    expect(points).toBe(1)
    expect(seriesOf(option)[0].data).toEqual([{ name: 'a', value: [2, 0.5, 1.5, 2.5] }])
  })

  it('slices on a log axis drop non-positive values, categories become a category axis', () => {
    const log = buildSliceOption([0.001, 0.01, 0, null], [1, 2, 3, 4], 'log', { param: 'lr', target: 'loss' })
    expect(log.points).toBe(2)
    expect((log.option as { xAxis: { type: string } }).xAxis.type).toBe('log')
    const cat = buildSliceOption(['sgd', 'adam', 'sgd'], [1, 2, 3], 'category', { param: 'opt', target: 'loss' })
    expect((cat.option as { xAxis: { data: string[] } }).xAxis.data).toEqual(['adam', 'sgd'])
    expect(seriesOf(cat.option)[0].data).toEqual([
      ['sgd', 1],
      ['adam', 2],
      ['sgd', 3]
    ])
  })

  it('draws parallel coordinates with the target last and coloured by it', () => {
    const result = sobolResultFixture()
    const rows = naturalRows(result.rows, (n) => n === 'lr')
    const round = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(12)) : v)
    expect(rows.values.map((r) => round(r[0]))).toEqual([0.001, 0.01, 0.0001])
    expect(naturalRows(result.rows, () => false)).toBe(result.rows)
    const dims = [
      { name: 'layers', axis: 'value' as const },
      { name: 'lr', axis: 'log' as const }
    ]
    const { option, points } = buildParallelOption(rows, dims, { target: 'val_loss', goal: 'min' })
    expect(points).toBe(3)
    expect((seriesOf(option)[0].data as unknown[][]).map((line) => line.map(round))).toEqual([
      [1, 0.001, 0.5],
      [2, 0.01, 0.3],
      [4, 0.0001, 0.9]
    ])
    const o = option as { visualMap: { dimension: number; min: number; max: number }; parallelAxis: Array<{ name: string; type: string }> }
    expect(o.visualMap).toMatchObject({ dimension: 2, min: 0.3, max: 0.9 })
    expect(o.parallelAxis.map((a) => [a.name, a.type])).toEqual([
      ['layers', 'value'],
      ['lr', 'log'],
      ['val_loss', 'value']
    ])
  })

  it('maps contour cells to (x[j], y[i]), leaves cells outside the runs blank, and places the runs between cells', () => {
    const contour = { params: ['lr', 'layers'] as [string, string], x: [1, 2], y: [10, 20, 30], z: [[1, 2], [3, null], [5, 6]], points: [[1.5, 25, 4]] as [number, number, number][], r2: 0.9, r2_cv: 0.7, region: 'hull' as const }
    const { option, points } = buildContourOption(contour, 'min', 'loss')
    expect(points).toBe(5)
    expect(seriesOf(option)[0].data).toContainEqual([0, 2, 5])
    expect(seriesOf(option)[1].data).toEqual([[0.5, 1.5, 4, 1.5, 25]])
    expect(gridPosition([1, 10, 100], 55)).toBe(1.5)
    expect(gridPosition([3, 2, 1], 2.5)).toBe(0.5)
    expect((option as { visualMap: { min: number; max: number } }).visualMap).toMatchObject({ min: 1, max: 6 })
  })

  it('reads importance over training per epoch and lays it out per parameter', () => {
    const ot = { epochs: [1, 2, 3], names: ['lr', 'layers'], values: [[0.9, 0.1], [0.7, 0.3], [0.5, 0.5]] }
    expect(overTrainingByName(ot)).toEqual([
      [0.9, 0.7, 0.5],
      [0.1, 0.3, 0.5]
    ])
    const { option, points } = buildOverTrainingOption(ot, 'epoch')
    expect(points).toBe(6)
    expect(seriesOf(option)[0].data).toContainEqual([2, 1, 0.5])
  })
})
