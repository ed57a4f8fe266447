import { cpus } from 'node:os'
import * as ort from 'onnxruntime-node'

/** Accelerators in the order 'auto' prefers them; anything else the engine lists comes after. */
const preference = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu']

export interface ProviderChoice {
  provider: string
  /** Why the request could not be honoured as asked, for the run's log. */
  reason?: string
}

/**
 * Resolves a `runtime.device` value against the providers the engine found. 'auto' takes the
 * best accelerator present; an unavailable request falls back to cpu with a reason.
 */
export function resolveProvider(requested: string, available: readonly string[]): ProviderChoice {
  const accelerators = available.filter((p) => p !== 'cpu')
  if (requested === 'cpu') return { provider: 'cpu' }
  if (requested === 'auto') {
    const ranked = [...accelerators].sort((a, b) => rank(a) - rank(b))
    return ranked.length ? { provider: ranked[0] } : { provider: 'cpu', reason: 'no accelerator found; using cpu' }
  }
  if (accelerators.includes(requested)) return { provider: requested }
  return { provider: 'cpu', reason: `execution provider "${requested}" is not available here; using cpu` }
}

function rank(provider: string): number {
  const i = preference.indexOf(provider)
  return i < 0 ? preference.length : i
}

export interface SessionRequest {
  provider: string
  /** Intra-op threads; fixed so that CPU results repeat exactly for the same count. */
  threads: number
  log?: (line: string) => void
}

export interface OpenedSession {
  session: ort.InferenceSession
  provider: string
  device: string
}

/** Providers that take an adapter ordinal; the others run on their default adapter. */
const ORDINAL_PROVIDERS = new Set(['cuda', 'tensorrt', 'dml'])

/**
 * The adapter this trainer process computes on: the device id of the slot a study's scheduler
 * gave its run (one process trains one run), null for the provider's default.
 */
let processDeviceId: number | null = null

export function useDeviceId(id: number | null | undefined): void {
  processDeviceId = id ?? null
}

/** The execution provider as a session takes it: with the adapter's ordinal where the provider has one. */
export function executionProvider(provider: string, deviceId: number | null): ort.InferenceSession.ExecutionProviderConfig {
  return deviceId !== null && ORDINAL_PROVIDERS.has(provider) ? ({ name: provider, deviceId } as ort.InferenceSession.ExecutionProviderConfig) : provider
}

function options(provider: string, threads: number): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [executionProvider(provider, processDeviceId)],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3
  }
}

export function describeDevice(provider: string, threads: number): string {
  if (provider !== 'cpu') return provider
  const model = cpus()[0]?.model?.trim() || 'CPU'
  return `${model} (${threads} thread${threads === 1 ? '' : 's'})`
}

/** Opens a session on the requested provider, or on cpu when that provider fails to start. */
export async function openSession(bytes: Uint8Array, req: SessionRequest): Promise<OpenedSession> {
  if (req.provider !== 'cpu') {
    try {
      const session = await ort.InferenceSession.create(bytes, options(req.provider, req.threads))
      return { session, provider: req.provider, device: describeDevice(req.provider, req.threads) }
    } catch (err) {
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
      req.log?.(`execution provider "${req.provider}" failed to start (${why}); using cpu`)
    }
  }
  const session = await ort.InferenceSession.create(bytes, options('cpu', req.threads))
  return { session, provider: 'cpu', device: describeDevice('cpu', req.threads) }
}
