import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { differingFiles, samplesDir, writeSamples } from './make-samples'

let fresh = ''
beforeAll(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'paramscope-samples-'))
  await writeSamples(fresh)
})
afterAll(() => rm(fresh, { recursive: true, force: true }))

describe('resources/samples', () => {
  it('holds exactly what the generators write now, byte for byte', async () => {
    // On a mismatch: npx tsx scripts/make-samples.ts, and commit the result with the change.
    expect(await differingFiles(fresh, samplesDir)).toEqual([])
  })

  it('keeps every sample small and says what each one is', async () => {
    const readme = await readFile(join(samplesDir, 'README.md'), 'utf8')
    for (const name of await readdir(fresh)) {
      expect((await stat(join(fresh, name))).size).toBeLessThan(512 * 1024)
      expect(readme).toContain(`\`${name}\``)
    }
  })

  it('tells a file that differs or is missing on either side', async () => {
    const other = await mkdtemp(join(tmpdir(), 'paramscope-samples-other-'))
    try {
      expect(await differingFiles(fresh, other)).toEqual((await readdir(fresh)).sort())
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})
