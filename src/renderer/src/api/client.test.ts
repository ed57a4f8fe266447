import { describe, expect, it, vi } from 'vitest'
import { createClient, ApiError } from './client'
import type { Envelope } from '../../../shared/rpc'
import type { Transport } from './transport'

function transportAnswering(answer: (method: string, input: unknown) => Envelope | Promise<Envelope>): Transport & { invoke: ReturnType<typeof vi.fn> } {
  return { invoke: vi.fn(async (m: string, i: unknown) => answer(m, i)), on: vi.fn(() => () => undefined) }
}

describe('createClient', () => {
  it('resolves to the result of an ok envelope and passes the input through', async () => {
    const transport = transportAnswering(() => ({ ok: true, result: [{ id: 1 }] }))
    const client = createClient(transport)
    await expect(client['runs.list']({ experimentId: 3 })).resolves.toEqual([{ id: 1 }])
    expect(transport.invoke).toHaveBeenCalledWith('runs.list', { experimentId: 3 })
  })

  it('throws an ApiError with code, message and field issues from an error envelope', async () => {
    const issues = [{ field: 'optimizer.lr', message: 'must be > 0 (got -1)' }]
    const client = createClient(transportAnswering(() => ({ ok: false, error: { code: 'INVALID_CONFIG', message: 'Invalid value', details: { issues } } })))
    const err = await client['runs.start']({ experimentId: 1, trainer: 'mlp', dataset: 'x.csv' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('INVALID_CONFIG')
    expect((err as ApiError).message).toBe('Invalid value')
    expect((err as ApiError).issues).toEqual(issues)
  })

  it('turns a rejected transport call into an INTERNAL ApiError naming the method', async () => {
    const client = createClient(transportAnswering(() => Promise.reject(new Error('bridge gone'))))
    await expect(client['app.info']({})).rejects.toMatchObject({ code: 'INTERNAL', message: 'app.info failed: bridge gone' })
  })

  it('refuses a malformed envelope instead of returning undefined', async () => {
    const client = createClient(transportAnswering(() => ({ result: 1 }) as unknown as Envelope))
    await expect(client['experiments.list']({})).rejects.toMatchObject({ code: 'INTERNAL', message: 'experiments.list returned a malformed response' })
  })

  it('forwards event subscriptions and their unsubscribe function', () => {
    const off = vi.fn()
    let deliver: ((p: unknown) => void) | undefined
    const transport: Transport = { invoke: vi.fn(), on: (_e, cb) => ((deliver = cb), off) }
    const seen: string[] = []
    const unsubscribe = createClient(transport).on('run.log', (p) => seen.push(p.text))
    deliver?.({ runId: 1, text: 'epoch 1' })
    unsubscribe()
    expect(seen).toEqual(['epoch 1'])
    expect(off).toHaveBeenCalledOnce()
  })
})
