/**
 * Coded lines in a run's log. The log stays text: a coded line is its English, then the unit
 * separator (U+001F) and the message as JSON, so the window and the CLI can word it in the
 * reader's language while any other reader still has the English before the separator.
 */
import { formatMessage, isCodedMessage, type CodedMessage, type MessageLocale } from './index'

export const LOG_CODE_MARK = '\u001f'

/** One log line (no newline) for `message`: its English and its code. */
export function codedLogLine(message: CodedMessage): string {
  return `${formatMessage('en', message).replace(/[\n\u001f]/g, ' ')}${LOG_CODE_MARK}${JSON.stringify(message)}`
}

function wordLine(line: string, word: (message: CodedMessage) => string): string {
  const at = line.indexOf(LOG_CODE_MARK)
  if (at < 0) return line
  const english = line.slice(0, at)
  try {
    const parsed: unknown = JSON.parse(line.slice(at + 1))
    return isCodedMessage(parsed) ? word(parsed) : english
  } catch {
    // A line still arriving, or a code this reader cannot read: the English is there.
    return english
  }
}

/** The log with each coded line worded by `word`; other lines are left as written. */
export function wordLog(text: string, word: (message: CodedMessage) => string): string {
  if (!text.includes(LOG_CODE_MARK)) return text
  return text
    .split('\n')
    .map((line) => wordLine(line, word))
    .join('\n')
}

/** The log worded in `locale`, as the CLI prints it. */
export function logText(text: string, locale: MessageLocale): string {
  return wordLog(text, (m) => formatMessage(locale, m))
}
