/**
 * bin/paramscope.cjs as a process tree: signals to the launcher reach the CLI it started, the
 * launcher ends as the CLI ended, and under npm the CLI stops when the shell npm ran it in is gone.
 * Each case serves on a free port and checks that the engine's process is gone and the port free.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt } from './testing'

const launcher = resolve(__dirname, '../../../bin/paramscope.cjs')
const olderNode = join(__dirname, 'fixtures', 'older-node.cjs')

let dir: string
let data: string
const started: number[] = []

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-launcher-'))
  data = join(dir, 'home')
})

// A failed case leaves no server behind.
afterEach(() => {
  for (const pid of started.splice(0)) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Whether a process exists and has not ended: a zombie waiting for its parent counts as ended. */
function isRunning(pid: number): boolean {
  const stat = spawnSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()
  return stat !== '' && !stat.startsWith('Z')
}

/** The processes whose parent is `pid`, with their command lines. */
function childrenOf(pid: number): { pid: number; args: string }[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).stdout
  return ps
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[2]) === pid)
    .map((m) => ({ pid: Number(m[1]), args: m[3] }))
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((ok) => setTimeout(ok, 50))
}

/** Resolves with the port once `proc` prints the address it serves at. */
function servingPort(proc: ChildProcess): Promise<number> {
  let out = ''
  return new Promise((ok, fail) => {
    proc.stdout!.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const m = /serving at http:\/\/127\.0\.0\.1:(\d+)\//.exec(out)
      if (m) ok(Number(m[1]))
    })
    proc.on('exit', (code) => fail(new Error(`exited with ${code} before serving: ${out}`)))
  })
}

/** Whether a new server can listen on the port: nothing holds it any more. */
function portIsFree(port: number): Promise<boolean> {
  return new Promise((ok) => {
    const probe = createServer()
    probe.once('error', () => ok(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => ok(true)))
  })
}

const exitOf = (proc: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((ok) => proc.on('exit', (code, signal) => ok({ code, signal })))

/**
 * `paramscope serve` through the launcher on a Node that reports itself older than 22, so the CLI
 * runs as the launcher's child; in a session of its own, without a terminal, as a service runs it.
 */
async function serveThroughLauncher() {
  const proc = spawn(process.execPath, ['--require', olderNode, launcher, '--data', data, 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  started.push(proc.pid!)
  const exited = exitOf(proc)
  const port = await servingPort(proc)
  const children = childrenOf(proc.pid!)
  expect(children).toHaveLength(1)
  expect(children[0].args).toContain(join('out', 'main', 'cli.js'))
  started.push(children[0].pid)
  return { proc, exited, port, engine: children[0].pid }
}

describe.skipIf(process.platform === 'win32')('bin/paramscope.cjs', { timeout: 60000 }, () => {
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`passes ${signal} on to the CLI it started, which stops serving, and exits with its code`, async () => {
      const { proc, exited, port, engine } = await serveThroughLauncher()
      proc.kill(signal)
      expect(await exited).toEqual({ code: 0, signal: null })
      expect(isRunning(engine)).toBe(false)
      expect(await portIsFree(port)).toBe(true)
    })
  }

  it('ends by the signal that ended the CLI', async () => {
    const { exited, engine } = await serveThroughLauncher()
    process.kill(engine, 'SIGKILL')
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' })
  })

  it('stops the CLI when npm is stopped and the shell it ran the launcher in ends without passing SIGTERM on', async () => {
    // As `npx paramscope serve` runs it: npm → sh -c → the launcher, here on this Node (22), so the
    // launcher is the CLI. npm passes SIGTERM to the shell, which ends and leaves its child.
    const shell = spawn('sh', ['-c', '"$@"; echo "sh: done"', 'sh', process.execPath, launcher, '--data', data, 'serve'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_lifecycle_event: 'npx', npm_command: 'exec' }
    })
    started.push(shell.pid!)
    const port = await servingPort(shell)
    const [cli] = childrenOf(shell.pid!)
    expect(cli.args).toContain('paramscope.cjs')
    started.push(cli.pid)
    const shellExited = exitOf(shell)
    shell.kill('SIGTERM')
    expect(await shellExited).toEqual({ code: null, signal: 'SIGTERM' })
    await until(() => !isRunning(cli.pid))
    expect(await portIsFree(port)).toBe(true)
  })
})
