import { describe, expect, it } from 'vitest'
import type { ColumnProfile, TrainerInfo } from '../../../shared/api'
import { trainerFixture } from '../testing/fixtures'
import { columnNotes, mlpDefaults, tableDefaults } from './profile-notes'

const col = (type: ColumnProfile['type'], distinct: number, missing = 0, distinctCapped = false): ColumnProfile => ({ name: 'c', type, missing, distinct, distinctCapped })
const keys = (c: ColumnProfile, options = {}) => columnNotes(c, mlpDefaults, options).map((n) => n.key)

describe('column notes', () => {
  it('say how gaps in a numeric or boolean column are filled by default, and nothing for a complete one', () => {
    expect(columnNotes(col('number', 900, 62), mlpDefaults)).toEqual([{ key: 'missing.median', values: { count: 62 } }])
    expect(keys(col('boolean', 2, 3))).toEqual(['missing.median'])
    expect(keys(col('integer', 40))).toEqual([])
    expect(columnNotes(col('number', 900, 5), { missing: 'refuse', maxLevels: 20 })[0].key).toBe('missing.refuse')
  })

  it('say a categorical column is one-hot encoded, and past the level cap that the rest go to "other"', () => {
    expect(columnNotes(col('categorical', 4), mlpDefaults)).toEqual([{ key: 'oneHot', values: { levels: 4 } }])
    expect(columnNotes(col('categorical', 30, 7), mlpDefaults)).toEqual([
      { key: 'otherBucket', values: { distinct: 30, max: 20 }, isAtLeast: false },
      { key: 'missingOther', values: { count: 7 } }
    ])
    // So many levels read as ids: the version form proposes ignoring the column.
    expect(keys(col('categorical', 80))).toEqual(['otherBucket', 'manyLevels'])
    expect(columnNotes(col('categorical', 1000, 0, true), mlpDefaults)[0]).toMatchObject({ key: 'otherBucket', isAtLeast: true })
  })

  it('say free text is read only by the text classifier, and an empty column by nothing; a corpus and the target need nothing', () => {
    expect(keys(col('text', 1200, 40))).toEqual(['freeText'])
    expect(keys(col('empty', 0, 100))).toEqual(['empty'])
    expect(keys(col('text', 5000), { isCorpus: true })).toEqual([])
    expect(keys(col('categorical', 3), { isTarget: true })).toEqual([])
  })
})

describe('table defaults', () => {
  it("come from the trainer's schema, else the mlp's own", () => {
    expect(tableDefaults(undefined)).toEqual(mlpDefaults)
    const params: TrainerInfo['params'] = [
      ...trainerFixture.params,
      { key: 'data.missing', group: 'data', label: { en: '', 'zh-CN': '' }, help: { en: '', 'zh-CN': '' }, type: 'choice', default: 'mean', choices: [] },
      { key: 'data.max_levels', group: 'data', label: { en: '', 'zh-CN': '' }, help: { en: '', 'zh-CN': '' }, type: 'int', default: 8 }
    ]
    expect(tableDefaults({ ...trainerFixture, params })).toEqual({ missing: 'mean', maxLevels: 8 })
  })
})
