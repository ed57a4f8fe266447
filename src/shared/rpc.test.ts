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
