import { describe, expect, it } from 'vitest'
import { detectProviders, webgpuCanStart } from './providers'

describe('execution providers', () => {
  it('offer WebGPU on Linux only where the Vulkan loader is, LD_LIBRARY_PATH included', () => {
    const at = (...paths: string[]) => (path: string) => paths.includes(path)
    expect(webgpuCanStart('linux', {}, at())).toBe(false)
    expect(webgpuCanStart('linux', {}, at('/usr/lib/x86_64-linux-gnu/libvulkan.so.1'))).toBe(true)
    expect(webgpuCanStart('linux', { LD_LIBRARY_PATH: '/opt/gl/lib:/other' }, at('/opt/gl/lib/libvulkan.so.1'))).toBe(true)
    expect(webgpuCanStart('win32', {}, at())).toBe(true)
    expect(webgpuCanStart('darwin', {}, at())).toBe(true)
  })

  it('list the CPU last and always, and WebGPU only when it can start', async () => {
    const found = await detectProviders()
    expect(found.at(-1)).toBe('cpu')
    expect(found.includes('webgpu')).toBe(webgpuCanStart())
  })
})
