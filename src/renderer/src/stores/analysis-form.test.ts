import { describe, expect, it } from 'vitest'
import { columnsFixture } from '../testing/analysis-fixtures'
import { buildRequest, formDefaults, guessGoal, methodFits, newRequestId, paramColumns, seedProblem, targetColumns } from './analysis-form'

describe('analysis form', () => {
  it('starts from the suggested target and method, with every parameter on', () => {
    expect(formDefaults(columnsFixture())).toEqual({ target: 'val_loss', goal: 'min', params: ['lr', 'layers', 'dropout'], method: 'sobol', seed: '' })
    // Seeds and ids are offered but not chosen.
    const cols = columnsFixture()
    cols.columns.push({ name: 'seed', kind: 'int', log: false, count: 640, isMetric: false }, { name: 'run_id', kind: 'int', log: false, count: 640, isMetric: false })
    expect(formDefaults(cols).params).toEqual(['lr', 'layers', 'dropout'])
    // Without a suggestion: the first metric.
    expect(formDefaults(columnsFixture({ suggestedTarget: null, suggestedMethod: 'fanova' })).target).toBe('val_loss')
  })

  it('offers the numeric metrics as targets, and other numeric columns only when no column is a metric', () => {
    const cols = columnsFixture()
    cols.columns.push({ name: 'optimizer', kind: 'categorical', log: false, count: 640, isMetric: false })
    expect(targetColumns(cols)).toEqual(['val_loss', 'val_accuracy'])
    const bare = columnsFixture({ columns: cols.columns.map((c) => ({ ...c, isMetric: false })) })
    expect(targetColumns(bare)).toEqual(['lr', 'layers', 'dropout', 'val_loss', 'val_accuracy'])
  })

  it('neither offers nor preselects a column held constant', () => {
    const cols = columnsFixture({ constants: [{ name: 'layers', value: 2 }] })
    expect(paramColumns(cols, 'val_loss')).toEqual(['lr', 'dropout'])
    expect(formDefaults(cols).params).toEqual(['lr', 'dropout'])
  })

  it('guesses the direction from the metric name', () => {
    expect(['val/loss', 'error_rate', 'train_time'].map(guessGoal)).toEqual(['min', 'min', 'min'])
    expect(['val/accuracy', 'AUC', 'f1_macro', 'r2'].map(guessGoal)).toEqual(['max', 'max', 'max', 'max'])
  })

  it('allows Sobol and Morris only on their own designs', () => {
    expect(methodFits('sobol', 'saltelli')).toBe(true)
    expect(methodFits('sobol', 'other')).toBe(false)
    expect(methodFits('morris', 'saltelli')).toBe(false)
    expect(methodFits('fanova', 'morris')).toBe(true)
  })

  it('builds the request with the chosen parameters in column order and a seed only when given', () => {
    const cols = columnsFixture()
    const form = { target: 'val_accuracy', goal: 'max' as const, params: ['dropout', 'lr'], method: 'fanova' as const, seed: '' }
    const source = { kind: 'csv' as const, path: '/r.csv' }
    expect(buildRequest('r1', source, cols, form)).toEqual({ requestId: 'r1', source, target: 'val_accuracy', goal: 'max', method: 'fanova', params: ['lr', 'dropout'] })
    expect(buildRequest('r1', source, cols, { ...form, seed: ' 12 ' }).seed).toBe(12)
    expect([' ', '0', '12'].map(seedProblem)).toEqual([null, null, null])
    expect(['-1', '1.5', 'x'].map(seedProblem)).toEqual(['seed', 'seed', 'seed'])
    expect(newRequestId()).not.toBe(newRequestId())
  })
})
