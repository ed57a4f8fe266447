import { describe, expect, it } from 'vitest'
import type { EngineApi } from './api'
import { dispatch, MAX_INPUT_DEPTH, tooDeepAt } from './rpc'

const info = { version: '1', dataDir: '/d', platform: 'p', providers: ['cpu'], nativeDialogs: false }
const part: Partial<EngineApi> = { 'app.info': async () => info }

/** `{ a: { a: … 1 } }`, `depth` objects deep. */
function nested(depth: number): unknown {
  let value: unknown = 1
  for (let i = 0; i < depth; i++) value = { a: value }
  return value
}

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

describe('dispatch and hostile input', () => {
  let validated = 0
  const engine: Partial<EngineApi> = {
    'runs.validate': async ({ config }) => {
      validated++
      // Recursive, as config flattening is: it must never meet a 20,000-deep input.
      const depth = (v: unknown): number => (typeof v === 'object' && v !== null ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0)
      return { config: {}, issues: [{ field: 'depth', message: String(depth(config)) }] }
    },
    // Stand-ins for engine code that a value from the input drives out of range.
    'runs.get': async ({ id }) => {
      const recurse = (n: number): number => (n === 0 ? 0 : 1 + recurse(n - 1))
      return recurse(id) as never
    },
    'runs.metrics': async ({ afterStep }) => new Array(afterStep ?? 0) as never,
    'runs.delete': async () => {
      throw new TypeError('Cannot read properties of undefined (reading "id")')
    }
  }

  it('refuses input nested deeper than the limit, naming the field, before any engine code runs', async () => {
    const reply = await dispatch(engine, 'runs.validate', { trainer: 'mlp', config: nested(20_000) })
    expect(reply).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ field: 'config' }] } } })
    expect(!reply.ok && reply.error.message).toMatch(new RegExp(`deeper than ${MAX_INPUT_DEPTH} levels \\(at config\\.a\\.a`))
    expect(validated).toBe(0)
    expect(await dispatch(engine, 'runs.validate', { trainer: 'mlp', config: nested(MAX_INPUT_DEPTH - 1) })).toMatchObject({ ok: true })
  })

  it('measures depth through arrays and without recursion', () => {
    expect(tooDeepAt({ rows: [[1, 2], [3, { x: [4] }]] })).toBeNull()
    expect(tooDeepAt({ rows: [[1], [2, nested(40)]] })).toMatch(/^rows\.1\.1\.a\.a/)
    let deepArray: unknown = []
    for (let i = 0; i < 100_000; i++) deepArray = [deepArray]
    expect(tooDeepAt(deepArray)).toMatch(/^0\.0\.0/)
  })

  it('answers a stack overflow or a length out of range from input as INVALID_INPUT, not INTERNAL', async () => {
    const overflow = await dispatch(engine, 'runs.get', { id: 10_000_000 })
    expect(overflow).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { issues: [{ field: '(input)' }] } } })
    expect(!overflow.ok && overflow.error.message).toMatch(/nested too deeply or is too large.*Maximum call stack size exceeded/)
    const length = await dispatch(engine, 'runs.metrics', { id: 1, afterStep: 2 ** 32 })
    expect(length).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/out of the range.*Invalid array length/) } })
  })

  it('keeps a genuine engine fault INTERNAL', async () => {
    expect(await dispatch(engine, 'runs.delete', { id: 1 })).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Cannot read properties of undefined (reading "id")' }
    })
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
