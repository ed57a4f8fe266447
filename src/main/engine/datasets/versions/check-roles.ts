import type { DatasetProfile, Task } from '../../../../shared/schemas/datasets'
import { codedIssue, type FieldIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'

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
    issues.push(codedIssue(field, msg('version.noColumn', { column: name })))
    return false
  }
  const { task, target } = roles
  if (task !== 'language-modelling') {
    if (target === null) issues.push(codedIssue('target', msg('version.targetNeeded', { task })))
    else if (known('target', target)) {
      const col = byName.get(target)!
      const classes = col.distinctCapped ? Infinity : col.distinct
      if ((task === 'classification' || task === 'text-classification') && classes < 2) {
        const only = col.top?.[0]?.value
        const problem =
          classes === 0 ? msg('version.targetNoValues', { target }) : only !== undefined ? msg('version.targetOneClassNamed', { target, value: only }) : msg('version.targetOneClass', { target })
        issues.push(codedIssue('target', problem))
      }
      if (task === 'regression' && col.type !== 'number' && col.type !== 'integer') {
        issues.push(codedIssue('target', msg('version.targetNotNumeric', { target, type: col.type })))
      }
    }
  }
  if (task === 'text-classification' || task === 'language-modelling') {
    if (roles.text === null) issues.push(codedIssue('text', msg('version.textNeeded', { task })))
    else known('text', roles.text)
  }
  roles.features.forEach((name, i) => {
    if (!known(`features.${i}`, name)) return
    const col = byName.get(name)!
    if (name === target) issues.push(codedIssue(`features.${i}`, msg('version.featureIsTarget', { column: name })))
    else if (col.type === 'empty') issues.push(codedIssue(`features.${i}`, msg('version.featureEmpty', { column: name })))
    else if (!FEATURE_TYPES.has(col.type)) {
      const at = profile.columns.indexOf(col)
      const example = profile.preview.find((r) => r[at])?.[at]
      const problem = example !== undefined ? msg('version.featureFreeTextExample', { column: name, example }) : msg('version.featureFreeText', { column: name })
      issues.push(codedIssue(`features.${i}`, problem))
    }
  })
  return issues
}
