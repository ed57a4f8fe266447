import { createApp, type App } from 'vue'
import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { EventName, EventPayload, MethodInput, MethodName, MethodOutput } from '../../../shared/api'
import { AppError, toErrorPayload } from '../../../shared/errors'
import type { Envelope } from '../../../shared/rpc'
import { createClient, type Client } from '../api/client'
import type { Transport } from '../api/transport'
import { installApi } from '../composables/use-api'

export type FakeHandlers = { [M in MethodName]?: (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

export interface FakeApi {
  client: Client
  transport: Transport
  /** Every call made, in order, with its input. */
  calls: Array<{ method: MethodName; input: unknown }>
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
  listenerCount(event: EventName): number
  /** Pretends the event stream dropped and came back. */
  reconnect(): void
}

/**
 * An in-memory engine behind a real client: handlers answer like the engine would, thrown
 * AppErrors travel as error envelopes, and emitted events reach subscribers as they would
 * over IPC or WebSocket.
 */
export function createFakeApi(handlers: FakeHandlers): FakeApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  const calls: FakeApi['calls'] = []
  const reconnectListeners = new Set<() => void>()
  const transport: Transport = {
    async invoke(method, input): Promise<Envelope> {
      calls.push({ method, input })
      const handler = handlers[method] as ((input: unknown) => unknown) | undefined
      try {
        if (!handler) throw new AppError('UNSUPPORTED', `fake API has no ${method}`)
        return { ok: true, result: await handler(input) }
      } catch (err) {
        return { ok: false, error: toErrorPayload(err) }
      }
    },
    on(event, cb) {
      let set = listeners.get(event)
      if (!set) listeners.set(event, (set = new Set()))
      set.add(cb)
      return () => set.delete(cb)
    },
    onReconnect(cb) {
      reconnectListeners.add(cb)
      return () => reconnectListeners.delete(cb)
    }
  }
  return {
    client: createClient(transport),
    transport,
    calls,
    emit(event, payload) {
      for (const cb of listeners.get(event) ?? []) cb(payload)
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
    reconnect: () => reconnectListeners.forEach((cb) => cb())
  }
}

/** An app with Pinia and the fake client installed, for testing stores outside components. */
export function createStoreContext(fake: FakeApi): { app: App; pinia: Pinia; run<T>(fn: () => T): T } {
  const app = createApp({})
  const pinia = createPinia()
  app.use(pinia)
  installApi(app, fake.client)
  setActivePinia(pinia)
  return { app, pinia, run: (fn) => app.runWithContext(fn) }
}

/** Lets pending promise callbacks (fake API answers, watchers) run. */
export async function flushPromises(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0))
}
