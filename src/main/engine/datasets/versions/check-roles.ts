import type { DatasetProfile, Task } from '../../../../shared/schemas/datasets'
import type { FieldIssue } from '../../../../shared/errors'

export interface Roles {
  task: Task
  target: string | null
  features: string[]
  text: string | null
}

/** Column types a table trainer takes as features: numbers as they are, categorical values one-hot encoded. */
const FEATURE_TYPES = new Set(['number', 'integer', 'boolean', 'categorical'])

/**
 * Problems with column roles that only the profile can reveal, checked when a version is created:
 * unknown columns, a classification target with fewer than two classes, a regression target that
 * is not numeric, and a feature that is free text or empty (the mlp reads numbers and one-hot
 * encodes categorical columns, but free text belongs in a text task). Missing feature values are
 * fine: the trainer fills them. Each issue names the field and the column.
 */
export function checkRoles(profile: DatasetProfile, roles: Roles): FieldIssue[] {
  const issues: FieldIssue[] = []
  const byName = new Map(profile.columns.map((c) => [c.name, c]))
  const known = (field: string, name: string): boolean => {
    if (byName.has(name)) return true
    issues.push({ field, message: `there is no column "${name}"` })
    return false
  }
  const { task, target } = roles
  if (task !== 'language-modelling') {
    if (target === null) issues.push({ field: 'target', message: `a ${task} task needs a target column` })
    else if (known('target', target)) {
      const col = byName.get(target)!
      const classes = col.distinctCapped ? Infinity : col.distinct
      if ((task === 'classification' || task === 'text-classification') && classes < 2) {
        const only = col.top?.[0]?.value
        issues.push({
          field: 'target',
          message: `the target "${target}" has ${classes === 0 ? 'no values' : `one class only${only !== undefined ? ` ("${only}")` : ''}`}; classification needs at least two`
        })
      }
      if (task === 'regression' && col.type !== 'number' && col.type !== 'integer') {
        issues.push({ field: 'target', message: `the target "${target}" is ${col.type}, but regression needs a numeric target` })
      }
    }
  }
  if (task === 'text-classification' || task === 'language-modelling') {
    if (roles.text === null) issues.push({ field: 'text', message: `a ${task} task needs a text column` })
    else known('text', roles.text)
  }
  roles.features.forEach((name, i) => {
    if (!known(`features.${i}`, name)) return
    const col = byName.get(name)!
    if (name === target) issues.push({ field: `features.${i}`, message: `"${name}" is the target and cannot also be a feature` })
    else if (col.type === 'empty') issues.push({ field: `features.${i}`, message: `the column "${name}" has no values; it cannot be a feature` })
    else if (!FEATURE_TYPES.has(col.type)) {
      const at = profile.columns.indexOf(col)
      const example = profile.preview.find((r) => r[at])?.[at]
      issues.push({
        field: `features.${i}`,
        message: `the column "${name}" is free text${example !== undefined ? ` (e.g. "${example}")` : ''}, neither numeric nor categorical; use it as the text of a text-classification task, or ignore it`
      })
    }
  })
  return issues
}
