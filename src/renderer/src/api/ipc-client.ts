import type { EventName, MethodName } from '../../../shared/api'
import type { Envelope } from '../../../shared/rpc'
import type { Transport } from './transport'

/** The preload bridge as it is exposed on `window.paramscope`. */
export type Bridge = Transport & { pathForFile?(file: File): string }

function isBridge(value: unknown): value is Bridge {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.invoke === 'function' && typeof v.on === 'function'
}

/** The bridge the preload exposed, or null outside Electron. */
export function findBridge(scope: object = globalThis): Bridge | null {
  const bridge = (scope as { paramscope?: unknown }).paramscope
  return isBridge(bridge) ? bridge : null
}

/**
 * Wraps the bridge so a rejected IPC call (the main process is gone, a handler is missing)
 * still answers an envelope, like the HTTP transport does.
 */
export function createIpcTransport(bridge: Bridge): Transport {
  return {
    async invoke(method: MethodName, input: unknown): Promise<Envelope> {
      try {
        return await bridge.invoke(method, input)
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err)
        return { ok: false, error: { code: 'INTERNAL', message: `The app did not answer ${method}: ${message}` } }
      }
    },
    on(event: EventName, cb: (payload: unknown) => void) {
      return bridge.on(event, cb)
    }
  }
}
