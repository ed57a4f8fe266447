// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { useRedraw } from './use-redraw'

afterEach(() => vi.useRealTimers())

function follow(cost: number) {
  const version = ref(0)
  let drawn!: ReturnType<typeof useRedraw>
  const w = mount(defineComponent({ setup: () => ((drawn = useRedraw(() => version.value, () => cost)), () => h('div')) }))
  return { version, drawn: () => drawn.value, w }
}

describe('useRedraw', () => {
  it('follows every batch of a small chart at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    const { version, drawn } = follow(10)
    for (let v = 1; v <= 3; v++) {
      version.value = v
      await nextTick()
      expect(drawn()).toBe(v)
      vi.advanceTimersByTime(1)
    }
  })

  it('redraws a large chart at most once per wait, with the latest version, and stops on unmount', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    // 12,000 points: 600 ms between redraws.
    const { version, drawn, w } = follow(12_000)
    version.value = 1
    await nextTick()
    expect(drawn()).toBe(1)
    for (let v = 2; v <= 5; v++) {
      vi.advanceTimersByTime(100)
      version.value = v
      await nextTick()
    }
    expect(drawn()).toBe(1)
    vi.advanceTimersByTime(200)
    expect(drawn()).toBe(5)
    version.value = 6
    await nextTick()
    w.unmount()
    vi.advanceTimersByTime(1000)
    expect(drawn()).toBe(5)
  })
})
