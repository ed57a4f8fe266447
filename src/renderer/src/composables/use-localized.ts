import { useI18n } from 'vue-i18n'
import type { Localized } from '../../../shared/api'

/** Picks the current language from schema text (`{ en, 'zh-CN' }`), falling back to English. */
export function useLocalized(): (text: Localized | undefined) => string {
  const { locale } = useI18n()
  return (text) => (text ? (text[locale.value as keyof Localized] ?? text.en) : '')
}
