// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createAppRouter, followEarlyHashChange } from './router'

describe('the router at start-up', () => {
  it('follows a hash changed before its first navigation ended, which vue-router alone drops', async () => {
    window.location.hash = '#/'
    const router = createAppRouter()
    followEarlyHashChange(router)
    const app = createApp(defineComponent({ render: () => h('div') }))
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
