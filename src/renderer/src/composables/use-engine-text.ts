import { useI18n } from 'vue-i18n'
import { AppError } from '../../../shared/errors'
import { formatMessage, hasMessage, isCodedMessage, wordValue, type CodedMessage, type MessageLocale, type MessageValue } from '../../../shared/messages'
import { wordLog } from '../../../shared/messages/log-lines'

/**
 * Words the engine's coded messages in the window's language, through vue-i18n (the catalog sits
 * under `engine.`); a code this window does not know falls back to the engine's English.
 */
export function useEngineText() {
  const { t, te, locale } = useI18n()
  const word = (message: CodedMessage): string => {
    const key = `engine.${message.code}`
    if (!te(key)) return formatMessage('en', message)
    const values: Record<string, string | number> = {}
    for (const [name, value] of Object.entries(message.values ?? {})) values[name] = wordValue(locale.value as MessageLocale, value as MessageValue, word)
    return t(key, values)
  }
  return {
    /** A coded message, or a value that may hold one, in the window's language. */
    word: (message: CodedMessage | MessageValue): string => (isCodedMessage(message) ? word(message) : String(wordValue(locale.value as MessageLocale, message, word))),
    /** What went wrong, for a line of text: a coded engine error in the window's language, else its message. */
    error: (err: unknown): string => {
      const coded = err instanceof AppError ? err.details?.message : undefined
      if (coded && hasMessage(coded.code)) return word(coded)
      return err instanceof Error ? err.message : String(err)
    },
    /** A run log with its coded lines in the window's language. */
    log: (text: string): string => wordLog(text, word)
  }
}
