import { useI18n } from 'vue-i18n'
import type { FieldIssue } from '../../../shared/errors'

/**
 * Words a field issue in the current language: issues from parameter checks and the engine's
 * refusals (a full disk, a run held elsewhere) carry a rule and its values; anything else (dataset
 * problems found by the engine) is shown as the engine wrote it.
 */
export function useIssueText() {
  const { t, te } = useI18n()
  return (issue: FieldIssue | undefined): string | undefined => {
    if (!issue) return undefined
    if (!issue.rule) return issue.message
    const key = [`problems.${issue.rule}`, `refusals.${issue.rule}`].find((k) => te(k))
    return key ? t(key, issue.values ?? {}) : issue.message
  }
}
