import { describe, expect, it } from 'vitest'
import { runIdsFlag, studyIdFlag } from './flags'

describe('id flags', () => {
  it('reads ids as typed, spaces around them allowed', () => {
    expect(studyIdFlag('12')).toBe(12)
    expect(runIdsFlag('3, 15,19')).toEqual([3, 15, 19])
  })

  it('refuses what Number would read as a whole number but nobody types as an id, naming it', () => {
    for (const value of ['0', '-1', '1.5', '1e2', '0x10', '012', '', 'seven']) expect(() => studyIdFlag(value)).toThrow(`"${value}"`)
    expect(() => runIdsFlag('3,1e2,,x')).toThrow(/1e2, , x/)
  })
})
