import { describe, expect, it } from 'vitest'
import { pickChromium, type Host } from './chromium'

const host = (platform: NodeJS.Platform, present: string[], env: Host['env'] = {}, arch = 'x64'): Host => ({
  platform,
  arch,
  env,
  exists: (path) => present.includes(path)
})

describe('the Chromium the end-to-end tests use', () => {
  it('takes CHROMIUM_PATH first, even with a system browser installed', () => {
    expect(pickChromium(host('linux', ['/usr/bin/chromium', '/opt/my/chrome'], { CHROMIUM_PATH: '/opt/my/chrome' }))).toEqual({
      source: 'env',
      executablePath: '/opt/my/chrome'
    })
  })

  it('refuses a CHROMIUM_PATH that does not exist instead of picking another browser', () => {
    expect(() => pickChromium(host('linux', ['/usr/bin/chromium'], { CHROMIUM_PATH: '/nowhere/chrome' }))).toThrow('CHROMIUM_PATH is set to /nowhere/chrome, which does not exist')
  })

  it('takes a system Chromium before Chrome and Edge on Linux', () => {
    const all = ['/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/microsoft-edge']
    expect(pickChromium(host('linux', all))).toEqual({ source: 'system', executablePath: '/usr/bin/chromium' })
    expect(pickChromium(host('linux', all.slice(1)))).toEqual({ source: 'system', executablePath: '/usr/bin/google-chrome' })
    expect(pickChromium(host('linux', all.slice(2)))).toEqual({ source: 'system', executablePath: '/usr/bin/microsoft-edge' })
  })

  it('finds Chrome in the user\'s Applications on macOS and Edge under Program Files on Windows', () => {
    const chrome = '/Users/ada/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'
    expect(pickChromium(host('darwin', [chrome], { HOME: '/Users/ada' }, 'arm64'))).toEqual({ source: 'system', executablePath: chrome })
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe'
    const env = { PROGRAMFILES: 'C:\\Program Files', 'PROGRAMFILES(X86)': 'C:\\Program Files (x86)', LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }
    expect(pickChromium(host('win32', [edge], env))).toEqual({ source: 'system', executablePath: edge })
  })

  it('falls back to the npm-shipped build on Linux x64 only', () => {
    expect(pickChromium(host('linux', []))).toBe('npm')
    expect(pickChromium(host('linux', [], {}, 'arm64'))).toBeNull()
    expect(pickChromium(host('darwin', [], {}, 'arm64'))).toBeNull()
    expect(pickChromium(host('win32', []))).toBeNull()
  })
})
