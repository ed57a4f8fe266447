import { useI18n } from 'vue-i18n'
import { issueCode, type FieldIssue } from '../../../shared/errors'
import type { MessageValue } from '../../../shared/messages'
import { useEngineText } from './use-engine-text'

/**
 * Words a field issue in the current language: issues from parameter checks, the engine's
 * refusals (a full disk, a run held elsewhere) and its dataset and version checks carry a rule and
 * its values; anything else is shown as the engine wrote it.
 */
export function useIssueText() {
  const { t, te } = useI18n()
  const engine = useEngineText()
  return (issue: FieldIssue | undefined): string | undefined => {
    if (!issue) return undefined
    if (!issue.rule) return issue.message
    const key = [`problems.${issue.rule}`, `refusals.${issue.rule}`].find((k) => te(k))
    if (key) return t(key, issue.values ?? {})
    const code = issueCode(issue)
    return code ? engine.word({ code, values: (issue.values ?? {}) as Record<string, MessageValue> }) : issue.message
  }
}
