import { describe, expect, it } from 'vitest'
import type { DatasetProfile } from '../../../../shared/schemas/datasets'
import { checkRoles } from './check-roles'

const profile: DatasetProfile = {
  rows: 3,
  columns: [
    { name: 'x', type: 'number', missing: 0, distinct: 3, distinctCapped: false },
    { name: 'city', type: 'categorical', missing: 0, distinct: 2, distinctCapped: false, top: [{ value: 'Paris', count: 2 }] },
    { name: 'label', type: 'categorical', missing: 0, distinct: 1, distinctCapped: false, top: [{ value: 'yes', count: 3 }] },
    { name: 'y', type: 'integer', missing: 0, distinct: 2, distinctCapped: false },
    { name: 'review', type: 'text', missing: 0, distinct: 3, distinctCapped: false },
    { name: 'blank', type: 'empty', missing: 3, distinct: 0, distinctCapped: false }
  ],
  preview: [['1', 'Paris', 'yes', '0', 'a fine day out', '']]
}

describe('checkRoles', () => {
  it('refuses a classification target with one class', () => {
    expect(checkRoles(profile, { task: 'classification', target: 'label', features: ['x'], text: null })).toMatchObject([
      { field: 'target', message: 'the target "label" has one class only ("yes"); classification needs at least two' }
    ])
  })

  it('takes a categorical feature, and refuses free text, empty and unknown columns as features', () => {
    expect(checkRoles(profile, { task: 'classification', target: 'y', features: ['x', 'city'], text: null })).toEqual([])
    expect(checkRoles(profile, { task: 'classification', target: 'y', features: ['x', 'review', 'blank', 'nope'], text: null })).toMatchObject([
      {
        field: 'features.1',
        message: 'the column "review" is free text (e.g. "a fine day out"), neither numeric nor categorical; use it as the text of a text-classification task, or ignore it'
      },
      { field: 'features.2', message: 'the column "blank" has no values; it cannot be a feature' },
      { field: 'features.3', message: 'there is no column "nope"' }
    ])
  })

  it('accepts sound roles and asks for what a task needs', () => {
    expect(checkRoles(profile, { task: 'regression', target: 'x', features: ['y'], text: null })).toEqual([])
    expect(checkRoles(profile, { task: 'text-classification', target: 'y', features: [], text: null })).toMatchObject([
      { field: 'text', message: 'a text-classification task needs a text column' }
    ])
    expect(checkRoles(profile, { task: 'regression', target: 'city', features: [], text: null })[0].message).toMatch(/needs a numeric target/)
  })
})
