import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { z } from 'zod'
import { MIN_HEIGHT, MIN_WIDTH, type WindowBounds } from './window'

/** A screen rectangle, as Electron's `Display.workArea`. */
export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  bounds: WindowBounds
  isMaximized: boolean
}

export const DEFAULT_STATE: WindowState = { bounds: { width: 1280, height: 820 }, isMaximized: false }

/** How much of the title bar must lie on a screen for the user to be able to grab it. */
const GRAB_WIDTH = 100
const GRAB_HEIGHT = 24

const StateFile = z.object({
  bounds: z.object({
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    x: z.number().int().optional(),
    y: z.number().int().optional()
  }),
  isMaximized: z.boolean()
})

function overlap(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0))
}

function fitSize(bounds: WindowBounds, area: Rect): WindowBounds {
  return {
    ...bounds,
    width: Math.max(Math.min(bounds.width, area.width), Math.min(MIN_WIDTH, area.width)),
    height: Math.max(Math.min(bounds.height, area.height), Math.min(MIN_HEIGHT, area.height))
  }
}

/**
 * Keeps saved bounds only if the window's title bar can still be grabbed on one of the
 * displays (a monitor may have been unplugged since); otherwise drops the position so the
 * window opens centred on the primary display. The size never exceeds the chosen work area.
 * `workAreas` lists the displays' work areas, primary first.
 */
export function ensureVisible(bounds: WindowBounds, workAreas: Rect[]): WindowBounds {
  const primary = workAreas[0]
  if (!primary) return bounds
  const centred = (): WindowBounds => {
    const fit = fitSize(bounds, primary)
    return { width: fit.width, height: fit.height }
  }
  const { x, y } = bounds
  if (x === undefined || y === undefined) return centred()
  const home = workAreas.find((area) => {
    const grabWidth = Math.min(GRAB_WIDTH, bounds.width)
    return (
      overlap(x, x + bounds.width, area.x, area.x + area.width) >= grabWidth &&
      overlap(y, y + GRAB_HEIGHT, area.y, area.y + area.height) >= GRAB_HEIGHT
    )
  })
  return home ? fitSize(bounds, home) : centred()
}

/** Reads the saved state; a missing, unreadable or malformed file gives the defaults. */
export async function loadWindowState(file: string, workAreas: Rect[]): Promise<WindowState> {
  let state = DEFAULT_STATE
  try {
    const parsed = StateFile.safeParse(JSON.parse(await readFile(file, 'utf8')))
    if (parsed.success) state = parsed.data
  } catch {
    // First launch or a truncated write: the defaults are the right answer, not an error.
  }
  return { bounds: ensureVisible(state.bounds, workAreas), isMaximized: state.isMaximized }
}

/**
 * Writes through a temporary file so a crash mid-write cannot leave half a JSON document.
 * Synchronous on purpose: it runs while the app quits, and a pending async write would be cut off.
 */
export function saveWindowState(file: string, state: WindowState): void {
  mkdirSync(dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, JSON.stringify(state, null, 2), 'utf8')
  renameSync(tmp, file)
}

/** The parts of a BrowserWindow that state tracking needs. */
export interface TrackedWindow {
  getNormalBounds(): Rect
  isMaximized(): boolean
  once(event: 'close', listener: () => void): unknown
}

/** Saves the window's normal (un-maximized) bounds and maximized flag when it closes. */
export function trackWindowState(win: TrackedWindow, file: string): void {
  win.once('close', () => {
    try {
      saveWindowState(file, { bounds: win.getNormalBounds(), isMaximized: win.isMaximized() })
    } catch (err) {
      // Losing the window position is not worth blocking quit over; say why on the console.
      console.warn(`Could not save window state to ${file}:`, err)
    }
  })
}
