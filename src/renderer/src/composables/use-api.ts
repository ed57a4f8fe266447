import { inject, type App, type InjectionKey } from 'vue'
import type { Client } from '../api/client'

export const apiKey: InjectionKey<Client> = Symbol('paramscope-api')

/** Makes the client available to every component and store of the app. */
export function installApi(app: App, client: Client): void {
  app.provide(apiKey, client)
}

/** The API client; stores call it inside their setup, which Pinia runs in the app's context. */
export function useApi(): Client {
  const client = inject(apiKey, null)
  if (!client) throw new Error('useApi() needs installApi(app, client) first')
  return client
}
