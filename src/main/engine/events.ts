import type { EventName, EventPayload } from '../../shared/api'

type AnyListener = (name: EventName, payload: unknown) => void

/** The engine's outgoing events. Bindings subscribe once and forward to windows or sockets. */
export interface EventBus {
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void
  /** Every event; returns the unsubscribe function. */
  subscribe(listener: AnyListener): () => void
}

export function createEventBus(): EventBus {
  const listeners = new Set<AnyListener>()
  return {
    emit(name, payload) {
      for (const listener of listeners) {
        try {
          listener(name, payload)
        } catch {
          // A broken subscriber (a closed socket) must not stop the others or the engine.
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
