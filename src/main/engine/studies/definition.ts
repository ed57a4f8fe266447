import { randomInt } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { flattenConfig, paramProblem, problemMessage, validateConfig } from '../../../shared/params'
import { zodIssues } from '../../../shared/rpc'
import type { Config, ParamSpec, ParamValue, TrainerInfo } from '../../../shared/schemas/params'
import { StudyDefinition, type SpaceCondition } from '../../../shared/schemas/studies'
import { parseSpace, type SearchSpace, type SpaceParam } from './space'

/** The key every built-in trainer seeds from; repeats over seeds set it. */
export const SEED_KEY = 'training.seed'

/** A definition checked against its trainer: the seed drawn, the base config complete. */
export interface CheckedStudy {
  definition: StudyDefinition & { seed: number }
  trainer: TrainerInfo
  /** The base config with the trainer's defaults filled in. */
  base: Config
  /** The space and conditions in force now: the last extension's when one widened them. */
  space: SearchSpace
  conditions: Record<string, SpaceCondition>
  /** The space and conditions of each stage: the design's, then each extension's. */
  stageSpaces: SearchSpace[]
  stageConditions: Record<string, SpaceCondition>[]
}

const fail = (issues: FieldIssue[]): never => {
  throw AppError.fromIssues('INVALID_INPUT', issues, 'Invalid study')
}

/** A parsed JSON/YAML value as a definition; every problem names its field (`design.n`, `objective.step`). */
export function parseStudyDefinition(value: unknown): StudyDefinition {
  const parsed = StudyDefinition.safeParse(value)
  if (!parsed.success) fail(zodIssues(parsed.error))
  return parsed.data!
}

/** Reads a study definition from JSON or YAML text; errors start with `source`. */
export function parseStudyText(text: string, format: 'json' | 'yaml', source = 'study'): StudyDefinition {
  let value: unknown
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${source}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
  try {
    return parseStudyDefinition(value)
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `${source}: ${err.message}`, err.details)
    throw err
  }
}

/** The text and format of a .json, .yaml or .yml file; errors start with its path. */
function readTextFile(path: string): { text: string; format: 'json' | 'yaml' } {
  const ext = extname(path).toLowerCase()
  if (!['.json', '.yaml', '.yml'].includes(ext)) throw new AppError('INVALID_INPUT', `${path}: use a .json, .yaml or .yml file`)
  try {
    return { text: readFileSync(path, 'utf8'), format: ext === '.json' ? 'json' : 'yaml' }
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${path}: ${(err as Error).message}`)
  }
}

/** Reads a .json, .yaml or .yml study file; a relative dataset path is taken from the file's folder. */
export function readStudyFile(path: string): StudyDefinition {
  const { text, format } = readTextFile(path)
  const definition = parseStudyText(text, format, path)
  return definition.dataset === undefined ? definition : { ...definition, dataset: resolve(dirname(path), definition.dataset) }
}

/** A search space file as a study takes it: `params`, and `conditions` when it has them. */
export function readStudySpaceFile(path: string): { params: Record<string, unknown>; conditions?: Record<string, unknown> } {
  const { text, format } = readTextFile(path)
  let value: unknown
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text)
  } catch (err) {
    throw new AppError('INVALID_INPUT', `${path}: not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message}`)
  }
  const v = value as { params?: unknown; conditions?: unknown } | null
  if (typeof v !== 'object' || v === null || typeof v.params !== 'object' || v.params === null)
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'params', message: 'expected an object {"params": {"name": {"type": ...}}}' }], `${path}: invalid search space`)
  return v as { params: Record<string, unknown>; conditions?: Record<string, unknown> }
}

/** The definition as a file: every default written out, so the file alone reproduces the study. */
export function studyText(definition: StudyDefinition, format: 'json' | 'yaml'): string {
  return format === 'json' ? `${JSON.stringify(definition, null, 2)}\n` : stringifyYaml(definition)
}

/** Whether a space parameter fits the schema entry it sweeps, value by value. */
function paramIssues(p: SpaceParam, spec: ParamSpec): FieldIssue[] {
  const field = `space.params.${p.name}`
  if (spec.type === 'string') return [{ field, message: 'is free text and cannot be searched' }]
  if (p.type === 'categorical') {
    return p.choices.flatMap((c) => {
      const problem = paramProblem(spec, c)
      return problem ? [{ field: `${field}.choices`, message: `${JSON.stringify(c)} ${problemMessage(problem)}` }] : []
    })
  }
  if (spec.type !== 'float' && spec.type !== 'int') return [{ field: `${field}.type`, message: `is a ${spec.type === 'bool' ? 'switch' : 'choice'}; search it as categorical` }]
  if (spec.type === 'int' && p.type === 'float') return [{ field: `${field}.type`, message: 'is a whole-number parameter; search it as int' }]
  const issues: FieldIssue[] = []
  for (const key of ['low', 'high'] as const) {
    const problem = paramProblem(spec, p[key])
    if (problem) issues.push({ field: `${field}.${key}`, message: problemMessage(problem) })
  }
  return issues
}

function conditionIssues(conditions: Record<string, SpaceCondition>, space: SearchSpace, specs: Map<string, ParamSpec>): FieldIssue[] {
  const issues: FieldIssue[] = []
  const swept = new Set(space.params.map((p) => p.name))
  for (const [child, { param, equals }] of Object.entries(conditions)) {
    const field = `space.conditions.${child}`
    if (!swept.has(child)) issues.push({ field, message: 'is not a parameter of the space' })
    const spec = specs.get(param)
    if (!spec) issues.push({ field: `${field}.param`, message: `${JSON.stringify(param)} is not a parameter of this trainer` })
    else if (param === child) issues.push({ field: `${field}.param`, message: 'a parameter cannot depend on itself' })
    else
      for (const value of Array.isArray(equals) ? equals : [equals]) {
        const problem = paramProblem(spec, value)
        if (problem) issues.push({ field: `${field}.equals`, message: `${JSON.stringify(value)} ${problemMessage(problem)}` })
      }
    // A chain that comes back to where it started can never be active.
    const seen = new Set([child])
    for (let at = conditions[param]?.param ?? null, from = param; at !== null; from = at, at = conditions[at]?.param ?? null) {
      if (seen.has(from)) break
      seen.add(from)
      if (at === child) {
        issues.push({ field, message: `depends on itself through ${param}` })
        break
      }
    }
  }
  return issues
}

/**
 * Checks a definition against its trainer's schema: the base config, every swept parameter's
 * range or choices, the conditions and the repeats, all problems at once. Draws the seed when absent.
 */
export function checkStudy(definition: StudyDefinition, trainers: Record<string, TrainerInfo>): CheckedStudy {
  const trainer = trainers[definition.trainer]
  if (!trainer) fail([{ field: 'trainer', message: `unknown trainer "${definition.trainer}" (known: ${Object.keys(trainers).join(', ')})` }])
  const specs = new Map(trainer.params.map((p) => [p.key, p]))
  const issues: FieldIssue[] = []
  const flat = flattenConfig(definition.config)
  const { config: base, issues: configIssues } = validateConfig(trainer, flat)
  issues.push(...configIssues.map((i) => ({ ...i, field: `config.${i.field}` })))

  const space = parseStudySpace(definition.space.params, 'space', trainer, specs, issues)
  issues.push(...conditionIssues(definition.space.conditions, space, specs))
  // Each extension may widen the space; its points come from the wider one.
  const stageSpaces = [space]
  const stageConditions = [definition.space.conditions]
  definition.extensions.forEach((e, i) => {
    const before = stageSpaces[stageSpaces.length - 1]
    if (!e.space) {
      stageSpaces.push(before)
      stageConditions.push(stageConditions[stageConditions.length - 1])
      return
    }
    const field = `extensions.${i}.space`
    const wider = parseStudySpace(e.space.params, field, trainer, specs, issues)
    const conditions = e.space.conditions ?? stageConditions[stageConditions.length - 1]
    issues.push(...conditionIssues(conditions, wider, specs).map((issue) => ({ ...issue, field: issue.field.replace(/^space/, field) })))
    issues.push(...widerIssues(before, wider, field))
    stageSpaces.push(wider)
    stageConditions.push(conditions)
  })

  const needsSeeds = definition.repeats > 1 || definition.extensions.some((e) => e.repeats > 0)
  if (needsSeeds && !specs.has(SEED_KEY)) issues.push({ field: 'repeats', message: `trainer "${trainer.id}" has no ${SEED_KEY} to repeat over` })
  if (needsSeeds && space.params.some((p) => p.name === SEED_KEY)) issues.push({ field: 'repeats', message: `${SEED_KEY} is swept; repeat over seeds or sweep it, not both` })
  const fixedDesign = !['random', 'lhs', 'sobol', 'morris', 'tpe'].includes(definition.design.method)
  definition.extensions.forEach((e, i) => {
    if (e.n > 0 && fixedDesign) issues.push({ field: `extensions.${i}.n`, message: `a ${definition.design.method} design has no more points to add; add repeats instead` })
  })
  if (issues.length) fail(issues)
  return {
    definition: { ...definition, config: flat, seed: definition.seed ?? randomInt(2 ** 31) },
    trainer,
    base,
    space: stageSpaces[stageSpaces.length - 1],
    conditions: stageConditions[stageConditions.length - 1],
    stageSpaces,
    stageConditions
  }
}

/** A space's parameters one at a time, so that the well-formed ones are still checked against the schema. */
function parseStudySpace(raw: Record<string, unknown>, field: string, trainer: TrainerInfo, specs: Map<string, ParamSpec>, issues: FieldIssue[]): SearchSpace {
  const space: SearchSpace = { params: [] }
  const entries = Object.entries(raw)
  if (entries.length === 0) issues.push({ field: `${field}.params`, message: 'expected at least one parameter' })
  for (const [name, p] of entries) {
    try {
      space.params.push(...parseSpace({ params: { [name]: p } }).params)
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      const found = (err.details as { issues?: FieldIssue[] } | undefined)?.issues ?? [{ field: `params.${name}`, message: err.message }]
      issues.push(...found.map((i) => ({ ...i, field: `${field}.${i.field}` })))
    }
  }
  for (const p of space.params) {
    const spec = specs.get(p.name)
    if (!spec) issues.push({ field: `${field}.params.${p.name}`, message: `is not a parameter of trainer "${trainer.id}"` })
    else issues.push(...paramIssues(p, spec).map((i) => ({ ...i, field: i.field.replace(/^space/, field) })))
  }
  return space
}

/** Where a later space fails to hold the one before: the same parameters, each range and list of choices at least as wide. */
function widerIssues(before: SearchSpace, after: SearchSpace, field: string): FieldIssue[] {
  const issues: FieldIssue[] = []
  const next = new Map(after.params.map((p) => [p.name, p]))
  for (const p of before.params) {
    const q = next.get(p.name)
    const at = `${field}.params.${p.name}`
    if (!q) issues.push({ field: at, message: 'is swept before this extension; keep it (a wider space holds the one before)' })
    else if (p.type === 'categorical' || q.type === 'categorical') {
      const missing = p.type === 'categorical' && q.type === 'categorical' ? p.choices.filter((c) => !q.choices.includes(c)) : null
      if (missing === null) issues.push({ field: `${at}.type`, message: `was ${p.type}; keep its type` })
      else if (missing.length) issues.push({ field: `${at}.choices`, message: `leaves out ${missing.map((c) => JSON.stringify(c)).join(', ')}; a wider space keeps every choice` })
    } else {
      if (q.type !== p.type || q.log !== p.log) issues.push({ field: `${at}.type`, message: `was ${p.type}${p.log ? ' on a log scale' : ''}; keep its type and scale` })
      if (q.low > p.low) issues.push({ field: `${at}.low`, message: `must be at most the earlier low (${p.low})` })
      if (q.high < p.high) issues.push({ field: `${at}.high`, message: `must be at least the earlier high (${p.high})` })
    }
  }
  for (const q of after.params) if (!before.params.some((p) => p.name === q.name)) issues.push({ field: `${field}.params.${q.name}`, message: 'is not swept before this extension; a warm start keeps the same parameters' })
  return issues
}

/**
 * The parameters a trial sets: those of a design row whose conditions hold. A parameter whose
 * condition fails (or whose parent is itself inactive) keeps the base config's value.
 */
export function activeParams(names: string[], row: ParamValue[], checked: Pick<CheckedStudy, 'base' | 'conditions'>): Record<string, ParamValue> {
  const values = new Map(names.map((n, i) => [n, row[i]]))
  const isActive = (name: string, depth = 0): boolean => {
    const condition = checked.conditions[name]
    if (!condition) return true
    if (depth > names.length || (values.has(condition.param) && !isActive(condition.param, depth + 1))) return false
    const parent = values.get(condition.param) ?? checked.base[condition.param]
    return (Array.isArray(condition.equals) ? condition.equals : [condition.equals]).includes(parent)
  }
  const out: Record<string, ParamValue> = {}
  for (const name of names) if (isActive(name)) out[name] = values.get(name)!
  return out
}
