import { describe, expect, it } from 'vitest'
import { parseNvidiaSmi } from '../devices/gpus'
import { createDeviceSlots, defaultThreadBudget } from './slots'

const twoGpus = parseNvidiaSmi('0, NVIDIA GeForce RTX 3090, 24576\n1, NVIDIA GeForce RTX 3090, 24576\n')
const holder = (trialId: number) => ({ studyId: 1, trialId })

describe('device slots', () => {
  it('reads a trial’s need as its trainer resolves runtime.device against the providers', () => {
    const slots = createDeviceSlots({ threadBudget: 8, gpus: twoGpus, providers: ['cuda', 'cpu'] })
    expect(slots.need({ 'runtime.device': 'auto', 'runtime.threads': 2 })).toEqual({ gpu: true, threads: 2 })
    expect(slots.need({ 'runtime.device': 'cuda' })).toEqual({ gpu: true, threads: 1 })
    expect(slots.need({ 'runtime.device': 'cpu', 'runtime.threads': 4 })).toEqual({ gpu: false, threads: 4 })
    // A provider this machine lacks falls back to the CPU in the trainer, so the trial is a CPU one.
    expect(slots.need({ 'runtime.device': 'dml' })).toEqual({ gpu: false, threads: 1 })
    expect(slots.need({})).toEqual({ gpu: true, threads: 1 })
    // GPUs that onnxruntime cannot use (no CUDA provider installed): built-in trainers compute on the CPU.
    expect(createDeviceSlots({ threadBudget: 8, gpus: twoGpus, providers: ['cpu'] }).need({ 'runtime.device': 'auto' }).gpu).toBe(false)
  })

  it('gives each GPU to one trial, with CUDA_VISIBLE_DEVICES naming it, and frees it on release', () => {
    const slots = createDeviceSlots({ threadBudget: 4, gpus: twoGpus, providers: ['cuda', 'cpu'] })
    const gpu = { gpu: true, threads: 1 }
    expect(slots.take(gpu, holder(1))).toEqual({ slot: 'cuda:0', deviceId: 0, env: { CUDA_VISIBLE_DEVICES: '0' } })
    expect(slots.take(gpu, holder(2))).toEqual({ slot: 'cuda:1', deviceId: 0, env: { CUDA_VISIBLE_DEVICES: '1' } })
    expect(slots.take(gpu, holder(3))).toBeNull()
    slots.bind(2, 40)
    const listed = slots.list()
    expect(listed.map((s) => [s.id, s.kind, s.busy])).toEqual([
      ['cpu', 'cpu', []],
      ['cuda:0', 'gpu', [{ studyId: 1, trialId: 1, runId: null }]],
      ['cuda:1', 'gpu', [{ studyId: 1, trialId: 2, runId: 40 }]]
    ])
    expect(listed[1]).toMatchObject({ name: 'NVIDIA GeForce RTX 3090', memory: 24576 * 1024 * 1024 })
    slots.release(1)
    expect(slots.take(gpu, holder(3))?.slot).toBe('cuda:0')
  })

  it('starts CPU trials only while their threads fit the budget; one larger than the budget runs alone', () => {
    const slots = createDeviceSlots({ threadBudget: 4, gpus: [], providers: ['cpu'] })
    expect(slots.take({ gpu: false, threads: 3 }, holder(1))).toEqual({ slot: 'cpu', deviceId: null, env: {} })
    expect(slots.take({ gpu: false, threads: 2 }, holder(2))).toBeNull()
    expect(slots.take({ gpu: false, threads: 1 }, holder(3))).not.toBeNull()
    expect(slots.list()[0]).toMatchObject({ id: 'cpu', threads: 4, threadsInUse: 4 })
    slots.release(1)
    slots.release(3)
    expect(slots.take({ gpu: false, threads: 6 }, holder(4))).not.toBeNull()
    expect(slots.take({ gpu: false, threads: 1 }, holder(5))).toBeNull()
    expect(() => slots.take({ gpu: false, threads: 1 }, holder(4))).toThrow('already holds')
  })

  it('places on a provider’s accelerator where nvidia-smi finds none, without CUDA_VISIBLE_DEVICES', () => {
    const slots = createDeviceSlots({ threadBudget: 2, gpus: [{ index: 0, name: 'dml', vendor: 'provider', provider: 'dml' }], providers: ['dml', 'cpu'] })
    expect(slots.take(slots.need({ 'runtime.device': 'auto' }), holder(1))).toEqual({ slot: 'dml:0', deviceId: 0, env: {} })
  })

  it('takes the thread budget from PARAMSCOPE_THREADS when it is a whole number, else the cores', () => {
    expect(defaultThreadBudget({ PARAMSCOPE_THREADS: '6' })).toBe(6)
    expect(defaultThreadBudget({ PARAMSCOPE_THREADS: '0' })).toBeGreaterThanOrEqual(1)
    expect(defaultThreadBudget({ PARAMSCOPE_THREADS: 'lots' })).toBe(defaultThreadBudget({}))
  })
})
