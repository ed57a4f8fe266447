import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron'
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../shared/channels'
import { dispatch, type Envelope } from '../shared/rpc'
import { isAppSchemeUrl } from './app-protocol'
import type { Engine } from './engine/types'

/** Decides from a frame's URL whether it is the app's own page. */
export type SenderCheck = (frameUrl: string) => boolean

export interface SenderCheckOptions {
  /** The Vite dev server URL; trusted only when given (dev runs). */
  devServerUrl?: string
}

/**
 * Only the app's own page may call the engine: the build served on paramscope://app (any path,
 * any hash route), or the dev server's origin during development. Anything else (a page navigated
 * elsewhere, an injected frame, a file on disk) is refused. The window's navigation and redirect
 * limits ask the same question.
 */
export function createSenderCheck({ devServerUrl }: SenderCheckOptions = {}): SenderCheck {
  const devOrigin = devServerUrl ? new URL(devServerUrl).origin : null
  return (frameUrl) => {
    let url: URL
    try {
      url = new URL(frameUrl)
    } catch {
      return false
    }
    if (isAppSchemeUrl(url)) return true
    return devOrigin !== null && (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === devOrigin
  }
}

/**
 * Binds the engine to the windows: one invoke channel for every contract method (validated by
 * `dispatch`, which never throws, so errors cross IPC as data with their code and details) and
 * one event channel that forwards every engine event. Returns a function that undoes both.
 */
export function registerIpc(engine: Pick<Engine, 'api' | 'events'>, isTrustedSender: SenderCheck): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event: IpcMainInvokeEvent, method: unknown, input: unknown): Promise<Envelope> => {
    const frameUrl = event.senderFrame?.url ?? ''
    if (!isTrustedSender(frameUrl)) {
      return { ok: false, error: { code: 'UNAUTHORIZED', message: `IPC from an untrusted page refused: ${frameUrl || '(unknown frame)'}` } }
    }
    return dispatch(engine.api, typeof method === 'string' ? method : String(method), input)
  })

  const unsubscribe = engine.events.subscribe((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed() || win.webContents.isDestroyed()) continue
      // Events carry run data: only a window still showing the app's own page receives them.
      if (!isTrustedSender(win.webContents.getURL())) continue
      win.webContents.send(EVENT_CHANNEL, name, payload)
    }
  })

  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL)
    unsubscribe()
  }
}
