// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { createAppRouter, followEarlyHashChange, prefetchPages } from './router'

const blank = defineComponent({ render: () => h('div') })

describe('the router at start-up', () => {
  it('follows a hash changed before its first navigation ended, which vue-router alone drops', async () => {
    window.location.hash = '#/'
    const router = createAppRouter()
    followEarlyHashChange(router)
    const app = createApp(blank)
    app.use(router)
    // The first page's code is still loading when the address changes.
    window.location.hash = '#/compare?runs=3,4'
    app.mount(document.createElement('div'))
    await router.isReady()
    expect(router.currentRoute.value.name).toBe('compare')
    expect(router.currentRoute.value.query.runs).toBe('3,4')
    app.unmount()
  })
})

describe('prefetching pages', () => {
  it("loads every page's code once, one after another, after the first page shows, and leaves loaded ones alone", async () => {
    const first = vi.fn(() => Promise.resolve(blank))
    const second = vi.fn(() => Promise.resolve(blank))
    const broken = vi.fn(() => Promise.reject(new Error('chunk gone')))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: first }, { path: '/b', component: second }, { path: '/c', component: broken }] })
    router.onError(() => undefined)
    const idle: (() => void)[] = []
    prefetchPages(router, (run) => idle.push(run))
    await router.push('/')
    await router.isReady()
    expect([first.mock.calls.length, second.mock.calls.length, idle.length]).toEqual([1, 0, 1])
    // One page per idle moment: the next is asked for once the one before has loaded.
    idle.shift()!()
    expect([second.mock.calls.length, broken.mock.calls.length, idle.length]).toEqual([1, 0, 0])
    await vi.waitFor(() => expect(idle.length).toBe(1))
    idle.shift()!()
    expect(broken.mock.calls.length).toBe(1)
    // A failed page does not stop the walk; none is left after it.
    await vi.waitFor(() => expect(idle.length).toBe(1))
    idle.shift()!()
    expect(first.mock.calls.length).toBe(1)
    // A page whose code failed here is asked again when opened.
    await router.push('/c').catch(() => undefined)
    expect(broken.mock.calls.length).toBe(2)
  })
})
