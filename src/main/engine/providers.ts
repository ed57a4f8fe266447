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
    if (backend.name === 'webgpu' && !webgpuCanStart()) continue
    if (backend.bundled) found.add(backend.name)
    else if (backend.name === 'cuda' && hasCudaLibrary()) found.add('cuda')
  }
  return preference.filter((p) => found.has(p))
}

/** Where Linux distributions keep shared libraries, after LD_LIBRARY_PATH. */
const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu', '/lib64', '/lib', '/usr/local/lib']

/**
 * Whether onnxruntime's WebGPU provider can start here. On Linux it runs on Vulkan, so without
 * the Vulkan loader every session would first fail (printing a loader warning into the run's
 * log) and then fall back to the CPU; it is not offered there. Elsewhere it runs on D3D12 or Metal.
 */
export function webgpuCanStart(platform: string = process.platform, env: NodeJS.ProcessEnv = process.env, exists: (path: string) => boolean = existsSync): boolean {
  if (platform !== 'linux') return true
  const dirs = [...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean), ...LIBRARY_DIRS]
  return dirs.some((dir) => exists(join(dir, 'libvulkan.so.1')))
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
