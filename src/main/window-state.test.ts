import { EventEmitter } from 'node:events'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { DEFAULT_STATE, ensureVisible, loadWindowState, saveWindowState, trackWindowState, type Rect } from './window-state'

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 }
const right: Rect = { x: 1920, y: 0, width: 1280, height: 984 }

describe('ensureVisible', () => {
  it('keeps a window that sits on a display', () => {
    expect(ensureVisible({ x: 100, y: 50, width: 1200, height: 800 }, [primary, right])).toEqual({ x: 100, y: 50, width: 1200, height: 800 })
  })

  it('keeps a window on the second display and fits it to that display', () => {
    expect(ensureVisible({ x: 2000, y: 10, width: 1600, height: 1000 }, [primary, right])).toEqual({ x: 2000, y: 10, width: 1280, height: 984 })
  })

  it('centres a window whose display was unplugged', () => {
    expect(ensureVisible({ x: 2000, y: 10, width: 1000, height: 700 }, [primary])).toEqual({ width: 1000, height: 700 })
  })

  it('centres a window whose title bar is above the screen or barely on it', () => {
    expect(ensureVisible({ x: 100, y: -500, width: 1000, height: 700 }, [primary])).toEqual({ width: 1000, height: 700 })
    expect(ensureVisible({ x: 1900, y: 100, width: 1000, height: 700 }, [primary])).toEqual({ width: 1000, height: 700 })
  })

  it('shrinks a window larger than the primary display when centring it', () => {
    expect(ensureVisible({ width: 5000, height: 3000 }, [primary])).toEqual({ width: 1920, height: 1040 })
  })

  it('leaves bounds alone when no display is known', () => {
    expect(ensureVisible({ x: -9999, y: 0, width: 10, height: 10 }, [])).toEqual({ x: -9999, y: 0, width: 10, height: 10 })
  })
})

describe('window state file', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'paramscope-winstate-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('falls back to the defaults when the file is missing or corrupt', async () => {
    expect(await loadWindowState(join(dir, 'none.json'), [primary])).toEqual(DEFAULT_STATE)
    const file = join(dir, 'window-state.json')
    await writeFile(file, '{"bounds": {"width": 12', 'utf8')
    expect(await loadWindowState(file, [primary])).toEqual(DEFAULT_STATE)
    await writeFile(file, JSON.stringify({ bounds: { width: -3, height: 'tall' }, isMaximized: 1 }), 'utf8')
    expect(await loadWindowState(file, [primary])).toEqual(DEFAULT_STATE)
  })

  it('round-trips a saved state', async () => {
    const file = join(dir, 'nested', 'window-state.json')
    saveWindowState(file, { bounds: { x: 40, y: 30, width: 1100, height: 700 }, isMaximized: true })
    expect(await loadWindowState(file, [primary])).toEqual({ bounds: { x: 40, y: 30, width: 1100, height: 700 }, isMaximized: true })
  })

  it('saves the normal bounds when the window closes', async () => {
    const file = join(dir, 'window-state.json')
    const win = Object.assign(new EventEmitter(), {
      getNormalBounds: () => ({ x: 5, y: 6, width: 1000, height: 650 }),
      isMaximized: () => false
    })
    trackWindowState(win, file)
    win.emit('close')
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ bounds: { x: 5, y: 6, width: 1000, height: 650 }, isMaximized: false })
  })

  it('warns instead of throwing when the state cannot be written', async () => {
    const blocker = join(dir, 'a-file')
    await writeFile(blocker, 'x')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const win = Object.assign(new EventEmitter(), { getNormalBounds: () => ({ x: 0, y: 0, width: 900, height: 600 }), isMaximized: () => true })
    trackWindowState(win, join(blocker, 'window-state.json'))
    expect(() => win.emit('close')).not.toThrow()
    expect(warn).toHaveBeenCalledOnce()
    warn.mockRestore()
  })
})
