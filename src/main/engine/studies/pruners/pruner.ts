/**
 * The pruner a study names, as one decision function. The runner builds it once per study with
 * `createPruner(spec, direction)` and, on each report (or batch of `fresh` reports) of the
 * pruning metric, calls it with that trial's curve and every other trial's (`status`, reports so
 * far); on `prune` it stops the trial's process and records it as pruned at the reason's `step`
 * with its `reason` (worded by messages.ts in the user's language). `none` never prunes.
 */
import { AppError } from '../../../../shared/errors'
import { keep, type Direction, type Pruner } from './curves'
import { hyperbandDefaults, hyperbandPruner, type HyperbandOptions } from './hyperband'
import { medianDefaults, medianPruner, type MedianOptions } from './median'
import { halvingDefaults, successiveHalvingPruner, type HalvingOptions } from './successive-halving'

export type PrunerSpec =
  | { kind: 'none' }
  | ({ kind: 'median' } & MedianOptions)
  | ({ kind: 'asha' } & HalvingOptions)
  | ({ kind: 'hyperband' } & HyperbandOptions)

export const prunerKinds = ['none', 'median', 'asha', 'hyperband'] as const

const optionNames: Record<PrunerSpec['kind'], string[]> = {
  none: [],
  median: Object.keys(medianDefaults),
  asha: Object.keys(halvingDefaults),
  hyperband: Object.keys(hyperbandDefaults)
}

/** Checks the options (naming each bad field, `pruner.minResource`) and returns the decision function. */
export function createPruner(spec: PrunerSpec, direction: Direction): Pruner {
  const known = optionNames[spec.kind]
  if (!known) throw AppError.fromIssues('INVALID_INPUT', [{ field: 'pruner.kind', message: `expected one of ${prunerKinds.join(', ')}, got ${JSON.stringify(spec.kind)}` }], 'Invalid pruner')
  const unknown = Object.keys(spec).filter((key) => key !== 'kind' && !known.includes(key))
  if (unknown.length)
    throw AppError.fromIssues(
      'INVALID_INPUT',
      unknown.map((key) => ({ field: `pruner.${key}`, message: known.length ? `unknown option; ${spec.kind} takes ${known.join(', ')}` : `unknown option; ${spec.kind} takes none` })),
      'Invalid pruner'
    )
  switch (spec.kind) {
    case 'none':
      return () => keep
    case 'median':
      return medianPruner(spec, direction)
    case 'asha':
      return successiveHalvingPruner(spec, direction)
    case 'hyperband':
      return hyperbandPruner(spec, direction)
  }
}
