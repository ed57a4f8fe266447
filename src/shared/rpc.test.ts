import { describe, expect, it } from 'vitest'
import type { EngineApi } from './api'
import { dispatch } from './rpc'

const info = { version: '1', dataDir: '/d', platform: 'p', providers: ['cpu'], nativeDialogs: false }
const part: Partial<EngineApi> = { 'app.info': async () => info }

describe('dispatch', () => {
  it('calls a method of the API it is given with the parsed input', async () => {
    expect(await dispatch(part, 'app.info', undefined)).toEqual({ ok: true, result: info })
  })

  it('answers errors as data: an unknown name, a method this API lacks, a bad input', async () => {
    expect(await dispatch(part, 'app.nope', {})).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(await dispatch(part, 'runs.list', {})).toEqual({ ok: false, error: { code: 'UNSUPPORTED', message: 'API method "runs.list" is not offered here' } })
    expect(await dispatch(part, 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})

describe('dispatch and long input', () => {
  it('quotes a huge method name or unknown key by its start and length only', async () => {
    const huge = 'x'.repeat(3_000_000)
    const name = await dispatch(part, huge, {})
    expect(!name.ok && name.error.message).toBe(`Unknown API method "${'x'.repeat(200)}"… (3000000 characters)`)
    const key = await dispatch(part, 'app.info', { [huge]: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 })
    expect(key).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ field: '(input)' }] } } })
    expect(JSON.stringify(key).length).toBeLessThan(2000)
    expect(!key.ok && key.error.message).toContain(`Unrecognized keys: "${'x'.repeat(200)}"… (3000000 characters), "b", "c", "d", "e" and 2 more`)
  })
})
