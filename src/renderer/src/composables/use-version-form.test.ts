import { describe, expect, it } from 'vitest'
import { irisColumns } from '../testing/dataset-fixtures'
import { defaultRoles, fieldOfIssue } from './use-version-form'

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

describe('issue fields', () => {
  it('place engine issues on the form field they name', () => {
    expect(fieldOfIssue('target')).toBe('target')
    expect(fieldOfIssue('split.valFraction')).toBe('split.valFraction')
    expect(fieldOfIssue('features.3')).toBe('features')
    expect(fieldOfIssue('split')).toBe(null)
    expect(fieldOfIssue('datasetId')).toBe(null)
  })
})
