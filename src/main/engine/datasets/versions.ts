import type { FieldIssue } from '../../../shared/errors'
import type { ColumnProfile, DatasetProfile, Split, Task } from '../../../shared/schemas/datasets'
import { splitSizes } from './split'

/** Roles and a split as the user chose them. */
export interface VersionRoles {
  task: Task
  target: string | null
  features: string[]
  text: string | null
  ignored: string[]
  split: Split
}

const numericTypes: ReadonlySet<ColumnProfile['type']> = new Set(['number', 'integer', 'boolean'])
const tabularTasks: ReadonlySet<Task> = new Set(['classification', 'regression'])
const classTasks: ReadonlySet<Task> = new Set(['classification', 'text-classification'])

export const needsTarget = (task: Task): boolean => task !== 'language-modelling'
export const hasClasses = (task: Task): boolean => classTasks.has(task)

/** The roles with the default features filled in: every other numeric column, for tabular tasks. */
export function withDefaults(profile: DatasetProfile, roles: VersionRoles): VersionRoles {
  if (roles.features.length > 0 || !tabularTasks.has(roles.task)) return roles
  const taken = new Set([roles.target, roles.text, ...roles.ignored])
  return { ...roles, features: profile.columns.filter((c) => !taken.has(c.name) && numericTypes.has(c.type)).map((c) => c.name) }
}

/**
 * Puts valid roles in one form: features in file order, ignored sorted, split fields in a fixed
 * order. Equal forms are equal versions. Validate first (`versionIssues` on `withDefaults`), so
 * issue fields point at the positions the user wrote.
 */
export function normalizeRoles(profile: DatasetProfile, roles: VersionRoles): VersionRoles {
  const names = profile.columns.map((c) => c.name)
  const order = (list: string[]) => [...new Set(list)].sort((a, b) => names.indexOf(a) - names.indexOf(b) || a.localeCompare(b))
  const s = roles.split
  const split: Split =
    s.kind === 'holdout'
      ? { kind: 'holdout', valFraction: s.valFraction, stratify: s.stratify, seed: s.seed }
      : { kind: 'kfold', k: s.k, stratify: s.stratify, seed: s.seed }
  return {
    task: roles.task,
    target: needsTarget(roles.task) ? roles.target : null,
    features: order(withDefaults(profile, roles).features),
    text: roles.text,
    ignored: [...new Set(roles.ignored)].sort(),
    split
  }
}

/** The identity of a version: its normalized roles as JSON with a fixed key order. */
export function canonicalKey(roles: VersionRoles): string {
  const { task, target, features, text, ignored, split } = roles
  return JSON.stringify({ task, target, features, text, ignored, split })
}

/** Everything wrong with the (normalized) roles for this profile, each naming its field. */
export function versionIssues(profile: DatasetProfile, roles: VersionRoles): FieldIssue[] {
  const issues: FieldIssue[] = []
  const byName = new Map(profile.columns.map((c) => [c.name, c]))
  const known = `columns: ${profile.columns.map((c) => c.name).join(', ')}`
  const column = (field: string, name: string): ColumnProfile | undefined => {
    const col = byName.get(name)
    if (!col) issues.push({ field, message: `there is no column "${name}" (${known})` })
    return col
  }
  const { task, target, text, split } = roles

  if (needsTarget(task)) {
    if (target === null) issues.push({ field: 'target', message: `a ${task} task needs a target column` })
    else {
      const col = column('target', target)
      if (col && col.missing > 0) issues.push({ field: 'target', message: `"${target}" has no value in ${col.missing} rows; every row needs a target` })
      if (col && hasClasses(task) && col.distinct < 2)
        issues.push({ field: 'target', message: `"${target}" holds a single value; a classifier needs two classes or more` })
      if (col && task === 'regression' && !numericTypes.has(col.type))
        issues.push({ field: 'target', message: `"${target}" is ${col.type}, not numeric; regression needs a numeric target` })
    }
  } else if (roles.target !== null) issues.push({ field: 'target', message: 'language modelling predicts the text itself; leave the target empty' })

  if (task === 'text-classification' || task === 'language-modelling') {
    if (text === null) issues.push({ field: 'text', message: `a ${task} task needs a text column` })
    else {
      const col = column('text', text)
      if (col && numericTypes.has(col.type)) issues.push({ field: 'text', message: `"${text}" holds ${col.type} values, not text` })
    }
  } else if (text !== null) column('text', text)

  const used = new Set([target, text].filter((n): n is string => n !== null))
  roles.features.forEach((name, i) => {
    const field = `features.${i}`
    const col = column(field, name)
    if (used.has(name)) issues.push({ field, message: `"${name}" is already the ${name === target ? 'target' : 'text'} column` })
    else if (roles.ignored.includes(name)) issues.push({ field, message: `"${name}" is also listed as ignored` })
    else if (col && tabularTasks.has(task) && !numericTypes.has(col.type))
      issues.push({ field, message: `"${name}" is ${col.type}, not numeric; it cannot be a numeric feature (ignore it instead)` })
  })
  if (tabularTasks.has(task) && roles.features.length === 0)
    issues.push({ field: 'features', message: 'no numeric feature column: name at least one' })
  roles.ignored.forEach((name, i) => column(`ignored.${i}`, name))

  const rows = profile.rows
  if (split.kind === 'holdout') {
    const { train, val } = splitSizes(rows, split.valFraction)
    if (train < 1 || val < 1)
      issues.push({ field: 'split.valFraction', message: `${rows} rows at ${split.valFraction} leave ${train} training and ${val} validation rows; both need one or more` })
  } else if (split.k > rows) issues.push({ field: 'split.k', message: `${split.k} folds need at least ${split.k} rows (the dataset has ${rows})` })
  if (split.stratify && !hasClasses(task)) issues.push({ field: 'split.stratify', message: `stratifying needs classes; a ${task} task has none` })
  return issues
}
