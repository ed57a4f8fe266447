import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * The folder of sample datasets that ships with the app, `resources/samples`. The engine runs from
 * src/main/engine/datasets (tests, tsx), from out/main or a chunk below it (the built app, the CLI),
 * and from inside app.asar once packed: in each, resources/ sits beside an ancestor, so the
 * nearest ancestor that holds it wins. Null when none does.
 */
export function findSamplesDir(start: string = __dirname): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'resources', 'samples')
    if (existsSync(join(candidate, 'README.md'))) return candidate
    if (dirname(dir) === dir) return null
  }
}
