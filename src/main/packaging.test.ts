import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

/**
 * The packaged app's security rests partly on electron-builder.yml: the fuses it flips in the
 * Electron binary and the archive it packs the code into. Nothing else runs that file in the
 * tests (packaging downloads Electron), so this reads it and holds it to those settings.
 */
const root = join(__dirname, '..', '..')
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>
const fuses = config.electronFuses as Record<string, unknown>
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; productName: string }

describe('electron-builder.yml', () => {
  it('is a configuration electron-builder accepts', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
  })

  it('names the app and packs only the build and its resources, into one asar archive', () => {
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/)
    expect(config.productName).toBe(packageJson.productName)
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'resources/**']))
    expect((config.files as string[]).filter((pattern) => !pattern.startsWith('!'))).toEqual(['out/**', 'resources/**'])
    expect(config.asar).toBe(true)
  })

  it('takes each platform icon from resources/', () => {
    expect(config.mac).toMatchObject({ icon: 'resources/icon.icns' })
    expect(config.win).toMatchObject({ icon: 'resources/icon.ico' })
    expect(config.linux).toMatchObject({ icon: 'resources/icons' })
  })

  it('turns off running as Node, NODE_OPTIONS and the inspector flags', () => {
    expect(fuses.runAsNode).toBe(false)
    expect(fuses.enableNodeOptionsEnvironmentVariable).toBe(false)
    expect(fuses.enableNodeCliInspectArguments).toBe(false)
  })

  it('encrypts cookies and loads the app only from an asar archive whose integrity is checked', () => {
    expect(fuses.enableCookieEncryption).toBe(true)
    expect(fuses.enableEmbeddedAsarIntegrityValidation).toBe(true)
    expect(fuses.onlyLoadAppFromAsar).toBe(true)
  })

  it('gives file: pages no extra privileges, since the window loads paramscope://app', () => {
    expect(fuses.grantFileProtocolExtraPrivileges).toBe(false)
  })

  it('is what `npm run dist` packs with, after a build', () => {
    expect(packageJson.scripts.dist).toBe('electron-vite build && electron-builder')
  })
})
