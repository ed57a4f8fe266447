import { describe, expect, it } from 'vitest'
import { formatMessage } from '../messages'
import type { TableRow } from '../schemas/compare'
import { parseFilter } from './filter'
import { decodeRunsTable, encodeRunsTable } from './table-columns'

const summary = (last: number | null, min = last, max = last) => ({ last, lastStep: 10, min, max, count: 3 })

function row(id: number, overrides: Partial<TableRow> = {}): TableRow {
  return {
    id, name: `run-${id}`, status: 'finished', experimentId: 1, experimentName: 'baseline', studyId: null, trainer: 'mlp',
    tags: [], notes: '', createdAt: 0, endedAt: null, source: null, params: {}, metrics: {}, ...overrides
  }
}

const rows: TableRow[] = [
  row(1, { name: 'lr-small', tags: ['base'], params: { 'optimizer.name': 'adamw', 'optimizer.lr': 1e-4, 'model.layers': '4' }, metrics: { 'val/loss': summary(0.3, 0.2, 0.9), 'val/acc': summary(0.8, 0.5, 0.85) } }),
  row(2, { name: 'lr-big', params: { 'optimizer.name': 'sgd', 'optimizer.lr': 1e-2, 'training.shuffle': true }, metrics: { 'val/loss': summary(0.4) } }),
  row(3, { name: 'wide', status: 'pruned', studyId: 7, tags: ['baseline', 'wide'], params: { 'optimizer.name': 'adamw', 'optimizer.lr': 3e-3 }, metrics: { 'val/loss': summary(0.45) } }),
  row(4, { name: 'diverged', status: 'diverged', params: { 'optimizer.name': 'sgd', 'optimizer.lr': 1 }, metrics: { 'val/loss': summary(null, 0.5, 2) } }),
  row(5, { name: '宽模型', experimentId: 2, experimentName: 'other', trainer: 'text-classifier', source: 'mlflow:/tmp/mlflow.db#run=ab', params: { 'optimizer.name': 'adamw' } })
]

// The same rows as the runs table decodes them from the wire: each filter must keep the same ones.
const decoded = decodeRunsTable(encodeRunsTable({ rows, paramKeys: [], metricNames: [], goals: {} })).rows

const ids = (text: string, goals = {}) => {
  const result = parseFilter(text, { goals })
  if (!result.ok) throw new Error(`${text}: ${formatMessage('en', result.error.message)} at ${result.error.position}`)
  const kept = rows.filter(result.test).map((r) => r.id)
  expect(decoded.filter(result.test).map((r) => r.id)).toEqual(kept)
  return kept
}

const error = (text: string) => {
  const result = parseFilter(text)
  if (result.ok) throw new Error(`${text} parsed`)
  return { position: result.error.position, code: result.error.message.code, en: formatMessage('en', result.error.message), zh: formatMessage('zh-CN', result.error.message) }
}

describe('parseFilter: what a filter keeps', () => {
  it.each([
    ["metrics.val/loss < 0.5 and (params.optimizer.name = 'adamw' or params.optimizer.lr >= 1e-3) and status != pruned", [1, 2]],
    ["name ~ '^lr'", [1, 2]],
    ["tags ~ 'base'", [1, 3]],
    ["tags = 'base'", [1]],
    ["tags != 'base'", [2, 3, 4, 5]],
    ['status in (finished, pruned)', [1, 2, 3, 5]],
    ['status not in (finished, pruned)', [4]],
    ["not (params.optimizer.name = 'adamw')", [2, 4]],
    ['not not id = 2', [2]],
    ['id >= 2 and id < 4 or id = 5', [2, 3, 5]],
    ['id >= 2 and (id < 4 or id = 5)', [2, 3, 5]],
    ['id = 1 or id = 2 and id = 3', [1]],
    ['params.optimizer.lr > 1e-3', [2, 3, 4]],
    ['params.optimizer.lr <= .01', [1, 2, 3]],
    ['params.optimizer.lr = 1E-2', [2]],
    ['id > -1 and id < +3', [1, 2]],
    // A missing field compares false, != included: run 5 has no val/loss, 4's last is NaN.
    ['metrics.val/loss != 0.3', [2, 3]],
    ['metrics.val/loss >= 0', [1, 2, 3]],
    ['metrics.val/loss.min <= 0.2', [1]],
    ['metrics.val/loss.max >= 2', [4]],
    ['metrics.val/loss.last = 0.4', [2]],
    ['metrics.val/acc.best > 0.84', [1]],
    ['params.model.layers = 4', [1]],
    ["params.model.layers = '4'", [1]],
    ['params.model.layers > 3', [1]],
    ['params.training.shuffle = true', [2]],
    ['params.training.shuffle != false', [2]],
    ["experiment = 'other'", [5]],
    ['study = 7', [3]],
    ['trainer = text-classifier', [5]],
    ["source ~ '^mlflow:'", [5]],
    ["name = '宽模型'", [5]],
    ['name = "lr-big"', [2]],
    ["name = 'it\\'s'", []],
    ["name < 'lr-c'", [2, 4]],
    ['status = pruned AND NOT id = 1 Or id = 1', [1, 3]],
    ['   ', [1, 2, 3, 4, 5]],
    ['', [1, 2, 3, 4, 5]]
  ])('%s', (text, expected) => {
    expect(ids(text as string, { 'val/acc': 'max' })).toEqual(expected)
  })

  it('has no best without a goal for the metric', () => {
    expect(ids('metrics.val/acc.best > 0', {})).toEqual([])
    expect(ids('metrics.val/loss.best <= 0.2', { 'val/loss': 'min' })).toEqual([1])
  })
})

describe('parseFilter: where a malformed filter goes wrong', () => {
  it.each([
    ['metrics.val/loss <', 18, 'compare.filter.expectedValue'],
    ['metrics.val/loss 0.5', 17, 'compare.filter.expectedOperator'],
    ['bogus = 1', 0, 'compare.filter.unknownField'],
    ['id = 1 and name.first = 2', 11, 'compare.filter.unknownField'],
    ['params. = 1', 0, 'compare.filter.emptyKey'],
    ["name = 'abc", 7, 'compare.filter.unterminatedString'],
    ['id = 1e-3x', 5, 'compare.filter.badNumber'],
    ['id = 1.2.3', 5, 'compare.filter.badNumber'],
    ['(id = 1 or id = 2', 0, 'compare.filter.unclosedParen'],
    ['id = 1)', 6, 'compare.filter.unexpectedChar'],
    ['id = 1 id = 2', 7, 'compare.filter.trailing'],
    ['id = 1 and', 10, 'compare.filter.expectedField'],
    ['and id = 1', 0, 'compare.filter.expectedField'],
    ['id = 1 or or id = 2', 10, 'compare.filter.expectedField'],
    ['name ~ lr', 7, 'compare.filter.expectedRegex'],
    ["name ~ '(lr'", 7, 'compare.filter.badRegex'],
    ['status in finished', 10, 'compare.filter.expectedToken'],
    ['status in (finished pruned)', 20, 'compare.filter.expectedToken'],
    ['status in ()', 11, 'compare.filter.expectedValue'],
    ['id = 1 && id = 2', 7, 'compare.filter.unexpectedChar'],
    ['id ! 2', 3, 'compare.filter.unexpectedChar'],
    ['()', 1, 'compare.filter.expectedField'],
    ['not', 3, 'compare.filter.expectedField'],
    ['id = and', 5, 'compare.filter.expectedValue'],
    ['name = 3 4', 9, 'compare.filter.trailing']
  ])('%s → position %i, %s', (text, position, code) => {
    expect(error(text as string)).toMatchObject({ position, code })
  })

  it('words every error in English and Chinese, naming what it found', () => {
    const e = error('metrics.val/loss 0.5')
    expect(e.en).toBe('expected a comparison (=, !=, <, <=, >, >=, in, not in, ~) after metrics.val/loss but found “0.5”')
    expect(e.zh).toContain('metrics.val/loss')
    expect(error('id =').en).toBe('expected a value (a number, a quoted text or a word) but found the end of the filter')
    expect(error('id =').zh).toContain('筛选条件的末尾')
    expect(error('colour = red').en).toContain('unknown field “colour”; fields are params.<key>, metrics.<name>, name, tags')
  })
})

describe('parseFilter at scale', () => {
  it('compiles once and tests 20,000 rows', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => row(i + 1, { params: { 'optimizer.lr': 10 ** (-(i % 5)) }, metrics: { 'val/loss': summary((i % 100) / 100) } }))
    const result = parseFilter('metrics.val/loss < 0.5 and params.optimizer.lr >= 1e-3')
    expect(result.ok && many.filter(result.test).length).toBe(20_000 * 0.5 * 0.8)
  })
})
