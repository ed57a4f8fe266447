import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { sampleNames } from '../../../shared/api'
import { findSamplesDir } from './sample-files'

const dir = mkdtempSync(join(tmpdir(), 'paramscope-samples-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('findSamplesDir', () => {
  it('finds resources/samples from the source tree, holding every sample the contract names', () => {
    const found = findSamplesDir()
    expect(found).toBe(join(__dirname, '..', '..', '..', '..', 'resources', 'samples'))
    for (const name of sampleNames) expect(existsSync(join(found!, name))).toBe(true)
  })

  it('finds it from a built bundle or a chunk below it, and says when there is none', () => {
    const app = join(dir, 'app')
    mkdirSync(join(app, 'resources', 'samples'), { recursive: true })
    writeFileSync(join(app, 'resources', 'samples', 'README.md'), '')
    mkdirSync(join(app, 'out', 'main', 'chunks'), { recursive: true })
    expect(findSamplesDir(join(app, 'out', 'main'))).toBe(join(app, 'resources', 'samples'))
    expect(findSamplesDir(join(app, 'out', 'main', 'chunks'))).toBe(join(app, 'resources', 'samples'))
    mkdirSync(join(dir, 'bare', 'out', 'main'), { recursive: true })
    expect(findSamplesDir(join(dir, 'bare', 'out', 'main'))).toBeNull()
  })
})
