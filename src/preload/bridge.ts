import type { IpcRenderer, IpcRendererEvent, WebUtils } from 'electron'
import { eventNames, methodNames, type EventName, type EventPayload, type MethodInput, type MethodName, type MethodOutput } from '../shared/api'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels'
import type { Envelope } from '../shared/rpc'

/** What the page sees as `window.paramscope`: the contract's methods and events, nothing more. */
export interface ParamscopeBridge {
  /** Resolves with the engine's envelope; rejects only for a name outside the contract. */
  invoke<M extends MethodName>(method: M, input: MethodInput<M>): Promise<Envelope<MethodOutput<M>>>
  /** Subscribes to one engine event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, callback: (payload: EventPayload<E>) => void): () => void
  /**
   * The path on disk of a dropped or picked File, so the engine reads it in place instead of
   * receiving a copy; '' for a File with no file behind it (built in the page).
   */
  pathForFile?(file: File): string
}

type Listener = (payload: unknown) => void

/**
 * Builds the bridge over an ipcRenderer. The page never gets ipcRenderer itself or the
 * IpcRendererEvent (which would carry `sender`), only payloads; one IPC listener fans out to
 * every subscriber so many views can subscribe without piling up IPC listeners.
 */
export function createBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
  files?: Pick<WebUtils, 'getPathForFile'>
): ParamscopeBridge {
  const allowedMethods = new Set<string>(methodNames)
  const allowedEvents = new Set<string>(eventNames)
  const subscribers = new Map<string, Set<Listener>>()

  const onEvent = (_event: IpcRendererEvent, name: unknown, payload: unknown): void => {
    const listeners = typeof name === 'string' ? subscribers.get(name) : undefined
    for (const listener of listeners ?? []) {
      try {
        listener(payload)
      } catch (err) {
        // One broken view must not silence the others.
        console.error(`paramscope: a "${String(name)}" listener threw`, err)
      }
    }
  }
  let isListening = false

  const bridge: ParamscopeBridge = {
    invoke(method, input) {
      if (typeof method !== 'string' || !allowedMethods.has(method)) {
        return Promise.reject(new Error(`Unknown API method "${String(method)}"`))
      }
      return ipc.invoke(INVOKE_CHANNEL, method, input)
    },
    on(event, callback) {
      if (typeof event !== 'string' || !allowedEvents.has(event) || typeof callback !== 'function') return () => undefined
      let listeners = subscribers.get(event)
      if (!listeners) subscribers.set(event, (listeners = new Set()))
      // A fresh wrapper per subscription, so subscribing one callback twice needs two unsubscribes.
      const listener: Listener = (payload) => callback(payload as never)
      listeners.add(listener)
      if (!isListening) {
        ipc.on(EVENT_CHANNEL, onEvent)
        isListening = true
      }
      return () => {
        listeners.delete(listener)
        if ([...subscribers.values()].every((set) => set.size === 0) && isListening) {
          ipc.removeListener(EVENT_CHANNEL, onEvent)
          isListening = false
        }
      }
    }
  }
  if (files) bridge.pathForFile = (file) => files.getPathForFile(file)
  return bridge
}
