import { describe, expect, it } from 'vitest'
import { decodeRunsTable, encodeRunsTable, withFields } from '../../../shared/compare/table-columns'
import { tableFixture, tableRow } from '../testing/table-fixtures'
import { allColumns, cellValue, columnValues, differingColumns, metricId, paramId, sortOrder, type Column, type ValueContext } from './runs-table-columns'
import { groupRows } from './runs-table-groups'

const data = tableFixture()
const ctx: ValueContext = { value: 'last', goals: data.goals, atStep: {} }
const all = data.rows.map((_, i) => i)
const ids = (order: number[]) => order.map((i) => data.rows[i].id)
const loss = { id: metricId('val/loss'), kind: 'metric' as const, key: 'val/loss' }
const valuesOf = (col: Column) => columnValues(data.rows, col, ctx)

describe('runs table columns', () => {
  it('sorts numbers numerically with missing values last in both directions', () => {
    expect(ids(sortOrder(valuesOf(loss), all, 'asc'))).toEqual([1, 2, 3, 4, 5, 6])
    expect(ids(sortOrder(valuesOf(loss), all, 'desc'))).toEqual([5, 4, 3, 2, 1, 6])
    // 10 after 9, not between 1 and 2 as text would have it.
    const rows = [tableRow(1, { n: 10 }, {}), tableRow(2, { n: 9 }, {}), tableRow(3, { n: 100 }, {})]
    expect(sortOrder(columnValues(rows, { id: paramId('n'), kind: 'param', key: 'n' }, ctx), [0, 1, 2], 'asc').map((i) => rows[i].id)).toEqual([2, 1, 3])
  })

  it('reads last, best by goal, min, max and the value at a step', () => {
    const row = data.rows[0]
    const acc = { id: metricId('val/accuracy'), kind: 'metric' as const, key: 'val/accuracy' }
    expect(cellValue(row, loss, { ...ctx, value: 'best' })).toBeCloseTo(0.1)
    expect(cellValue(row, acc, { ...ctx, value: 'best' })).toBeCloseTo(1.0)
    expect(cellValue(row, acc, { ...ctx, value: 'min' })).toBeCloseTo(0.8)
    expect(cellValue(row, loss, { ...ctx, value: 'step', atStep: { 'val/loss': { '1': 0.25 } } })).toBe(0.25)
    expect(cellValue(data.rows[1], loss, { ...ctx, value: 'step', atStep: { 'val/loss': { '1': 0.25 } } })).toBeNull()
  })

  it('reads a decoded table by column exactly as row by row, for every column and value, edited rows too', () => {
    const decoded = decodeRunsTable(encodeRunsTable(data))
    const rows = decoded.rows.map((r, i) => (i === 1 ? withFields(r, { notes: 'edited' }) : r))
    const byRow = (list: typeof rows, col: Column, c: ValueContext) => list.map((r) => cellValue(r, col, c))
    for (const col of allColumns(data.paramKeys, data.metricNames)) {
      for (const value of ['last', 'best', 'min', 'max'] as const) {
        const c = { ...ctx, value }
        expect(columnValues(rows, col, c)).toEqual(byRow(rows, col, c))
        // Rows out of the decoded order are read one by one, still alike.
        const reversed = [...rows].reverse()
        expect(columnValues(reversed, col, c)).toEqual(byRow(reversed, col, c))
      }
    }
    // The fixture's rows read as the decoded ones do.
    expect(columnValues(rows, loss, ctx)).toEqual(valuesOf(loss))
  })

  it('keeps only the columns that differ among the shown rows', () => {
    const cols = allColumns(data.paramKeys, data.metricNames)
    expect(differingColumns(all, cols, valuesOf).map((c) => c.id)).toEqual(['name', 'status', 'p:optimizer.name', 'p:seed', 'm:val/accuracy', 'm:val/loss', 'tags'])
    // Among the adamw runs of seed 1 and 2 only the seed and the metrics differ.
    expect(differingColumns([0, 1], cols, valuesOf).map((c) => c.id)).toEqual(['name', 'p:seed', 'm:val/accuracy', 'm:val/loss'])
  })

  it('groups by a param with n, mean, sample std and a t-based 95% interval', () => {
    const groups = groupRows(all, [{ id: paramId('optimizer.name'), kind: 'param', key: 'optimizer.name' }], [loss], valuesOf)
    expect(groups.map((g) => [g.values, g.rows.length])).toEqual([
      [['adamw'], 3],
      [['sgd'], 3]
    ])
    const s = groups[0].stats[loss.id]
    expect(s.n).toBe(3)
    expect(s.mean).toBeCloseTo(0.3)
    expect(s.std).toBeCloseTo(0.1)
    // t(0.975, 2) = 4.3027: 0.3 ± 4.3027 × 0.1 / √3.
    expect(s.ci95[0]).toBeCloseTo(0.3 - (4.3027 * 0.1) / Math.sqrt(3), 3)
    // The diverged run has no loss: the sgd group's statistics use the two that do.
    expect(groups[1].stats[loss.id].n).toBe(2)
    expect(groups[1].stats[loss.id].mean).toBeCloseTo(0.6)
  })
})
