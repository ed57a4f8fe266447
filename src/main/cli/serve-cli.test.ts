/** `paramscope serve` as a user starts it: the built command, a real port, its real output. */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exposureWarning, isLoopbackHost } from './commands/serve'
import { builtCli, requireBuilt } from './testing'

let dir: string

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-serve-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Starts `serve` with `args`, waits for the URL it prints, stops it, and returns what it wrote. */
function serveOnce(args: string[]): Promise<{ port: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtCli, 'serve', '--port', '0', '--data', join(dir, 'home'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let port = 0
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString()
      const match = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=/.exec(stdout)
      if (match && !port) {
        port = Number(match[1])
        child.kill('SIGTERM')
      }
    })
    child.once('error', reject)
    child.once('close', (code) => (port ? resolve({ port, stdout, stderr }) : reject(new Error(`serve exited with ${code} before printing its URL:\n${stdout}\n${stderr}`))))
  })
}

describe('paramscope serve --host', () => {
  it('warns on stderr that a host beyond loopback gets the token over plain HTTP, and names the SSH tunnel', async () => {
    const { port, stdout, stderr } = await serveOnce(['--host', '0.0.0.0'])
    expect(stderr).toContain('--host 0.0.0.0 serves ParamScope beyond this machine over plain HTTP')
    expect(stderr).toContain(`ssh -L ${port}:127.0.0.1:${port} user@`)
    // The URL line stays alone on stdout, for scripts that read it.
    expect(stdout).not.toContain('Warning')
  })

  it('says nothing of the kind on the default 127.0.0.1', async () => {
    const { stderr } = await serveOnce([])
    expect(stderr).not.toContain('Warning')
    expect(stderr).not.toContain('ssh -L')
  })

  it('counts only loopback addresses and names as private to this machine', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(true)
      expect(exposureWarning(host, 7070), host).toBeNull()
    }
    for (const host of ['0.0.0.0', '::', '192.168.1.4', 'gpu-box.lab', '128.0.0.1']) {
      expect(isLoopbackHost(host), host).toBe(false)
      expect(exposureWarning(host, 7070), host).toContain('ssh -L 7070:127.0.0.1:7070')
    }
  })
})
