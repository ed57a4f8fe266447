import { methodNames, type ClientApi, type EventListener, type EventName, type MethodName } from '../../../shared/api'
import { AppError, isErrorPayload, type ErrorCode, type ErrorPayload, type FieldIssue } from '../../../shared/errors'
import type { Envelope } from '../../../shared/rpc'
import type { Transport } from './transport'

/** An error the API answered (or a transport failure mapped to the same shape). */
export class ApiError extends AppError {
  constructor(code: ErrorCode, message: string, details?: ErrorPayload['details']) {
    super(code, message, details)
    this.name = 'ApiError'
  }

  /** Field issues carried by validation errors; empty for other errors. */
  get issues(): FieldIssue[] {
    return Array.isArray(this.details?.issues) ? this.details.issues : []
  }

  static from(payload: ErrorPayload): ApiError {
    return new ApiError(payload.code, payload.message, payload.details)
  }
}

export type Client = ClientApi & {
  on<E extends EventName>(event: E, cb: EventListener<E>): () => void
  /** After the event stream dropped and came back: state fed by events must be fetched again. */
  onReconnect(cb: () => void): () => void
}

function isEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (v.ok === true && 'result' in v) || (v.ok === false && isErrorPayload(v.error))
}

async function call(transport: Transport, method: MethodName, input: unknown): Promise<unknown> {
  let envelope: unknown
  try {
    envelope = await transport.invoke(method, input ?? {})
  } catch (err) {
    // Transports should answer failures as envelopes; a rejection is a broken bridge or socket.
    const message = err instanceof Error ? err.message : String(err)
    throw new ApiError('INTERNAL', `${method} failed: ${message}`)
  }
  if (!isEnvelope(envelope)) throw new ApiError('INTERNAL', `${method} returned a malformed response`)
  if (!envelope.ok) throw ApiError.from(envelope.error)
  return envelope.result
}

/**
 * The one API object the renderer uses: a function per contract method that resolves to the
 * result or throws an ApiError, plus `on` for engine events.
 */
export function createClient(transport: Transport): Client {
  const methods: Record<string, (input: unknown) => Promise<unknown>> = {}
  for (const name of methodNames) methods[name] = (input) => call(transport, name, input)
  const on = <E extends EventName>(event: E, cb: EventListener<E>): (() => void) =>
    transport.on(event, (payload) => cb(payload as Parameters<EventListener<E>>[0]))
  const onReconnect = (cb: () => void): (() => void) => transport.onReconnect?.(cb) ?? (() => undefined)
  return Object.assign(methods as unknown as ClientApi, { on, onReconnect })
}

/** Reads the error code of anything thrown, for messages by code. */
export function errorCodeOf(err: unknown): ErrorCode {
  return err instanceof AppError ? err.code : 'INTERNAL'
}
