import { codedIssue, type FieldIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import type { ColumnProfile, DatasetProfile, Split, Task } from '../../../../shared/schemas/datasets'
import { checkRoles } from './check-roles'
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

/**
 * Everything wrong with the roles for this profile, each naming its field: the column checks of
 * `checkRoles`, then what a saved version needs besides (a complete target, distinct roles,
 * known ignored columns, a split that leaves no part empty).
 */
export function versionIssues(profile: DatasetProfile, roles: VersionRoles): FieldIssue[] {
  const issues = checkRoles(profile, roles)
  const byName = new Map(profile.columns.map((c) => [c.name, c]))
  const { task, target, text, split } = roles

  const targetCol = target === null ? undefined : byName.get(target)
  if (needsTarget(task) && targetCol && targetCol.missing > 0)
    issues.push(codedIssue('target', msg('version.targetMissing', { target: target!, count: targetCol.missing })))
  if (!needsTarget(task) && target !== null) issues.push(codedIssue('target', msg('version.lmNoTarget')))
  const textCol = text === null ? undefined : byName.get(text)
  if (textCol && numericTypes.has(textCol.type)) issues.push(codedIssue('text', msg('version.textNotText', { column: text!, type: textCol.type })))

  roles.features.forEach((name, i) => {
    if (name === text) issues.push(codedIssue(`features.${i}`, msg('version.featureIsText', { column: name })))
    else if (roles.ignored.includes(name)) issues.push(codedIssue(`features.${i}`, msg('version.featureIgnored', { column: name })))
  })
  if (tabularTasks.has(task) && roles.features.length === 0) issues.push(codedIssue('features', msg('version.noFeatures')))
  roles.ignored.forEach((name, i) => {
    if (!byName.has(name)) issues.push(codedIssue(`ignored.${i}`, msg('version.noColumn', { column: name })))
  })

  const rows = profile.rows
  if (split.kind === 'holdout') {
    const { train, val } = splitSizes(rows, split.valFraction)
    if (train < 1 || val < 1)
      issues.push(codedIssue('split.valFraction', msg('version.holdoutEmpty', { rows, fraction: split.valFraction, train, val })))
  } else if (split.k > rows) issues.push(codedIssue('split.k', msg('version.foldsTooMany', { k: split.k, rows })))
  if (split.stratify && !hasClasses(task)) issues.push(codedIssue('split.stratify', msg('version.stratifyNoClasses', { task })))
  return issues
}
