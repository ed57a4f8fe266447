import type { ParamSpec, TrainerInfo } from '../../../shared/schemas/params'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { parseSpace, type SearchSpace } from './space'

export interface DerivedSpace {
  space: SearchSpace
  /** Parameters left out, each with the reason, so nothing is dropped silently. */
  skipped: { name: string; reason: string }[]
}

/**
 * The search range of a numeric parameter: the practitioners' usual range when the schema gives
 * one (bounds such as "lr > 0" are validity limits, not a range to search), else its min and max.
 */
function range(spec: Extract<ParamSpec, { type: 'float' | 'int' }>): [number, number] | null {
  if (spec.usual && spec.usual[1] > spec.usual[0]) return spec.usual
  if (spec.min !== undefined && spec.max !== undefined && spec.max > spec.min && !spec.minExclusive && !spec.maxExclusive) return [spec.min, spec.max]
  return null
}

/** One schema entry as a search-space entry, or the reason it cannot be one. */
function entry(spec: ParamSpec): Record<string, unknown> | string {
  switch (spec.type) {
    case 'choice':
      return { type: 'categorical', choices: spec.choices.map((c) => c.value), baseline: spec.default }
    case 'bool':
      return { type: 'categorical', choices: [false, true], baseline: spec.default }
    case 'string':
      return 'free text cannot be searched'
    default: {
      const r = range(spec)
      if (!r) return 'has no usual range or closed min/max; give low and high in a space file'
      let [low, high] = r
      if (spec.type === 'int') [low, high] = [Math.ceil(low), Math.floor(high)]
      const log = spec.log === true && low > 0
      const inside = spec.default >= low && spec.default <= high
      return { type: spec.type, low, high, log, ...(inside ? { baseline: spec.default } : {}) }
    }
  }
}

/**
 * A search space from a trainer's parameter schema: min/max (or the usual range), log scale and
 * choices carry over; the default becomes the baseline. With `keys`, exactly those parameters, and
 * one that cannot be searched is an error naming it; without, every searchable parameter.
 */
export function spaceFromTrainer(trainer: Pick<TrainerInfo, 'params'>, keys?: string[]): DerivedSpace {
  const specs = new Map(trainer.params.map((p) => [p.key, p]))
  const issues: FieldIssue[] = []
  const params: Record<string, unknown> = {}
  const skipped: DerivedSpace['skipped'] = []
  for (const key of keys ?? trainer.params.map((p) => p.key)) {
    const spec = specs.get(key)
    if (!spec) {
      issues.push({ field: key, message: 'is not a parameter of this trainer' })
      continue
    }
    const e = entry(spec)
    if (typeof e === 'string') {
      if (keys) issues.push({ field: key, message: e })
      else skipped.push({ name: key, reason: e })
    } else params[key] = e
  }
  if (issues.length) throw AppError.fromIssues('INVALID_INPUT', issues, 'Cannot search these parameters')
  return { space: parseSpace({ params }), skipped }
}
