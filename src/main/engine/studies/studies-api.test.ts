import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api } from '../../../shared/api'
import { dispatch } from '../../../shared/rpc'
import { makeDesign } from './design'
import { parseSpace, readSpaceFile } from './space'
import { createStudiesApi } from './studies-api'

const studies = createStudiesApi()
const call = (method: string, input: unknown) => dispatch(studies, method, input)

let dir: string
let spaceFile: string
const raw = {
  params: {
    'optimizer.lr': { type: 'float', low: 1e-5, high: 0.1, log: true, baseline: 1e-3 },
    'model.layers': { type: 'int', low: 1, high: 4 },
    'optimizer.name': { type: 'categorical', choices: ['adamw', 'sgd'] }
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-studies-'))
  spaceFile = join(dir, 'space.yaml')
  writeFileSync(spaceFile, 'params:\n  optimizer.lr: {type: float, low: 1.0e-5, high: 0.1, log: true, baseline: 1.0e-3}\n  model.layers: {type: int, low: 1, high: 4}\n  optimizer.name: {type: categorical, choices: [adamw, sgd]}\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('spaces.read', () => {
  it('answers the checked space by name, in the contract’s shape, which parses back to the same space', async () => {
    const reply = await call('spaces.read', { path: spaceFile })
    if (!reply.ok) throw new Error(reply.error.message)
    expect(api['spaces.read'].output.parse(reply.result)).toEqual(reply.result)
    expect(reply.result).toEqual({
      params: {
        'optimizer.lr': { type: 'float', low: 1e-5, high: 0.1, log: true, baseline: 1e-3 },
        'model.layers': { type: 'int', low: 1, high: 4, log: false, step: 1 },
        'optimizer.name': { type: 'categorical', choices: ['adamw', 'sgd'] }
      }
    })
    expect(parseSpace(reply.result)).toEqual(readSpaceFile(spaceFile))
  })

  it('starts every error with the file, then names the field', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ params: { lr: { type: 'float', low: 0, high: 1, log: true } } }))
    const cases: [string, RegExp][] = [
      [bad, /^\S+bad\.json: Invalid search space: params\.lr\.low: must be positive on a log scale$/],
      [join(dir, 'space.txt'), /space\.txt: use a \.json, \.yaml or \.yml file$/],
      [join(dir, 'missing.yaml'), /missing\.yaml: ENOENT/]
    ]
    for (const [path, message] of cases) {
      const reply = await call('spaces.read', { path })
      expect(reply.ok === false && reply.error.code).toBe('INVALID_INPUT')
      expect(reply.ok === false && reply.error.message).toMatch(message)
    }
  })
})

describe('designs.generate', () => {
  it('gives the rows, names and facts of the engine’s design for a given seed', async () => {
    const reply = await call('designs.generate', { space: raw, method: 'saltelli', n: 8, seed: 5, replicates: 2, secondOrder: false })
    if (!reply.ok) throw new Error(reply.error.message)
    const expected = makeDesign(parseSpace(raw), { method: 'saltelli', n: 8, seed: 5, replicates: 2, secondOrder: false })
    expect(reply.result).toEqual({ method: 'saltelli', seed: 5, names: expected.names, rows: expected.rows, meta: expected.meta })
    expect(api['designs.generate'].output.parse(reply.result)).toEqual(reply.result)
  })

  it('draws a seed when none is given and answers it, so the same design comes back from it', async () => {
    const drawn = await call('designs.generate', { space: raw, method: 'lhs', n: 6 })
    if (!drawn.ok) throw new Error(drawn.error.message)
    const { seed, rows } = drawn.result as { seed: number; rows: unknown[][] }
    expect(Number.isInteger(seed) && seed >= 0).toBe(true)
    const again = await call('designs.generate', { space: raw, method: 'lhs', n: 6, seed })
    expect(again.ok && (again.result as { rows: unknown[][] }).rows).toEqual(rows)
  })

  it('names the bad field of the request and of the space', async () => {
    const n = await call('designs.generate', { space: raw, method: 'lhs', n: -1 })
    expect(n.ok === false && n.error.details?.issues?.map((i) => i.field)).toEqual(['n'])
    const ccd = await call('designs.generate', { space: raw, method: 'ccd', n: 1 })
    expect(ccd.ok === false && ccd.error.details?.issues?.map((i) => i.field)).toEqual(['params.optimizer.name'])
    const space = await call('designs.generate', { space: { params: {} }, method: 'lhs', n: 4 })
    expect(space.ok === false && space.error.message).toMatch(/params: expected at least one parameter/)
  })

  it('designs the same rows from the space spaces.read answered as from the file’s own object', async () => {
    const read = await call('spaces.read', { path: spaceFile })
    if (!read.ok) throw new Error(read.error.message)
    const fromSpec = await call('designs.generate', { space: read.result, method: 'oat', n: 3, seed: 1 })
    const fromRaw = await call('designs.generate', { space: raw, method: 'oat', n: 3, seed: 1 })
    expect(fromSpec.ok).toBe(true)
    expect(fromSpec).toEqual(fromRaw)
  })
})
