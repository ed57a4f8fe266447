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
  it("loads every page's code once, after the first page shows, and leaves loaded ones alone", async () => {
    const first = vi.fn(() => Promise.resolve(blank))
    const second = vi.fn(() => Promise.resolve(blank))
    const broken = vi.fn(() => Promise.reject(new Error('chunk gone')))
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', component: first }, { path: '/b', component: second }, { path: '/c', component: broken }] })
    router.onError(() => undefined)
    let idle: (() => void) | undefined
    prefetchPages(router, (run) => (idle = run))
    await router.push('/')
    await router.isReady()
    expect([first.mock.calls.length, second.mock.calls.length, idle]).toEqual([1, 0, expect.any(Function)])
    idle!()
    expect([first.mock.calls.length, second.mock.calls.length, broken.mock.calls.length]).toEqual([1, 1, 1])
    // A page whose code failed here is asked again when opened.
    await router.push('/c').catch(() => undefined)
    expect(broken.mock.calls.length).toBe(2)
  })
})
