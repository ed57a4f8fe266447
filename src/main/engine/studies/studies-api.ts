import { randomInt } from 'node:crypto'
import type { EngineApi } from '../../../shared/api'
import { makeDesign } from './design'
import { parseSpace, readSpaceFile, spaceSpec } from './space'

export type StudiesApi = Pick<EngineApi, 'spaces.read' | 'designs.generate'>

/** Search spaces and designs of experiments: pure computation, no store, so they need no data folder. */
export function createStudiesApi(): StudiesApi {
  return {
    'spaces.read': async ({ path }) => spaceSpec(readSpaceFile(path)),
    'designs.generate': async ({ space, seed = randomInt(2 ** 31), ...request }) => {
      const { method, names, rows, meta } = makeDesign(parseSpace(space), { ...request, seed })
      return { method, seed, names, rows, meta }
    }
  }
}
