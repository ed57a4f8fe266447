import { mount, type ComponentMountingOptions } from '@vue/test-utils'
import { createPinia } from 'pinia'
import type { Component } from 'vue'
import { createMemoryHistory, type Router } from 'vue-router'
import type { FileSource } from '../api/file-source'
import { apiKey } from '../composables/use-api'
import { fileSourceKey } from '../composables/use-file-source'
import { createAppI18n, type Locale } from '../i18n'
import { createAppRouter } from '../router'
import type { FakeApi } from './fake-api'

export interface MountContext {
  fake: FakeApi
  locale?: Locale
  router?: Router
  /** How dropped files become paths; components that take files need one. */
  files?: FileSource
}

/** Mounts a component the way main.ts assembles the app, with the fake API and an in-memory router. */
export function mountWithApp<C extends Component>(component: C, ctx: MountContext, options: ComponentMountingOptions<C> = {}) {
  const router = ctx.router ?? createAppRouter(createMemoryHistory())
  return mount(component, {
    ...options,
    global: {
      ...options.global,
      plugins: [createPinia(), createAppI18n(ctx.locale ?? 'en'), router],
      provide: { [apiKey as symbol]: ctx.fake.client, ...(ctx.files ? { [fileSourceKey as symbol]: ctx.files } : {}) }
    }
  } as ComponentMountingOptions<C>)
}
