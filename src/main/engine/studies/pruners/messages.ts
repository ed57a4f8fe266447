/**
 * Why a trial was pruned, as a coded message of the engine catalog (`studies.pruned.*` in
 * src/shared/messages): the ledger stores it, the trial table and the CLI word it in the reader's
 * language. Numbers are given as text to three significant digits.
 */
import { catalogs, formatMessage, msg, type CodedMessage, type MessageLocale } from '../../../../shared/messages'
import type { PruneReason, PruneReasonCode } from './curves'

export type PruneMessageLocale = MessageLocale

/** The catalog's texts of each reason, by language. */
export const pruneMessages: Record<PruneMessageLocale, Record<PruneReasonCode, string>> = {
  en: catalogs.en.studies.pruned,
  'zh-CN': catalogs['zh-CN'].studies.pruned
}

function shown(v: number | string): string {
  if (typeof v === 'string') return v
  if (Number.isInteger(v)) return String(v)
  return Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(2) : String(+v.toPrecision(3))
}

/** The reason as a coded message. */
export function pruneMessage(reason: PruneReason): CodedMessage {
  return msg(`studies.pruned.${reason.code}`, Object.fromEntries(Object.entries(reason.values).map(([k, v]) => [k, shown(v)])))
}

/** The reason as a sentence in `locale`. */
export function pruneReasonText(locale: PruneMessageLocale, reason: PruneReason): string {
  return formatMessage(locale, pruneMessage(reason))
}
