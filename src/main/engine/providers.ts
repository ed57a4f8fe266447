import { existsSync, readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { createRequire } from 'node:module'

/** Accelerators first, best first; 'cpu' always present and last. */
const preference = ['cuda', 'dml', 'coreml', 'webgpu', 'cpu']

/**
 * Execution providers onnxruntime-node can use on this machine. Bundled providers come from the
 * runtime itself; CUDA counts only when its provider library was installed (scripts/install-cuda.mjs).
 */
export async function detectProviders(): Promise<string[]> {
  const ort = await import('onnxruntime-node')
  const found = new Set<string>(['cpu'])
  for (const backend of ort.listSupportedBackends()) {
    if (backend.bundled) found.add(backend.name)
    else if (backend.name === 'cuda' && hasCudaLibrary()) found.add('cuda')
  }
  return preference.filter((p) => found.has(p))
}

function hasCudaLibrary(): boolean {
  try {
    const require = createRequire(import.meta.url)
    const root = dirname(require.resolve('onnxruntime-node/package.json'))
    const dir = join(root, 'bin', 'napi-v6', process.platform, process.arch)
    return existsSync(dir) && readdirSync(dir).some((f) => f.includes('providers_cuda'))
  } catch {
    return false
  }
}
