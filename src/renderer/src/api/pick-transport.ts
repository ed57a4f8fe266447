import { createHttpTransport, takeToken } from './http-client'
import { createIpcTransport, findBridge } from './ipc-client'
import type { Transport } from './transport'

/** Chosen once at start: the preload bridge inside Electron, else the headless server. */
export function pickTransport(win: Window = window): Transport {
  const bridge = findBridge(win)
  if (bridge) return createIpcTransport(bridge)
  return createHttpTransport({ baseUrl: win.location.origin, token: takeToken(win) })
}
