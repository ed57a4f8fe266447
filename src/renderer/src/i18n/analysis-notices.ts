import { useI18n } from 'vue-i18n'
import { analysisMessage, type AnalysisMessageLocale } from '../../../shared/messages/analysis'
import type { AnalysisNotice } from '../../../shared/api'

/**
 * Words an analysis notice in the page's language. The texts live in src/shared/messages so the
 * CLI prints the same sentences; vue-i18n only supplies the current locale.
 */
export function useAnalysisNotice(): (notice: AnalysisNotice) => string {
  const { locale } = useI18n()
  return (notice) => analysisMessage(locale.value as AnalysisMessageLocale, notice.code, notice.params)
}
