import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { tableFromRows, regimeNote } from './table'
import { hintsFromSchema, tableFromCsv, tableFromRuns } from './table-sources'

describe('tableFromRows', () => {
  it('infers kinds, takes log flags from hints and marks conditional rows', () => {
    const rows = [
      { lr: 0.001, layers: 2, opt: 'sgd', momentum: 0.9, loss: 1.5 },
      { lr: 0.01, layers: 3, opt: 'adam', momentum: '', loss: 1.2 },
      { lr: 0.1, layers: 1, opt: 'sgd', momentum: 0.5, loss: 2.0 }
    ]
    const t = tableFromRows(rows, { target: 'loss', hints: { lr: { type: 'float', log: true } } })
    expect(t.params.map((p) => [p.name, p.kind, p.log])).toEqual([
      ['lr', 'float', true],
      ['layers', 'int', false],
      ['opt', 'categorical', false],
      ['momentum', 'float', false]
    ])
    expect(t.params[3].active).toEqual([true, false, true])
    expect(regimeNote(t.params[3])).toBe('active in 2 of 3 rows')
    expect(regimeNote(t.params[0])).toBeNull()
    expect(Array.from(t.target)).toEqual([1.5, 1.2, 2.0])
  })

  it('names the column and row of every bad value', () => {
    const rows = [
      { lr: 0.1, loss: 1 },
      { lr: 'fast', loss: 2 },
      { lr: -1, loss: 3 }
    ]
    let err: unknown
    try {
      tableFromRows(rows, { target: 'loss', hints: { lr: { type: 'float', log: true } }, firstRow: 2 })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AppError)
    const issues = (err as AppError).details?.issues ?? []
    expect(issues).toContainEqual({ field: 'lr', message: 'row 3: "fast" is not a number' })
    expect(issues.some((i) => i.field === 'lr' && i.message.startsWith('row 4:') && i.message.includes('log scale'))).toBe(true)
  })

  it('reports rows without a target instead of dropping them silently, and rejects a missing column', () => {
    const t = tableFromRows([{ a: 1, y: 1 }, { a: 2, y: '' }, { a: 3, y: 3 }], { target: 'y' })
    expect(t.dropped).toEqual([{ row: 2, reason: 'no value for y' }])
    expect(() => tableFromRows([{ a: 1 }], { target: 'y' })).toThrow(/target: no column "y"/)
  })
})

describe('table sources', () => {
  it('reads a CSV and gives file line numbers', () => {
    const t = tableFromCsv('lr,seed,loss\n0.1,1,0.5\n0.2,2,\n0.3,3,0.7\n', 'r.csv', { target: 'loss', exclude: ['seed'] })
    expect(t.params.map((p) => p.name)).toEqual(['lr'])
    expect(t.dropped).toEqual([{ row: 3, reason: 'no value for loss' }])
  })

  it('builds a table over runs for one metric, with schema hints', () => {
    const runs = [1, 2, 3].map((id) => ({ id, seed: id, config: { 'optimizer.lr': 10 ** -id, 'model.act': id % 2 ? 'relu' : 'gelu' }, metrics: { loss: id, acc: 1 / id } }))
    const hints = hintsFromSchema([
      { key: 'optimizer.lr', group: 'optimizer', type: 'float', default: 0.001, log: true, min: 1e-6, max: 1, label: { en: '', 'zh-CN': '' }, help: { en: '', 'zh-CN': '' } }
    ])
    const t = tableFromRuns(runs, 'loss', hints)
    expect(t.params.map((p) => [p.name, p.kind, p.log, p.low])).toEqual([
      ['optimizer.lr', 'float', true, 1e-6],
      ['model.act', 'categorical', false, undefined]
    ])
    expect(t.targetName).toBe('metric:loss')
  })
})
