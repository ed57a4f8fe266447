import { EventEmitter } from 'node:events'
import { PassThrough } from 'node:stream'
import type { ForkOptions, UtilityProcess } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { createElectronLauncher } from './electron-launcher'

class FakeUtilityProcess extends EventEmitter {
  pid: number | undefined = 4242
  stdout = new PassThrough()
  stderr = new PassThrough()
  posted: unknown[] = []
  kills = 0
  postMessage(message: unknown) {
    this.posted.push(message)
  }
  kill() {
    this.kills++
    return true
  }
  /** Exits the way Electron does: 'exit' with a code, the pipes end afterwards. */
  finish(code: number) {
    this.emit('exit', code)
    this.stdout.end()
    this.stderr.end()
  }
}

function setup() {
  const child = new FakeUtilityProcess()
  const calls: Array<{ path: string; args: string[]; options: ForkOptions }> = []
  const launcher = createElectronLauncher((path, args, options) => {
    calls.push({ path, args, options })
    return child as unknown as UtilityProcess
  })
  const proc = launcher.launch({ entry: '/app/out/main/trainer.js', serviceName: 'paramscope-run-7', env: { RUN_ID: '7' } })
  return { child, calls, proc }
}

describe('electron launcher', () => {
  it('forks the entry as a utility process with piped output and merged env', () => {
    const { calls } = setup()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.path).toBe('/app/out/main/trainer.js')
    expect(calls[0]!.options).toMatchObject({ stdio: 'pipe', serviceName: 'paramscope-run-7', env: { RUN_ID: '7' } })
    expect(calls[0]!.options.env).toHaveProperty('PATH', process.env.PATH)
  })

  it('passes messages both ways and reports output by stream', () => {
    const { child, proc } = setup()
    const messages: unknown[] = []
    const output: string[] = []
    proc.onMessage((m) => messages.push(m))
    proc.onOutput((stream, text) => output.push(`${stream}:${text}`))
    proc.send({ type: 'cancel' })
    child.emit('message', { type: 'progress', step: 3, totalSteps: 10 })
    child.stdout.write('epoch 1\n')
    child.stderr.write('warning\n')
    expect(child.posted).toEqual([{ type: 'cancel' }])
    expect(messages).toEqual([{ type: 'progress', step: 3, totalSteps: 10 }])
    expect(output).toEqual(['stdout:epoch 1\n', 'stderr:warning\n'])
    expect(proc.pid).toBe(4242)
  })

  it('reports the exit after the last output, once, with no signal when it ended by itself', async () => {
    const { child, proc } = setup()
    const events: string[] = []
    proc.onOutput((_s, text) => events.push(text))
    const exited = new Promise<void>((resolve) =>
      proc.onExit((code, signal) => {
        events.push(`exit ${code} ${signal}`)
        resolve()
      })
    )
    child.emit('exit', 3)
    child.stdout.end('last words\n')
    child.stderr.end()
    await exited
    expect(events).toEqual(['last words\n', 'exit 3 null'])
    const late = vi.fn()
    proc.onExit(late)
    expect(late).toHaveBeenCalledWith(3, null)
    proc.send({ type: 'cancel' })
    expect(child.posted).toEqual([])
  })

  it('uses SIGKILL for a hung trainer and reports the signal it sent', async () => {
    const { child, proc } = setup()
    const kill = vi.spyOn(process, 'kill').mockImplementation(() => true)
    proc.kill('SIGKILL')
    expect(kill).toHaveBeenCalledWith(4242, 'SIGKILL')
    expect(child.kills).toBe(0)
    kill.mockRestore()
    const exit = new Promise<[number | null, string | null]>((resolve) => proc.onExit((code, signal) => resolve([code, signal])))
    child.finish(137)
    expect(await exit).toEqual([137, 'SIGKILL'])
  })

  it('terminates politely for SIGTERM', () => {
    const { child, proc } = setup()
    proc.kill()
    expect(child.kills).toBe(1)
  })
})
