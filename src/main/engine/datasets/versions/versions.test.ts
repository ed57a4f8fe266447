import { describe, expect, it } from 'vitest'
import type { ColumnProfile, DatasetProfile } from '../../../../shared/schemas/datasets'
import { canonicalKey, normalizeRoles, type VersionRoles, versionIssues, withDefaults } from './versions'

const col = (name: string, type: ColumnProfile['type'], extra: Partial<ColumnProfile> = {}): ColumnProfile => ({
  name,
  type,
  missing: 0,
  distinct: 10,
  distinctCapped: false,
  ...extra
})

const profile: DatasetProfile = {
  rows: 100,
  columns: [
    col('id', 'categorical'),
    col('x1', 'number'),
    col('x2', 'integer'),
    col('flag', 'boolean', { distinct: 2 }),
    col('city', 'categorical'),
    col('review', 'text'),
    col('label', 'categorical', { distinct: 3 }),
    col('constant', 'categorical', { distinct: 1 }),
    col('gappy', 'categorical', { distinct: 2, missing: 4 })
  ],
  preview: []
}

const roles = (over: Partial<VersionRoles> = {}): VersionRoles => ({
  task: 'classification',
  target: 'label',
  features: [],
  text: null,
  ignored: [],
  split: { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 1 },
  ...over
})

const check = (over: Partial<VersionRoles>) => versionIssues(profile, withDefaults(profile, roles(over)))

describe('version roles', () => {
  it('takes every other numeric column as a feature when none are named, in file order', () => {
    expect(normalizeRoles(profile, roles()).features).toEqual(['x1', 'x2', 'flag'])
    expect(normalizeRoles(profile, roles({ features: ['flag', 'x1', 'flag'] })).features).toEqual(['x1', 'flag'])
    expect(check({})).toEqual([])
  })

  it('gives equal keys to equal roles written differently, and different keys otherwise', () => {
    const a = canonicalKey(normalizeRoles(profile, roles({ features: ['x2', 'x1'], ignored: ['id', 'city'] })))
    const b = canonicalKey(normalizeRoles(profile, roles({ features: ['x1', 'x2'], ignored: ['city', 'id', 'id'] })))
    expect(a).toBe(b)
    const seed2 = canonicalKey(normalizeRoles(profile, roles({ features: ['x1', 'x2'], ignored: ['city', 'id'], split: { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 2 } })))
    expect(seed2).not.toBe(a)
  })

  it('refuses a missing target column', () => {
    const issues = check({ target: 'nope' })
    expect(issues).toMatchObject([{ field: 'target', message: expect.stringContaining('no column "nope"') }])
  })

  it('refuses a target with one class, and one with missing values', () => {
    expect(check({ target: 'constant' })).toMatchObject([{ field: 'target', message: expect.stringContaining('one class only') }])
    expect(check({ target: 'gappy' })).toMatchObject([{ field: 'target', message: expect.stringContaining('4 rows') }])
  })

  it('takes categorical features and ones with missing values, and refuses free text, naming its position', () => {
    expect(check({ features: ['x2', 'city', 'gappy', 'x1'] })).toEqual([])
    // Positions are the user's, before the roles are put in file order.
    const issues = check({ features: ['x2', 'review', 'x1'] })
    expect(issues).toMatchObject([{ field: 'features.1', message: expect.stringMatching(/"review" is free text.*neither numeric nor categorical/) }])
    expect(check({ features: ['label'] })[0]).toMatchObject({ field: 'features.0', message: expect.stringContaining('is the target') })
  })

  it('checks regression and text tasks for the column kinds they need', () => {
    expect(check({ task: 'regression', target: 'city', split: { kind: 'kfold', k: 5, stratify: false, seed: 0 } })[0]).toMatchObject({
      field: 'target',
      message: expect.stringContaining('numeric target')
    })
    expect(check({ task: 'text-classification', text: null })).toMatchObject([{ field: 'text', message: expect.stringContaining('needs a text column') }])
    expect(check({ task: 'text-classification', text: 'review' })).toEqual([])
    expect(check({ task: 'language-modelling', target: null, text: 'review', split: { kind: 'holdout', valFraction: 0.1, stratify: true, seed: 0 } })).toMatchObject([
      { field: 'split.stratify', message: expect.stringContaining('needs classes') }
    ])
  })

  it('refuses splits that leave a part empty', () => {
    expect(check({ split: { kind: 'holdout', valFraction: 0.001, stratify: false, seed: 0 } })[0].field).toBe('split.valFraction')
    expect(check({ split: { kind: 'kfold', k: 101, stratify: false, seed: 0 } })[0].field).toBe('split.k')
  })
})
