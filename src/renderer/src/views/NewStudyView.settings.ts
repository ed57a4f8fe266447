import type { Config, StudyDefinitionInput, StudyDesignMethod } from '../../../shared/api'

/** The builder's study-level fields as typed; numbers stay text until checked. */
export interface StudySettings {
  name: string
  method: StudyDesignMethod
  n: string
  repeats: string
  seed: string
  metric: string
  direction: 'min' | 'max'
  value: 'last' | 'best'
  pruner: 'none' | 'median' | 'asha' | 'hyperband'
  concurrency: string
  maxTrials: string
  maxMinutes: string
}

export function defaultSettings(): StudySettings {
  return { name: '', method: 'lhs', n: '16', repeats: '1', seed: '', metric: '', direction: 'min', value: 'last', pruner: 'none', concurrency: '', maxTrials: '', maxMinutes: '' }
}

/**
 * The fields of the builder by the engine's names for them (`design.n`, `budget.maxTrials`), so an
 * issue of `studies.create` finds its field; longer names first, so `objective.metric` wins over `objective`.
 */
export const settingFields = [
  'name',
  'trainer',
  'dataset',
  'datasetVersionId',
  'design.method',
  'design.n',
  'design',
  'repeats',
  'seed',
  'objective.metric',
  'objective.direction',
  'objective.value',
  'objective',
  'pruner',
  'concurrency',
  'budget.maxTrials',
  'budget.maxWallSeconds',
  'budget'
] as const

/** The builder field an engine issue belongs to (`pruner.type` to `pruner`), or null. */
export function settingFieldOf(field: string): string | null {
  return settingFields.find((f) => field === f || field.startsWith(`${f}.`)) ?? null
}

export type SettingProblem = { key: 'nameRequired' } | { key: 'whole'; min: number; max?: number } | { key: 'positive' }

export interface ParsedSettings {
  n?: number
  repeats?: number
  seed?: number
  concurrency?: number
  maxTrials?: number
  maxWallSeconds?: number
  problems: Record<string, SettingProblem>
}

/** Checks the typed numbers: whole counts, an optional seed and budget; each problem under its engine field name. */
export function parseSettings(s: StudySettings): ParsedSettings {
  const out: ParsedSettings = { problems: {} }
  const whole = (text: string, min: number, field: string, optional: boolean, max?: number): number | undefined => {
    const trimmed = text.trim()
    if (trimmed === '' && optional) return undefined
    const v = Number(trimmed)
    if (trimmed === '' || !Number.isInteger(v) || v < min || (max !== undefined && v > max)) {
      out.problems[field] = max === undefined ? { key: 'whole', min } : { key: 'whole', min, max }
      return undefined
    }
    return v
  }
  if (!s.name.trim()) out.problems.name = { key: 'nameRequired' }
  // The bounds of StudyDefinition (src/shared/schemas/studies.ts), so the engine's refusal is never the first word.
  out.n = whole(s.n, 1, 'design.n', false, 100_000)
  out.repeats = whole(s.repeats, 1, 'repeats', false, 1000)
  out.seed = whole(s.seed, 0, 'seed', true, 2 ** 31 - 1)
  out.concurrency = whole(s.concurrency, 1, 'concurrency', true, 1024)
  out.maxTrials = whole(s.maxTrials, 1, 'budget.maxTrials', true)
  const minutes = s.maxMinutes.trim()
  if (minutes !== '') {
    const v = Number(minutes)
    if (!Number.isFinite(v) || v <= 0) out.problems['budget.maxWallSeconds'] = { key: 'positive' }
    else out.maxWallSeconds = v * 60
  }
  return out
}

/**
 * A study definition from the builder's checked fields, or null while the design's n or the
 * repeats are not whole numbers yet. What is left empty stays out, for the engine's defaults.
 */
export function studyDefinition(
  s: StudySettings,
  p: ParsedSettings,
  parts: { trainer: string; config: Config; data: { dataset?: string; datasetVersionId?: number }; params: Record<string, unknown> }
): StudyDefinitionInput | null {
  if (p.n === undefined || p.repeats === undefined) return null
  return {
    name: s.name.trim(),
    trainer: parts.trainer,
    config: parts.config,
    ...parts.data,
    space: { params: parts.params, conditions: {} },
    design: { method: s.method, n: p.n },
    repeats: p.repeats,
    ...(p.seed !== undefined ? { seed: p.seed } : {}),
    objective: { metric: s.metric, direction: s.direction, value: s.value },
    pruner: { type: s.pruner },
    ...(p.concurrency !== undefined ? { concurrency: p.concurrency } : {}),
    budget: {
      ...(p.maxTrials !== undefined ? { maxTrials: p.maxTrials } : {}),
      ...(p.maxWallSeconds !== undefined ? { maxWallSeconds: p.maxWallSeconds } : {})
    }
  }
}
