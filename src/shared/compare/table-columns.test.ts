import { describe, expect, it } from 'vitest'
import { RunsTableColumns, type RunsTable, type TableRow } from '../schemas/compare'
import { decodeBinaryBody, encodeBinaryBody, withArraysAsLists } from '../binary-body'
import { decodeRunsTable, encodeRunsTable, metricOf, paramOf, withFields } from './table-columns'

function row(id: number, overrides: Partial<TableRow> = {}): TableRow {
  return {
    id, name: `run-${id}`, status: 'finished', experimentId: 1, experimentName: 'a', studyId: null, trainer: 'mlp',
    tags: [], notes: '', createdAt: 1000 + id, endedAt: null, source: null, params: {}, metrics: {}, ...overrides
  }
}

const table: RunsTable = {
  rows: [
    // A param that is a number in one run and text in another, a boolean, a null, one a run lacks.
    row(3, { name: '宽模型', tags: ['base', 'lr'], notes: 'first', studyId: 7, params: { lr: 0.001, width: 64, shuffle: true, dropout: null }, metrics: { 'val/loss': { last: 0.25, lastStep: 30, min: 0.2, max: 0.9, count: 4 } } }),
    row(8, { status: 'pruned', experimentId: 2, experimentName: 'b', endedAt: 5000, source: 'optuna:/tmp/o.db#trial=1', params: { lr: 1e-300, width: '64-wide' }, metrics: { 'val/loss': { last: null, lastStep: 2, min: null, max: null, count: 1 }, 'val/acc': { last: 0.5, lastStep: 0, min: 0.5, max: 0.5, count: 1 } } }),
    row(9)
  ],
  paramKeys: ['dropout', 'lr', 'shuffle', 'width'],
  metricNames: ['val/acc', 'val/loss'],
  goals: { 'val/loss': 'min' }
}

// A null param reads as none: the row has no such key.
const expected = table.rows.map((r) => ({ ...r, params: Object.fromEntries(Object.entries(r.params).filter(([, v]) => v !== null)) }))

describe('the runs table by column', () => {
  it('round-trips rows through the wire form, its binary body and its JSON, every value exact', () => {
    const wire = encodeRunsTable(table)
    expect(RunsTableColumns.parse(wire)).toEqual(wire)
    // The chunks as one body in a buffer of its own, as fetch gives it.
    const overBinary = decodeRunsTable(decodeBinaryBody(new Uint8Array(Buffer.concat(encodeBinaryBody(wire)!)).buffer) as RunsTableColumns)
    const overJson = decodeRunsTable(JSON.parse(JSON.stringify(withArraysAsLists(wire))) as RunsTableColumns)
    // IPC (ipcMain.handle, then the context bridge) copies by structured clone, typed arrays kept.
    const overIpc = decodeRunsTable(structuredClone(wire))
    expect(overIpc.columns.params.lr).toBeInstanceOf(Float64Array)
    for (const back of [decodeRunsTable(wire), overBinary, overJson, overIpc]) {
      expect(back.rows.map((r) => JSON.parse(JSON.stringify(r)) as TableRow)).toEqual(expected)
      expect({ paramKeys: back.paramKeys, metricNames: back.metricNames, goals: back.goals }).toEqual({ paramKeys: table.paramKeys, metricNames: table.metricNames, goals: table.goals })
      // Numbers travel as float64: the smallest and the most precise come back as they were.
      expect(back.rows[1]!.params.lr).toBe(1e-300)
    }
    expect(wire.params.width).toEqual({ values: [64, '64-wide', null] })
    expect(Object.keys(wire.params.lr!)).toEqual(['f64'])
  })

  it('sends a column of numbers as float64, exactly', () => {
    const lrs = [0.00031622776601683794, 1 / 3, Math.PI * 1e-5]
    const wire = encodeRunsTable({ rows: lrs.map((lr, i) => row(i + 1, { params: { lr } })), paramKeys: ['lr'], metricNames: [], goals: {} })
    expect(Object.keys(wire.params.lr!)).toEqual(['f64'])
    expect(decodeRunsTable(JSON.parse(JSON.stringify(withArraysAsLists(wire))) as RunsTableColumns).rows.map((r) => r.params.lr)).toEqual(lrs)
  })

  it('reads one param or metric from the columns as the made row does, before and after it is made', () => {
    const rows = decodeRunsTable(encodeRunsTable(table)).rows
    const reads = (r: TableRow) => [paramOf(r, 'lr'), paramOf(r, 'width'), paramOf(r, 'dropout'), paramOf(r, 'nope'), metricOf(r, 'val/loss', 'last'), metricOf(r, 'val/loss', 'count'), metricOf(r, 'val/acc', 'max')]
    const before = rows.map(reads)
    expect(before).toEqual([
      [0.001, 64, undefined, undefined, 0.25, 4, undefined],
      [1e-300, '64-wide', undefined, undefined, null, 1, 0.5],
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined]
    ])
    rows.forEach((r) => void [r.params, r.metrics])
    expect(rows.map(reads)).toEqual(before)
    expect(rows.map((r) => [r.params.lr, r.metrics['val/loss']?.last, r.metrics['val/acc']?.max])).toEqual(before.map((b) => [b[0], b[4], b[6]]))
  })

  it('keeps a decoded row whole when an edit changes its tags', () => {
    const [first] = decodeRunsTable(encodeRunsTable(table)).rows
    const edited = withFields(first!, { tags: ['kept'], notes: 'edited' })
    expect(edited).not.toBe(first)
    expect(JSON.parse(JSON.stringify(edited))).toEqual({ ...expected[0], tags: ['kept'], notes: 'edited' })
    expect(first!.tags).toEqual(['base', 'lr'])
  })

  it('refuses a metric column whose length does not match the runs', () => {
    const wire = encodeRunsTable(table)
    wire.metrics['val/acc']!.values = new Float64Array(7)
    expect(() => decodeRunsTable(wire)).toThrow('the metric column "val/acc" does not hold one value of each kind for each of the 3 runs')
    // Float64Arrays written with plain JSON.stringify (objects of indices) are refused, not read as empty columns.
    expect(() => decodeRunsTable(JSON.parse(JSON.stringify(encodeRunsTable(table))) as RunsTableColumns)).toThrow('the column "lr" is neither a Float64Array nor a list of numbers')
  })
})
