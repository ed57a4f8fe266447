import { describe, expect, it } from 'vitest'
import { irisColumns } from '../testing/dataset-fixtures'
import type { ColumnProfile } from '../../../shared/api'
import { defaultRoles, fieldOfIssue, inferTask, proposeVersion } from './use-version-form'

const col = (name: string, type: ColumnProfile['type'], distinct: number, missing = 0): ColumnProfile => ({ name, type, missing, distinct, distinctCapped: false })

describe('default roles', () => {
  it('make the last class-like column the target and numeric columns features for classification', () => {
    expect(defaultRoles(irisColumns, 'classification')).toEqual({
      sepal_length: 'feature',
      sepal_width: 'feature',
      petal_length: 'feature',
      petal_width: 'feature',
      species: 'target',
      note: 'ignored'
    })
  })

  it('pick a numeric target for regression and the text column for text tasks', () => {
    expect(defaultRoles(irisColumns, 'regression').petal_width).toBe('target')
    expect(defaultRoles(irisColumns, 'regression').species).toBe('feature')
    const text = defaultRoles(irisColumns, 'text-classification')
    expect([text.note, text.species, text.sepal_length]).toEqual(['text', 'target', 'ignored'])
    const lm = defaultRoles(irisColumns, 'language-modelling')
    expect(Object.values(lm).filter((r) => r === 'target')).toEqual([])
    expect(lm.note).toBe('text')
  })
})

describe('proposed roles', () => {
  it('make few-valued categorical columns features and ignore ids, inferring classification from the target', () => {
    const columns = [col('customer', 'categorical', 900), col('age', 'integer', 60), col('city', 'categorical', 5), col('income', 'number', 800, 7), col('churn', 'boolean', 2)]
    expect(proposeVersion(columns)).toEqual({
      task: 'classification',
      roles: { customer: 'ignored', age: 'feature', city: 'feature', income: 'feature', churn: 'target' }
    })
  })

  it('infer regression from a numeric target with many values', () => {
    const columns = [col('city', 'categorical', 5), col('rooms', 'integer', 8), col('price', 'number', 400)]
    expect(proposeVersion(columns)).toEqual({ task: 'regression', roles: { city: 'feature', rooms: 'feature', price: 'target' } })
  })

  it('propose text classification for text and a label, and language modelling for one text column', () => {
    expect(proposeVersion([col('review', 'text', 990), col('sentiment', 'categorical', 3)])).toEqual({
      task: 'text-classification',
      roles: { review: 'text', sentiment: 'target' }
    })
    expect(proposeVersion([col('text', 'text', 5000)])).toEqual({ task: 'language-modelling', roles: { text: 'text' } })
    // No column could be a target: the text is modelled on its own, nothing else listed as a feature.
    expect(proposeVersion([col('review', 'text', 990), col('score', 'number', 40, 3)])).toEqual({ task: 'language-modelling', roles: { review: 'text', score: 'ignored' } })
  })

  it('never propose a target the engine refuses: one with gaps or a single value', () => {
    const columns = [col('x', 'number', 50), col('label', 'categorical', 2, 4), col('constant', 'categorical', 1)]
    expect(proposeVersion(columns).roles).toEqual({ x: 'target', label: 'feature', constant: 'feature' })
  })

  it('infer the task from the target and text roles', () => {
    const columns = [col('review', 'text', 990), col('stars', 'integer', 5), col('price', 'number', 400)]
    expect(inferTask(columns, { review: 'ignored', stars: 'target', price: 'feature' })).toBe('classification')
    expect(inferTask(columns, { review: 'ignored', stars: 'feature', price: 'target' })).toBe('regression')
    expect(inferTask(columns, { review: 'text', stars: 'target', price: 'ignored' })).toBe('text-classification')
    expect(inferTask(columns, { review: 'text', stars: 'ignored', price: 'ignored' })).toBe('language-modelling')
    expect(inferTask(columns, { review: 'ignored', stars: 'feature', price: 'feature' })).toBe(null)
  })
})

describe('issue fields', () => {
  it('place engine issues on the form field they name', () => {
    expect(fieldOfIssue('target')).toBe('target')
    expect(fieldOfIssue('split.valFraction')).toBe('split.valFraction')
    expect(fieldOfIssue('features.3')).toBe('features')
    expect(fieldOfIssue('split')).toBe(null)
    expect(fieldOfIssue('datasetId')).toBe(null)
  })
})
