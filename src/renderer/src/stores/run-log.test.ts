import { describe, expect, it } from 'vitest'
import { createFakeApi, createStoreContext, flushPromises } from '../testing/fake-api'
import { useRunLogStore } from './run-log'

describe('run log store', () => {
  it('fetches the log, appends events, and refetches from its offset when events race a fetch', async () => {
    let log = 'line 1\n'
    const fake = createFakeApi({
      'runs.log': async ({ offset = 0 }) => ({ text: log.slice(offset), nextOffset: log.length })
    })
    const store = createStoreContext(fake).run(() => useRunLogStore())

    const following = store.follow(3)
    // Written and announced while the first fetch is in flight: it may or may not be in the answer.
    log += 'line 2\n'
    fake.emit('run.log', { runId: 3, text: 'line 2\n' })
    await following
    expect(store.textOf(3)).toBe('line 1\nline 2\n')

    log += 'line 3\n'
    fake.emit('run.log', { runId: 3, text: 'line 3\n' })
    fake.emit('run.log', { runId: 4, text: 'other run\n' })
    expect(store.textOf(3)).toBe('line 1\nline 2\nline 3\n')
    expect(store.textOf(4)).toBe('')
    // The first answer held only line 1; the racing event caused one refetch from its end.
    const offsets = fake.calls.filter((c) => c.method === 'runs.log').map((c) => (c.input as { offset: number }).offset)
    expect(offsets).toEqual([0, 7])
    await flushPromises()
    expect(fake.calls).toHaveLength(2)
  })
})
