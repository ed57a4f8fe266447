import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createClient } from './api/client'
import { pickFileSource, pickTransport } from './api/pick-transport'
import { installApi } from './composables/use-api'
import { installFileSource } from './composables/use-file-source'
import { createAppI18n, localeStorageKey, pickLocale } from './i18n'
import { createAppRouter, followEarlyHashChange, prefetchPages } from './router'
import './styles.css'

// The transport is chosen before the router starts, so the token is out of the address bar
// before any navigation records it.
const client = createClient(pickTransport(window))

const i18n = createAppI18n(pickLocale(localStorage.getItem(localeStorageKey), navigator.languages ?? [navigator.language]))
document.documentElement.lang = i18n.global.locale.value

const app = createApp(App)
installApi(app, client)
installFileSource(app, pickFileSource(window))
app.use(createPinia())
app.use(i18n)
const router = createAppRouter()
followEarlyHashChange(router)
app.use(router)
app.mount('#app')
prefetchPages(router)
