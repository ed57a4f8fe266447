import { computed, reactive, ref, watch } from 'vue'
import type { ColumnProfile, MethodInput, Task } from '../../../shared/api'
import type { FieldIssue } from '../../../shared/errors'

export type ColumnRole = 'feature' | 'target' | 'text' | 'ignored'
export const versionFields = ['task', 'target', 'features', 'text', 'ignored', 'split.kind', 'split.valFraction', 'split.k', 'split.stratify', 'split.seed'] as const
export type VersionField = (typeof versionFields)[number]

/** A problem the form finds itself: an i18n key under `version.problems` and its values. */
export interface LocalProblem {
  rule: string
  values?: Record<string, string | number>
}

const numberLike = new Set(['number', 'integer', 'boolean'])

/** Distinct values above which a categorical column reads as an id or a name: proposed as ignored rather than one-hot encoded. */
export const maxProposedLevels = 50
/** Distinct whole numbers up to which an integer target reads as class labels rather than a quantity. */
const maxIntegerClasses = 20

const levels = (c: ColumnProfile): number => (c.distinctCapped ? Infinity : c.distinct)
/** A feature the engine takes: numbers as they are, categorical values with few levels one-hot encoded. */
const isFeatureLike = (c: ColumnProfile): boolean => numberLike.has(c.type) || (c.type === 'categorical' && levels(c) <= maxProposedLevels)
/** A target whose values name classes. */
const isClassTarget = (c: ColumnProfile): boolean => c.type === 'categorical' || c.type === 'boolean' || (c.type === 'integer' && levels(c) <= maxIntegerClasses)
const isNumericTarget = (c: ColumnProfile): boolean => c.type === 'number' || c.type === 'integer'
/** The engine refuses a target with gaps and a classification target with fewer than two classes. */
const isSoundTarget = (c: ColumnProfile): boolean => c.missing === 0 && levels(c) >= 2

export const needsTarget = (task: Task): boolean => task !== 'language-modelling'
export const needsText = (task: Task): boolean => task === 'text-classification' || task === 'language-modelling'
export const canStratify = (task: Task): boolean => task === 'classification' || task === 'text-classification'

/** Roles for a task the user picked: the last class-like (or numeric) column as target, the first text column as text. */
export function defaultRoles(columns: ColumnProfile[], task: Task): Record<string, ColumnRole> {
  const roles: Record<string, ColumnRole> = {}
  const pick = (accept: (c: ColumnProfile) => boolean) => [...columns].reverse().find(accept)?.name
  const text = needsText(task) ? columns.find((c) => c.type === 'text')?.name : undefined
  const target = !needsTarget(task)
    ? undefined
    : task === 'regression'
      ? pick(isNumericTarget)
      : pick((c) => (isClassTarget(c) || c.type === 'integer') && c.name !== text)
  for (const c of columns) {
    if (c.name === target) roles[c.name] = 'target'
    else if (c.name === text) roles[c.name] = 'text'
    else roles[c.name] = needsText(task) || !isFeatureLike(c) ? 'ignored' : 'feature'
  }
  return roles
}

/**
 * The task the roles imply, or null when they imply none: a text column and a target with no
 * other feature is text classification; a text column alone, language modelling; a target that
 * names classes, classification; a numeric one with many values, regression.
 */
export function inferTask(columns: ColumnProfile[], roles: Record<string, ColumnRole>): Task | null {
  const target = columns.find((c) => roles[c.name] === 'target')
  const hasText = columns.some((c) => roles[c.name] === 'text')
  const hasFeatures = columns.some((c) => roles[c.name] === 'feature')
  if (!target) return hasText ? 'language-modelling' : null
  if (hasText && !hasFeatures) return 'text-classification'
  if (isClassTarget(target)) return 'classification'
  return isNumericTarget(target) ? 'regression' : null
}

/**
 * What the form first proposes from the profile, only roles the engine accepts: a file of one
 * text column is for language modelling; otherwise the last class-like or numeric column with
 * a value in every row (and two values or more) is the target, numeric and few-valued categorical
 * columns are features, and a text column is the text of a text classification when nothing else
 * could be a feature.
 */
export function proposeVersion(columns: ColumnProfile[]): { task: Task; roles: Record<string, ColumnRole> } {
  const texts = columns.filter((c) => c.type === 'text')
  if (columns.length === 1 && texts.length === 1) return { task: 'language-modelling', roles: { [texts[0].name]: 'text' } }
  const last = (accept: (c: ColumnProfile) => boolean) => [...columns].reverse().find((c) => isSoundTarget(c) && accept(c))
  const target = last((c) => isClassTarget(c) || isNumericTarget(c))
  const roles: Record<string, ColumnRole> = {}
  for (const c of columns) roles[c.name] = c === target ? 'target' : isFeatureLike(c) ? 'feature' : 'ignored'
  const hasFeatures = Object.values(roles).includes('feature')
  if (texts.length > 0 && (!target || (!hasFeatures && isClassTarget(target)))) roles[texts[0].name] = 'text'
  const task = inferTask(columns, roles) ?? 'classification'
  // A language model reads its text column only: listing features beside it would mislead.
  if (task === 'language-modelling') for (const c of columns) if (roles[c.name] === 'feature') roles[c.name] = 'ignored'
  return { task, roles }
}

/** Which form field an engine issue belongs to (`split.k`, `features.3` → `features`), or null. */
export function fieldOfIssue(field: string): VersionField | null {
  const parts = field.split('.')
  const key = parts[0] === 'split' && parts.length > 1 ? `split.${parts[1]}` : parts[0]
  return (versionFields as readonly string[]).includes(key) ? (key as VersionField) : null
}

/**
 * State of the roles-and-split editor: the task, a role per column, the split settings as typed,
 * the problems found before asking the engine, and the engine's issues placed on their fields.
 */
export function useVersionForm(columns: () => ColumnProfile[]) {
  const task = ref<Task>('classification')
  const roles = reactive<Record<string, ColumnRole>>({})
  const split = reactive({ kind: 'holdout' as 'holdout' | 'kfold', valFraction: '0.2', k: '5', stratify: true, seed: '0' })
  const serverIssues = ref<Partial<Record<VersionField, string>>>({})
  /** Engine issues about one listed column (`features.2`), by column name, shown on its row. */
  const columnIssues = ref<Record<string, string>>({})
  const otherIssues = ref<FieldIssue[]>([])
  let sent: MethodInput<'datasets.createVersion'> | null = null

  function replaceRoles(next: Record<string, ColumnRole>, nextTask: Task): void {
    for (const key of Object.keys(roles)) delete roles[key]
    Object.assign(roles, next)
    task.value = nextTask
    split.stratify = canStratify(nextTask)
  }
  /** A new profile: propose roles and the task they imply. */
  watch(
    columns,
    (cols) => {
      const proposal = proposeVersion(cols)
      replaceRoles(proposal.roles, proposal.task)
    },
    { immediate: true }
  )

  /** A task the user chose: the roles that task would start from. */
  function setTask(next: Task): void {
    replaceRoles(defaultRoles(columns(), next), next)
    clearIssues()
  }

  /**
   * One target and one text column: choosing a new one sends the old one back to where defaults
   * put such a column. A changed target or text column changes the task the roles imply.
   */
  function setRole(column: string, role: ColumnRole): void {
    const wasKey = roles[column] === 'target' || roles[column] === 'text'
    if (role === 'target' || role === 'text') {
      const fallback = (name: string): ColumnRole => {
        const col = columns().find((c) => c.name === name)
        return !needsText(task.value) && col && isFeatureLike(col) ? 'feature' : 'ignored'
      }
      for (const [name, r] of Object.entries(roles)) if (r === role && name !== column) roles[name] = fallback(name)
    }
    roles[column] = role
    if (wasKey || role === 'target' || role === 'text') {
      const inferred = inferTask(columns(), roles)
      if (inferred && inferred !== task.value) {
        task.value = inferred
        split.stratify = canStratify(inferred)
      }
    }
    clearIssues()
  }

  const named = (role: ColumnRole) => columns().filter((c) => roles[c.name] === role).map((c) => c.name)

  const problems = computed<Partial<Record<VersionField, LocalProblem>>>(() => {
    const out: Partial<Record<VersionField, LocalProblem>> = {}
    const target = named('target')[0]
    const byName = new Map(columns().map((c) => [c.name, c]))
    if (needsTarget(task.value) && !target) out.target = { rule: 'targetRequired' }
    if (target && task.value === 'regression' && !numberLike.has(byName.get(target)?.type ?? '')) out.target = { rule: 'targetNumeric', values: { column: target } }
    if (needsText(task.value) && named('text').length === 0) out.text = { rule: 'textRequired' }
    if (!needsText(task.value) && named('feature').length === 0) out.features = { rule: 'featuresRequired' }
    const nonNumeric = named('feature').find((name) => ['text', 'empty'].includes(byName.get(name)?.type ?? ''))
    if (nonNumeric) out.features = { rule: 'featureText', values: { column: nonNumeric } }
    const fraction = Number(split.valFraction)
    if (split.kind === 'holdout' && !(split.valFraction.trim() !== '' && fraction > 0 && fraction < 1)) out['split.valFraction'] = { rule: 'fraction' }
    const k = Number(split.k)
    if (split.kind === 'kfold' && !(Number.isInteger(k) && k >= 2 && k <= 100)) out['split.k'] = { rule: 'folds' }
    const seed = Number(split.seed)
    if (!(split.seed.trim() !== '' && Number.isInteger(seed) && seed >= 0)) out['split.seed'] = { rule: 'seed' }
    return out
  })

  const isValid = computed(() => Object.keys(problems.value).length === 0)

  function toInput(datasetId: number): MethodInput<'datasets.createVersion'> {
    const stratify = split.stratify && canStratify(task.value)
    const seed = Number(split.seed)
    return (sent = {
      datasetId,
      task: task.value,
      target: named('target')[0] ?? null,
      features: named('feature'),
      text: named('text')[0] ?? null,
      ignored: named('ignored'),
      split: split.kind === 'holdout' ? { kind: 'holdout', valFraction: Number(split.valFraction), stratify, seed } : { kind: 'kfold', k: Number(split.k), stratify, seed }
    })
  }

  /** The column an indexed issue (`features.2`, `ignored.0`) names in the input last sent. */
  function columnOf(field: string): string | undefined {
    const match = /^(features|ignored)\.(\d+)$/.exec(field)
    return match ? sent?.[match[1] as 'features' | 'ignored']?.[Number(match[2])] : undefined
  }

  /** Puts engine issues next to their fields, worded by `word` (the window's language); the rest are listed under the form. */
  function applyIssues(issues: FieldIssue[], word: (issue: FieldIssue) => string = (issue) => issue.message): void {
    const placed: Partial<Record<VersionField, string>> = {}
    const byColumn: Record<string, string> = {}
    const rest: FieldIssue[] = []
    for (const issue of issues) {
      const column = columnOf(issue.field)
      const field = fieldOfIssue(issue.field)
      if (column !== undefined) byColumn[column] ??= word(issue)
      else if (field) placed[field] ??= word(issue)
      else rest.push({ ...issue, message: word(issue) })
    }
    serverIssues.value = placed
    columnIssues.value = byColumn
    otherIssues.value = rest
  }

  function clearIssues(): void {
    serverIssues.value = {}
    columnIssues.value = {}
    otherIssues.value = []
  }

  return reactive({ task, roles, split, problems, serverIssues, columnIssues, otherIssues, isValid, setTask, setRole, toInput, applyIssues, clearIssues })
}

export type VersionFormState = ReturnType<typeof useVersionForm>
