import { inject, type App, type InjectionKey } from 'vue'
import type { FileSource } from '../api/file-source'

export const fileSourceKey: InjectionKey<FileSource> = Symbol('paramscope-file-source')

/** Makes the way dropped files reach the engine (path or upload) available to the app. */
export function installFileSource(app: App, source: FileSource): void {
  app.provide(fileSourceKey, source)
}

export function useFileSource(): FileSource {
  const source = inject(fileSourceKey, null)
  if (!source) throw new Error('useFileSource() needs installFileSource(app, source) first')
  return source
}
