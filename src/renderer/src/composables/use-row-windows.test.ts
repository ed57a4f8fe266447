import { describe, expect, it } from 'vitest'
import { flushPromises } from '../testing/fake-api'
import { useRowWindows, visibleRange, windowsCovering } from './use-row-windows'

describe('visible rows', () => {
  it('covers the viewport plus overscan, clamped to the table', () => {
    // 280 px of 28 px rows: rows 10..20 visible (11 with the partly shown one), 4 either side.
    expect(visibleRange(280, 280, 28, 1000)).toEqual({ start: 6, end: 25 })
    expect(visibleRange(0, 280, 28, 1000)).toEqual({ start: 0, end: 15 })
    expect(visibleRange(28 * 995, 280, 28, 1000)).toEqual({ start: 991, end: 1000 })
    expect(visibleRange(0, 280, 28, 3)).toEqual({ start: 0, end: 3 })
    expect(visibleRange(0, 280, 28, 0)).toEqual({ start: 0, end: 0 })
  })

  it('names the windows that hold a range', () => {
    expect(windowsCovering({ start: 95, end: 205 }, 100)).toEqual([0, 1, 2])
    expect(windowsCovering({ start: 100, end: 200 }, 100)).toEqual([1])
    expect(windowsCovering({ start: 0, end: 0 }, 100)).toEqual([])
  })
})

describe('row windows', () => {
  it('fetches each needed window once, serves rows from them and drops far windows', async () => {
    const asked: number[] = []
    const rows = useRowWindows(
      async (offset, limit) => {
        asked.push(offset)
        return { rows: Array.from({ length: limit }, (_, i) => [`r${offset + i}`]), total: 10000 }
      },
      { windowSize: 10, maxWindows: 3 }
    )
    await Promise.all([rows.show({ start: 5, end: 15 }), rows.show({ start: 5, end: 15 })])
    expect(asked).toEqual([0, 10])
    expect(rows.rowAt(12)).toEqual(['r12'])
    expect(rows.total.value).toBe(10000)

    await rows.show({ start: 20, end: 35 })
    expect(asked).toEqual([0, 10, 20, 30])
    // Three windows at most: window 0 (rows 0-9), the farthest from the view, went.
    expect([...rows.windows.value.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3])
    expect(rows.rowAt(3)).toBeUndefined()
    await flushPromises()
  })

  it('keeps the error of a failed window and asks again on the next show', async () => {
    let fail = true
    const rows = useRowWindows(async (offset) => {
      if (fail) throw new Error('file is missing')
      return { rows: [[`r${offset}`]], total: 1 }
    })
    await rows.show({ start: 0, end: 1 })
    expect((rows.error.value as Error).message).toBe('file is missing')
    fail = false
    await rows.show({ start: 0, end: 1 })
    expect(rows.error.value).toBeNull()
    expect(rows.rowAt(0)).toEqual(['r0'])
  })
})
