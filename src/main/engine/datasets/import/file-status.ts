import { stat } from 'node:fs/promises'
import type { z } from 'zod'
import type { DatasetStatus } from '../../../../shared/schemas/datasets'
import type { DatasetRecord, Store } from '../../store'
import { sha256File } from './hash'

type Status = z.infer<typeof DatasetStatus>

/**
 * Tells whether registered files are still what was imported. Size and modification time
 * decide cheaply; only a file whose time moved but size did not is hashed, once per
 * (size, time) seen, so listing stays fast and a `touch` does not mark a dataset changed.
 */
export function createFileStatus(store: Store, hash: (path: string) => Promise<string> = sha256File) {
  const hashes = new Map<string, string>()

  const currentHash = async (path: string, size: number, mtimeMs: number): Promise<string> => {
    const key = `${size}:${mtimeMs}:${path}`
    let sha = hashes.get(key)
    if (sha === undefined) {
      sha = await hash(path)
      hashes.set(key, sha)
    }
    return sha
  }

  const statOf = (path: string) => stat(path).then((s) => (s.isFile() ? s : null), () => null)

  return {
    async of(d: DatasetRecord): Promise<Status> {
      const now = await statOf(d.path)
      if (!now) return 'missing'
      if (now.size !== d.size) return 'changed'
      if (now.mtimeMs === d.mtimeMs) return 'ok'
      if ((await currentHash(d.path, now.size, now.mtimeMs)) !== d.sha256) return 'changed'
      store.datasets.setMtime(d.id, now.mtimeMs)
      return 'ok'
    },

    /** True when the file at `path` is gone or its content no longer hashes to `sha256`. */
    async differs(path: string, sha256: string): Promise<boolean> {
      const now = await statOf(path)
      if (!now) return true
      return (await currentHash(path, now.size, now.mtimeMs)) !== sha256
    }
  }
}

export type FileStatus = ReturnType<typeof createFileStatus>
