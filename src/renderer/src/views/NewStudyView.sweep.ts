import type { ParamSpec, ParamValue } from '../../../shared/api'
import { paramProblem, parseParamText, type ParamProblem } from '../../../shared/params'

/** What the builder holds for one parameter: whether it is swept and its range as typed. */
export interface SweepState {
  on: boolean
  low: string
  high: string
  log: boolean
  step: string
  /** Choice and switch parameters: the values ticked. */
  choices: ParamValue[]
}

export type SweepField = 'low' | 'high' | 'step' | 'choices'

/** A range the builder refuses before asking the engine: a parameter rule, or one of its own. */
export interface SweepIssue {
  key: string
  field: SweepField
  problem?: ParamProblem
  local?: 'number' | 'highBelowLow' | 'logNeedsPositive' | 'stepPositive' | 'noChoices'
}

export type SweepableSpec = Extract<ParamSpec, { type: 'float' | 'int' | 'choice' | 'bool' }>

export function isSweepable(spec: ParamSpec): spec is SweepableSpec {
  return spec.type !== 'string'
}

/** The values a choice or switch parameter can take. */
export function choiceValues(spec: SweepableSpec): ParamValue[] {
  if (spec.type === 'choice') return spec.choices.map((c) => c.value)
  if (spec.type === 'bool') return [false, true]
  return []
}

/**
 * Where a sweep starts: the usual range when the schema gives one (bounds like lr > 0 are limits,
 * not a range to search), else closed min/max, else a decade either side of the default.
 */
export function initialSweep(spec: SweepableSpec): SweepState {
  const state: SweepState = { on: false, low: '', high: '', log: false, step: '1', choices: choiceValues(spec) }
  if (spec.type !== 'float' && spec.type !== 'int') return state
  let range: [number, number]
  if (spec.usual && spec.usual[1] > spec.usual[0]) range = spec.usual
  else if (spec.min !== undefined && spec.max !== undefined && spec.max > spec.min) range = [spec.min, spec.max]
  else range = spec.default > 0 ? [spec.default / 10, spec.default * 10] : [spec.default - 1, spec.default + 1]
  let [low, high] = range
  if (spec.type === 'int') [low, high] = [Math.ceil(low), Math.floor(high)]
  const fmt = (v: number) => (spec.log && v !== 0 && Math.abs(v) < 0.01 ? v.toExponential() : String(v))
  return { ...state, low: fmt(low), high: fmt(high), log: spec.log === true && low > 0 }
}

/**
 * The search-space entries of the swept parameters, as `StudyDefinition.space.params` takes them,
 * and every problem found in the ranges as typed.
 */
export function buildSpace(specs: ParamSpec[], sweeps: Record<string, SweepState>): { params: Record<string, unknown>; issues: SweepIssue[] } {
  const params: Record<string, unknown> = {}
  const issues: SweepIssue[] = []
  for (const spec of specs) {
    const sweep = sweeps[spec.key]
    if (!sweep?.on || !isSweepable(spec)) continue
    const bad = (field: SweepField, issue: Omit<SweepIssue, 'key' | 'field'>) => issues.push({ key: spec.key, field, ...issue })
    if (spec.type === 'choice' || spec.type === 'bool') {
      // In the schema's order, whatever order they were ticked in.
      const choices = choiceValues(spec).filter((v) => sweep.choices.includes(v))
      if (choices.length === 0) bad('choices', { local: 'noChoices' })
      params[spec.key] = { type: 'categorical', choices, baseline: spec.default }
      continue
    }
    const bounds: Partial<Record<'low' | 'high', number>> = {}
    for (const field of ['low', 'high'] as const) {
      const value = parseParamText(spec, sweep[field])
      const problem = paramProblem(spec, value)
      if (problem) bad(field, problem.rule === 'number' ? { local: 'number' } : { problem })
      else bounds[field] = value as number
    }
    const { low, high } = bounds
    if (low !== undefined && high !== undefined && high <= low) bad('high', { local: 'highBelowLow' })
    if (sweep.log && low !== undefined && low <= 0) bad('low', { local: 'logNeedsPositive' })
    const step = Number(sweep.step.trim())
    if (spec.type === 'int' && !(Number.isInteger(step) && step >= 1 && sweep.step.trim() !== '')) bad('step', { local: 'stepPositive' })
    const inside = low !== undefined && high !== undefined && spec.default >= low && spec.default <= high
    params[spec.key] = {
      type: spec.type,
      low: low ?? 0,
      high: high ?? 0,
      log: sweep.log,
      ...(spec.type === 'int' ? { step } : {}),
      ...(inside ? { baseline: spec.default } : {})
    }
  }
  return { params, issues }
}

/** Trials a design implies: its rows (TPE: its n proposals) once per repeat, capped by the trial budget. */
export function trialCount(points: number, repeats: number, maxTrials?: number): number {
  const all = points * repeats
  return maxTrials === undefined ? all : Math.min(all, maxTrials)
}

/**
 * Where an engine issue of `studies.create` belongs: a sweep (`space.params.<key>.<field>`), a
 * base value (`config.<key>`), or a field of the builder (`design.n`, `repeats`, `dataset`...).
 */
export function issueTarget(field: string, sweptKeys: string[]): { sweep: string; part: SweepField | null } | { field: string } {
  const plain = field.startsWith('definition.') ? field.slice('definition.'.length) : field
  const spacePrefix = 'space.params.'
  if (plain.startsWith(spacePrefix)) {
    const rest = plain.slice(spacePrefix.length)
    // Keys hold dots themselves: the longest swept key the path starts with.
    const key = [...sweptKeys].sort((a, b) => b.length - a.length).find((k) => rest === k || rest.startsWith(`${k}.`))
    if (key) {
      const part = rest.slice(key.length + 1).split('.')[0]
      return { sweep: key, part: part === 'low' || part === 'high' || part === 'step' || part === 'choices' ? part : null }
    }
  }
  return { field: plain }
}
