import { createPathSource, createUploadSource, type FileSource } from './file-source'
import { createHttpTransport, takeToken } from './http-client'
import { createIpcTransport, findBridge } from './ipc-client'
import type { Transport } from './transport'

/** Chosen once at start: the preload bridge inside Electron, else the headless server. */
export function pickTransport(win: Window = window): Transport {
  const bridge = findBridge(win)
  if (bridge) return createIpcTransport(bridge)
  return createHttpTransport({ baseUrl: win.location.origin, token: takeToken(win) })
}

/**
 * How dropped files reach the engine, matching the transport: their own path inside Electron,
 * an upload to the server in a browser. Call after pickTransport, which moved the token from
 * the address bar into sessionStorage.
 */
export function pickFileSource(win: Window = window): FileSource {
  const bridge = findBridge(win)
  if (bridge) {
    const pathForFile = bridge.pathForFile?.bind(bridge)
    // An older preload without pathForFile: no path can be learned, say so on drop.
    return createPathSource(pathForFile ?? (() => ''))
  }
  return createUploadSource({ baseUrl: win.location.origin, token: takeToken(win) })
}
