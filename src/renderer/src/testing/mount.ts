import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import { apiKey } from '../composables/use-api'
import { createAppI18n, type Locale } from '../i18n'
import { createAppRouter } from '../router'
import type { FakeApi } from './fake-api'

export interface MountContext {
  fake: FakeApi
  locale?: Locale
  router?: Router
}

/** Mounts a component the way main.ts assembles the app, with the fake API and an in-memory router. */
export function mountWithApp<C extends Component>(component: C, ctx: MountContext, options: ComponentMountingOptions<C> = {}) {
  const router = ctx.router ?? createAppRouter(createMemoryHistory())
  return mount(component, {
    ...options,
    global: {
      ...options.global,
      plugins: [createPinia(), createAppI18n(ctx.locale ?? 'en'), router],
      provide: { [apiKey as symbol]: ctx.fake.client }
    }
  } as ComponentMountingOptions<C>)
}
