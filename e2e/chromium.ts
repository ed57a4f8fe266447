/**
 * Which Chromium the end-to-end tests drive. Playwright's own browser download needs hosts other
 * than the npm registry, so the tests take, in order: $CHROMIUM_PATH; a Chromium, Google Chrome or
 * Microsoft Edge installed at its usual place; else the headless Chromium that the dev dependency
 * @sparticuz/chromium carries inside its npm package (Linux x64 only), unpacked once into
 * node_modules/.cache.
 */
import { spawnSync } from 'node:child_process'
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { delimiter, dirname, join, resolve } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib'

export interface ChromiumChoice {
  source: 'env' | 'system' | 'npm'
  executablePath: string
  /** Environment for the browser process: the npm build loads its NSS libraries from beside it. */
  env?: Record<string, string>
}

export interface Host {
  platform: NodeJS.Platform
  arch: string
  env: Record<string, string | undefined>
  exists(path: string): boolean
}

/** The usual install paths of Chromium, Chrome and Edge on this platform, most specific first. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: Host['env']): string[] {
  if (platform === 'linux') {
    return [
      '/usr/bin/chromium',
      '/usr/bin/google-chrome-stable',
      '/usr/bin/google-chrome',
      '/opt/google/chrome/chrome',
      '/usr/bin/microsoft-edge-stable',
      '/usr/bin/microsoft-edge',
      '/opt/microsoft/msedge/msedge',
      '/usr/bin/chromium-browser',
      '/snap/bin/chromium'
    ]
  }
  if (platform === 'darwin') {
    const apps = ['Chromium.app/Contents/MacOS/Chromium', 'Google Chrome.app/Contents/MacOS/Google Chrome', 'Microsoft Edge.app/Contents/MacOS/Microsoft Edge']
    const roots = ['/Applications', ...(env.HOME ? [`${env.HOME}/Applications`] : [])]
    return apps.flatMap((app) => roots.map((root) => `${root}/${app}`))
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES, env['PROGRAMFILES(X86)']].filter((root): root is string => Boolean(root))
    const apps = ['Chromium\\Application\\chrome.exe', 'Google\\Chrome\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe']
    return apps.flatMap((app) => roots.map((root) => `${root}\\${app}`))
  }
  return []
}

/**
 * The lookup itself, without touching the disk beyond `host.exists`: an installed browser, or
 * 'npm' when the bundled build is the one to unpack, or null when there is none for this host.
 */
export function pickChromium(host: Host): Omit<ChromiumChoice, 'env'> | 'npm' | null {
  const fromEnv = host.env.CHROMIUM_PATH
  if (fromEnv) {
    // Asked for by name: a wrong path is an error to report, not a reason to pick another browser.
    if (!host.exists(fromEnv)) throw new Error(`CHROMIUM_PATH is set to ${fromEnv}, which does not exist`)
    return { source: 'env', executablePath: fromEnv }
  }
  const installed = systemBrowserPaths(host.platform, host.env).find((path) => host.exists(path))
  if (installed) return { source: 'system', executablePath: installed }
  return host.platform === 'linux' && host.arch === 'x64' ? 'npm' : null
}

const thisHost = (): Host => ({ platform: process.platform, arch: process.arch, env: process.env, exists: existsSync })

/** Finds the Chromium for this machine, unpacking the npm-shipped build on first use. */
export async function findChromium(host: Host = thisHost()): Promise<ChromiumChoice> {
  const pick = pickChromium(host)
  if (pick === 'npm') return unpackNpmChromium()
  if (pick) return pick
  throw new Error(
    `No Chromium for the end-to-end tests on ${host.platform}/${host.arch}: install Chromium, Google Chrome or ` +
      'Microsoft Edge, or set CHROMIUM_PATH to a Chromium-based browser (the npm-shipped build is Linux x64 only)'
  )
}

const root = resolve(__dirname, '..')

/**
 * Unpacks @sparticuz/chromium's brotli-compressed binary and its NSS libraries (built for Amazon
 * Linux, loaded first so a machine without libnss3 runs it too) into a versioned cache folder.
 * Parallel test files each unpack into a folder of their own and rename it into place: the first
 * rename wins, the others drop their copy.
 */
async function unpackNpmChromium(): Promise<ChromiumChoice> {
  const packageDir = dirname(dirname(createRequire(join(root, 'package.json')).resolve('@sparticuz/chromium')))
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string }
  const cache = join(root, 'node_modules', '.cache', 'paramscope-chromium')
  const target = join(cache, version)
  if (!existsSync(join(target, 'chromium'))) {
    mkdirSync(cache, { recursive: true })
    const staging = mkdtempSync(join(cache, `${version}-`))
    try {
      await pipeline(createReadStream(join(packageDir, 'bin', 'chromium.br')), createBrotliDecompress(), createWriteStream(join(staging, 'chromium'), { mode: 0o755 }))
      const untar = spawnSync('tar', ['-x', '-C', staging], { input: brotliDecompressSync(readFileSync(join(packageDir, 'bin', 'al2023.tar.br'))) })
      if (untar.status !== 0) throw new Error(`could not unpack Chromium's libraries: ${untar.error?.message ?? untar.stderr}`)
      renameSync(staging, target)
    } catch (err) {
      rmSync(staging, { recursive: true, force: true })
      if (!existsSync(join(target, 'chromium'))) throw err
    }
  }
  const libs = join(target, 'lib')
  const inherited = process.env.LD_LIBRARY_PATH
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  return { source: 'npm', executablePath: join(target, 'chromium'), env: { ...env, LD_LIBRARY_PATH: inherited ? `${libs}${delimiter}${inherited}` : libs } }
}
