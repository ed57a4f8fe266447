import { formatMessage } from '../../../../shared/messages'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMixedTable } from './mixed'

describe('readMixedTable', () => {
  it('reads numbers and booleans as numeric columns, NaN where missing, and text as categorical', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'paramscope-mixed-')), 't.csv')
    await writeFile(path, 'a,flag,city,y\n1.5,true,Paris,0\nNA,false,,1\n2,TRUE,Lyon,0\n')
    const t = await readMixedTable(path)
    expect(t.targetName).toBe('y')
    expect(t.y).toEqual(['0', '1', '0'])
    const [a, flag, city] = t.columns
    expect(a.kind === 'numeric' && Array.from(a.values)).toEqual([1.5, Number.NaN, 2])
    expect(flag.kind === 'numeric' && Array.from(flag.values)).toEqual([1, 0, 1])
    expect(city).toEqual({ name: 'city', kind: 'categorical', values: ['Paris', '', 'Lyon'] })
    expect(formatMessage('en', t.where(1))).toBe('line 3')
  })
})
