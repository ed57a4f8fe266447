import { describe, expect, it } from 'vitest'
import { Graph } from './graph'
import { relu } from './ops'
import { executionProvider, openSession, resolveProvider } from './session'

describe('resolveProvider', () => {
  it('auto picks the best accelerator, else cpu with a reason', () => {
    expect(resolveProvider('auto', ['webgpu', 'cuda', 'cpu'])).toEqual({ provider: 'cuda' })
    expect(resolveProvider('auto', ['cpu'])).toEqual({ provider: 'cpu', reason: 'no accelerator found; using cpu' })
  })
  it('honours an available request and explains an unavailable one', () => {
    expect(resolveProvider('webgpu', ['webgpu', 'cpu'])).toEqual({ provider: 'webgpu' })
    expect(resolveProvider('cpu', ['cuda', 'cpu'])).toEqual({ provider: 'cpu' })
    expect(resolveProvider('dml', ['cpu']).reason).toMatch(/"dml" is not available here; using cpu/)
  })
})

describe('executionProvider', () => {
  it("gives the slot's device id to providers that number their adapters, and leaves the rest on their default", () => {
    expect(executionProvider('cuda', 0)).toEqual({ name: 'cuda', deviceId: 0 })
    expect(executionProvider('dml', 1)).toEqual({ name: 'dml', deviceId: 1 })
    expect(executionProvider('cuda', null)).toBe('cuda')
    expect(executionProvider('cpu', 0)).toBe('cpu')
    expect(executionProvider('webgpu', 0)).toBe('webgpu')
  })
})

describe('openSession', () => {
  const graph = new Graph()
  graph.output(relu(graph.input('x', 'float32', [2])), 'y')
  const bytes = graph.toBytes()

  it('opens on cpu with the thread count in the device name', async () => {
    const s = await openSession(bytes, { provider: 'cpu', threads: 2 })
    expect(s.provider).toBe('cpu')
    expect(s.device).toMatch(/\(2 threads\)$/)
    await s.session.release()
  })

  it('falls back to cpu and logs why when the provider cannot start', async () => {
    const lines: string[] = []
    const s = await openSession(bytes, { provider: 'no-such-provider', threads: 1, log: (l) => lines.push(l) })
    expect(s.provider).toBe('cpu')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/^execution provider "no-such-provider" failed to start \(.+\); using cpu$/)
    await s.session.release()
  })
})
