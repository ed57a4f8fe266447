import { useI18n } from 'vue-i18n'
import type { FieldIssue } from '../../../shared/errors'

/**
 * Words a field issue in the current language: issues from parameter checks carry a rule and its
 * values; anything else (dataset problems found by the engine) is shown as the engine wrote it.
 */
export function useIssueText() {
  const { t, te } = useI18n()
  return (issue: FieldIssue | undefined): string | undefined => {
    if (!issue) return undefined
    const key = `problems.${issue.rule}`
    return issue.rule && te(key) ? t(key, issue.values ?? {}) : issue.message
  }
}
