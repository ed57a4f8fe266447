import { lstat, readdir, rm } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** Where `POST /upload` stores browser-dropped files, inside the library. */
export const uploadsDirOf = (libraryDir: string): string => join(libraryDir, 'uploads')

/** The name prefix of an upload still arriving; the server renames the file once the body is whole. */
export const PARTIAL_UPLOAD = '.partial-'

/** An upload written to within this long may still be arriving. */
export const ARRIVING_MS = 60 * 60_000
/** A whole upload this recent may be about to be imported by the page that sent it. */
export const JUST_ARRIVED_MS = 60_000

export interface Leftover {
  name: string
  bytes: number
  modifiedAt: number
}

export interface LeftoverDeps {
  uploadsDir: string
  /** Whether a registered dataset reads the file at `path`. */
  isReferenced: (path: string) => boolean
  /** Whether an import has the file at `path` queued or under way. */
  isImporting: (path: string) => boolean
  now?: () => number
}

/**
 * Files in the uploads folder that nothing will use: no dataset references them and no import
 * has them, and they are not arriving (a partial upload written to in the last hour, or a whole
 * one of the last minute, whose import the page has yet to ask for). Sorted by name.
 */
export async function listLeftovers({ uploadsDir, isReferenced, isImporting, now = Date.now }: LeftoverDeps): Promise<Leftover[]> {
  const entries = await readdir(uploadsDir, { withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return []
    throw err
  })
  const found: Leftover[] = []
  for (const entry of entries) {
    if (!entry.isFile()) continue
    const path = resolve(uploadsDir, entry.name)
    // Gone since the listing (removed or renamed by an upload finishing): not a leftover.
    const info = await lstat(path).catch(() => null)
    if (!info?.isFile()) continue
    const quiet = now() - info.mtimeMs
    if (quiet < (entry.name.startsWith(PARTIAL_UPLOAD) ? ARRIVING_MS : JUST_ARRIVED_MS)) continue
    if (isReferenced(path) || isImporting(path)) continue
    found.push({ name: entry.name, bytes: info.size, modifiedAt: info.mtimeMs })
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}

/**
 * Removes the named files that are still leftovers now: a name the listing no longer gives (used
 * since, or not in the folder at all) is kept, so a confirmation shown earlier cannot remove
 * a file a dataset took meanwhile, nor reach outside the folder.
 */
export async function removeLeftovers(names: string[], deps: LeftoverDeps): Promise<{ removed: string[]; bytes: number }> {
  const wanted = new Set(names)
  const removed: string[] = []
  let bytes = 0
  for (const leftover of await listLeftovers(deps)) {
    const path = resolve(deps.uploadsDir, leftover.name)
    // Asked again right before: an import may have taken the file while the folder was listed.
    if (!wanted.has(leftover.name) || deps.isReferenced(path) || deps.isImporting(path)) continue
    await rm(path, { force: true })
    removed.push(leftover.name)
    bytes += leftover.bytes
  }
  return { removed, bytes }
}
