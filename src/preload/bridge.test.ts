import { EventEmitter } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { createBridge } from './bridge'

function fakeIpc() {
  const emitter = new EventEmitter()
  const invoke = vi.fn(async (_channel: string, method: string) => ({ ok: true, result: { method } }))
  return {
    emitter,
    invoke,
    ipc: {
      invoke,
      on: (channel: string, listener: (...args: unknown[]) => void) => emitter.on(channel, listener),
      removeListener: (channel: string, listener: (...args: unknown[]) => void) => emitter.removeListener(channel, listener)
    }
  }
}

const fakeEvent = { sender: 'the ipcRenderer itself' }

describe('preload bridge', () => {
  it('passes contract methods through and returns the envelope', async () => {
    const { ipc, invoke } = fakeIpc()
    const bridge = createBridge(ipc as never)
    expect(await bridge.invoke('app.info', {})).toEqual({ ok: true, result: { method: 'app.info' } })
    expect(invoke).toHaveBeenCalledWith('paramscope:invoke', 'app.info', {})
  })

  it('rejects names outside the contract without touching IPC', async () => {
    const { ipc, invoke } = fakeIpc()
    const bridge = createBridge(ipc as never)
    await expect(bridge.invoke('shell.exec' as never, {} as never)).rejects.toThrow('Unknown API method "shell.exec"')
    await expect(bridge.invoke({ toString: () => 'app.info' } as never, {} as never)).rejects.toThrow(/Unknown API method/)
    expect(invoke).not.toHaveBeenCalled()
  })

  it('delivers only payloads of the subscribed event, never the IPC event', () => {
    const { ipc, emitter } = fakeIpc()
    const bridge = createBridge(ipc as never)
    const logs: unknown[][] = []
    const off = bridge.on('run.log', (...args: unknown[]) => logs.push(args))
    emitter.emit('paramscope:event', fakeEvent, 'run.log', { runId: 1, text: 'hi' })
    emitter.emit('paramscope:event', fakeEvent, 'run.updated', { id: 1 })
    expect(logs).toEqual([[{ runId: 1, text: 'hi' }]])
    off()
    emitter.emit('paramscope:event', fakeEvent, 'run.log', { runId: 1, text: 'again' })
    expect(logs).toHaveLength(1)
    expect(emitter.listenerCount('paramscope:event')).toBe(0)
  })

  it('ignores unknown events and keeps one IPC listener for many subscribers', () => {
    const { ipc, emitter } = fakeIpc()
    const bridge = createBridge(ipc as never)
    const unknown = vi.fn()
    bridge.on('secret.event' as never, unknown)
    expect(emitter.listenerCount('paramscope:event')).toBe(0)
    const seen: number[] = []
    const offs = Array.from({ length: 20 }, (_, i) => bridge.on('experiments.changed', () => seen.push(i)))
    expect(emitter.listenerCount('paramscope:event')).toBe(1)
    emitter.emit('paramscope:event', fakeEvent, 'secret.event', {})
    emitter.emit('paramscope:event', fakeEvent, 'experiments.changed', {})
    expect(unknown).not.toHaveBeenCalled()
    expect(seen).toHaveLength(20)
    offs.forEach((off) => off())
    expect(emitter.listenerCount('paramscope:event')).toBe(0)
  })

  it('keeps delivering when one listener throws', () => {
    const { ipc, emitter } = fakeIpc()
    const bridge = createBridge(ipc as never)
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    const good = vi.fn()
    bridge.on('run.log', () => {
      throw new Error('view broke')
    })
    bridge.on('run.log', good)
    emitter.emit('paramscope:event', fakeEvent, 'run.log', { runId: 2, text: 'x' })
    expect(good).toHaveBeenCalledWith({ runId: 2, text: 'x' })
    expect(error).toHaveBeenCalledOnce()
    error.mockRestore()
  })

  it('offers pathForFile only when given webUtils, and asks it for the file passed', () => {
    const { ipc } = fakeIpc()
    expect(createBridge(ipc as never).pathForFile).toBeUndefined()
    const getPathForFile = vi.fn((file: { name: string }) => (file.name === 'built-in-page.csv' ? '' : `/data/${file.name}`))
    const bridge = createBridge(ipc as never, { getPathForFile } as never)
    expect(bridge.pathForFile!({ name: 'iris.csv' } as File)).toBe('/data/iris.csv')
    expect(bridge.pathForFile!({ name: 'built-in-page.csv' } as File)).toBe('')
    expect(getPathForFile).toHaveBeenCalledTimes(2)
  })
})
