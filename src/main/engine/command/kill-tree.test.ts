import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { startCommandProcess } from './command-process'
import { signalTree, treeSpawnOptions, type TreePlatform } from './kill-tree'

/** A platform that records what would be run and signalled. */
function fakePlatform(platform: NodeJS.Platform) {
  const runs: [string, string[]][] = []
  const kills: [number, NodeJS.Signals][] = []
  const p: TreePlatform = { platform, run: (file, args) => runs.push([file, args]), kill: (pid, signal) => kills.push([pid, signal]) }
  return { p, runs, kills }
}

/** Whether a process runs: a zombie (dead, not yet reaped) does not. */
const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return process.platform !== 'linux'
  }
}
const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 20))
}

describe('a process tree on each platform', () => {
  it('on Windows is killed with taskkill /T (/F to force), with no console window and no process group', () => {
    const { p, runs, kills } = fakePlatform('win32')
    expect(treeSpawnOptions(p)).toEqual({ detached: false, windowsHide: true })
    signalTree(4242, 'SIGTERM', p)
    signalTree(4242, 'SIGKILL', p)
    expect(runs).toEqual([
      ['taskkill', ['/pid', '4242', '/T']],
      ['taskkill', ['/pid', '4242', '/T', '/F']]
    ])
    expect(kills).toEqual([])
  })

  it('on Linux and macOS is its own process group, signalled through the negative pid; a gone group is no error', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const { p, runs, kills } = fakePlatform(platform)
      expect(treeSpawnOptions(p)).toEqual({ detached: true })
      signalTree(4242, 'SIGTERM', p)
      signalTree(4242, 'SIGKILL', p)
      expect(kills).toEqual([
        [-4242, 'SIGTERM'],
        [-4242, 'SIGKILL']
      ])
      expect(runs).toEqual([])
    }
    const gone: TreePlatform = {
      platform: 'linux',
      run: () => undefined,
      kill: () => {
        throw Object.assign(new Error('kill ESRCH'), { code: 'ESRCH' })
      }
    }
    expect(() => signalTree(4242, 'SIGKILL', gone)).not.toThrow()
  })

  it.skipIf(process.platform === 'win32')('kills a real script and the child it started on this machine', async () => {
    const script = "const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000)"
    const parent = spawn(process.execPath, ['-e', script], { ...treeSpawnOptions(), stdio: ['ignore', 'pipe', 'ignore'] })
    const childPid = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString()))))
    expect(alive(parent.pid!) && alive(childPid)).toBe(true)
    signalTree(parent.pid!, 'SIGKILL')
    await until(() => !alive(parent.pid!) && !alive(childPid))
    expect([alive(parent.pid!), alive(childPid)]).toEqual([false, false])
  })

  it('makes a command run on Windows cancel and kill through taskkill, never a group signal', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-kill-tree-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const { p, runs, kills } = fakePlatform('win32')
    const proc = startCommandProcess(
      { file: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, cwd: dir, files: [], metricsFile: join(dir, 'm.jsonl'), stopFile: join(dir, 'stop') },
      { runDir: dir, graceSeconds: 1, tree: p }
    )
    const exited = new Promise((resolve) => proc.onExit(resolve))
    await until(() => proc.pid !== undefined)
    const pid = proc.pid!
    proc.send({ type: 'cancel' })
    proc.kill('SIGKILL')
    expect(runs).toEqual([
      ['taskkill', ['/pid', String(pid), '/T']],
      ['taskkill', ['/pid', String(pid), '/T', '/F']]
    ])
    expect(kills).toEqual([])
    // This machine has no taskkill: the test ends the script itself.
    process.kill(pid, 'SIGKILL')
    await exited
    expect(runs).toHaveLength(2)
  })
})
