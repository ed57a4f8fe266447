import { AppError } from '../../../shared/errors'
import type { ParamValue } from '../../../shared/schemas/params'
import { designMethods, type DesignMethod } from '../../../shared/schemas/studies'
import { morrisDesign } from './designs/morris'
import { oneAtATime } from './designs/one-at-a-time'
import { boxBehnken, centralComposite, type CcdVariant } from './designs/response-surface'
import { SALTELLI_DEFAULT_REPLICATES, saltelliDesign } from './designs/saltelli'
import { gridDesign, latinHypercube, randomDesign, sobolDesign } from './designs/sampling'
import type { UnitDesign } from './designs/unit-design'
import type { SearchSpace } from './space'
import { baselineUnit, designValues, gridLevels } from './space-values'

export interface DesignRequest {
  method: DesignMethod
  n: number
  seed: number
  /** Morris grid levels (default 4). */
  levels?: number
  /** Saltelli: independently scrambled replicates (default 1, SALTELLI_DEFAULT_REPLICATES) and second order (default true). */
  replicates?: number
  secondOrder?: boolean
  /** Central composite: rotatable (default) or face-centred. */
  variant?: CcdVariant
}

export interface DesignTable {
  method: DesignMethod
  seed: number
  names: string[]
  unit: UnitDesign
  /** Values in the parameters' own measure, one array per row, in design order. */
  rows: ParamValue[][]
  /** What an analysis needs to read the table back (replicates, levels, α...). */
  meta: Record<string, number | string | boolean>
}

function numericOnly(space: SearchSpace, method: string): void {
  const cat = space.params.filter((p) => p.type === 'categorical')
  if (cat.length)
    throw AppError.fromIssues(
      'INVALID_INPUT',
      cat.map((p) => ({ field: `params.${p.name}`, message: `is categorical; ${method} designs need numeric parameters` })),
      `Cannot build a ${method} design`
    )
}

/** Builds a seeded design over a search space: unit-cube points and their values. */
export function makeDesign(space: SearchSpace, request: DesignRequest): DesignTable {
  const d = space.params.length
  const { n, seed } = request
  let unit: UnitDesign
  let meta: DesignTable['meta'] = {}
  switch (request.method) {
    case 'grid':
      unit = gridDesign(space.params.map((p) => gridLevels(p, n)))
      break
    case 'random':
      unit = randomDesign(n, d, seed)
      break
    case 'lhs':
      unit = latinHypercube(n, d, seed)
      break
    case 'sobol':
      unit = sobolDesign(n, d, seed)
      break
    case 'saltelli': {
      const s = saltelliDesign({ dims: d, n, seed, replicates: request.replicates ?? SALTELLI_DEFAULT_REPLICATES, secondOrder: request.secondOrder ?? true })
      unit = s
      meta = { replicates: s.replicates, baseRows: s.baseRows, secondOrder: s.secondOrder }
      break
    }
    case 'morris': {
      const m = morrisDesign({ dims: d, trajectories: n, levels: request.levels ?? 4, seed })
      unit = m
      meta = { trajectories: m.trajectories, levels: m.levels, delta: m.delta }
      break
    }
    case 'ccd': {
      numericOnly(space, 'central composite')
      const c = centralComposite(d, request.variant ?? 'rotatable', n)
      unit = c
      meta = { variant: request.variant ?? 'rotatable', alpha: c.alpha }
      break
    }
    case 'box-behnken':
      numericOnly(space, 'Box–Behnken')
      unit = boxBehnken(d, n)
      break
    case 'oat':
      unit = oneAtATime(space.params.map(baselineUnit), n)
      break
    default:
      throw new AppError('INVALID_INPUT', `unknown design method "${request.method as string}"; use ${designMethods.join(', ')}`)
  }
  return { method: request.method, seed, names: space.params.map((p) => p.name), unit, rows: designValues(space, unit), meta }
}
