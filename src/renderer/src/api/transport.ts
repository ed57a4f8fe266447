import type { EventName, MethodName } from '../../../shared/api'
import type { Envelope } from '../../../shared/rpc'

/**
 * The two functions a transport provides. The preload bridge (`window.paramscope`) has exactly
 * this shape; the HTTP/WebSocket transport builds it from fetch and a socket.
 */
export interface Transport {
  invoke(method: MethodName, input: unknown): Promise<Envelope>
  /** Subscribes to one engine event; returns the unsubscribe function. */
  on(event: EventName, cb: (payload: unknown) => void): () => void
  /**
   * Called when a dropped event stream is back; events sent in between were lost, so listeners
   * fetch again. Transports whose stream cannot drop (IPC) leave it out.
   */
  onReconnect?(cb: () => void): () => void
}
