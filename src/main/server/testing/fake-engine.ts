import type { EngineApi, Experiment, MethodName } from '../../../shared/api'
import { methodNames } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { createEventBus } from '../../engine/events'
import type { Engine } from '../../engine/types'

export interface FakeEngine extends Engine {
  /** Names of the methods called, in order, for asserting that a refused request never arrived. */
  calls: MethodName[]
}

/**
 * A small in-memory engine for transport tests: real behaviour for app.info and experiments
 * (including CONFLICT and NOT_FOUND), a crash for `runs.delete`, UNSUPPORTED for the rest.
 */
export function createFakeEngine(): FakeEngine {
  const events = createEventBus()
  const experiments: Experiment[] = []
  const calls: MethodName[] = []

  const implemented: Partial<EngineApi> = {
    'app.info': async () => ({ version: '0.0.0-test', dataDir: '/fake', platform: process.platform, providers: ['cpu'], nativeDialogs: false }),
    'experiments.list': async () => [...experiments].reverse(),
    'experiments.get': async ({ id }) => {
      const found = experiments.find((e) => e.id === id)
      if (!found) throw new AppError('NOT_FOUND', `No experiment with id ${id}`)
      return found
    },
    'experiments.create': async ({ name, description }) => {
      if (experiments.some((e) => e.name === name)) throw new AppError('CONFLICT', `An experiment named "${name}" already exists`)
      const experiment = { id: experiments.length + 1, name, description, createdAt: Date.now(), runCount: 0, activeRunCount: 0 }
      experiments.push(experiment)
      events.emit('experiments.changed', {})
      return experiment
    },
    'runs.delete': async () => {
      throw new Error('disk on fire')
    }
  }

  const api = Object.fromEntries(
    methodNames.map((name) => [
      name,
      async (input: unknown) => {
        calls.push(name)
        const impl = implemented[name] as ((input: unknown) => Promise<unknown>) | undefined
        if (!impl) throw new AppError('UNSUPPORTED', `${name} is not available in the fake engine`)
        return impl(input)
      }
    ])
  ) as unknown as EngineApi

  return { api, events, calls, close: async () => undefined }
}
