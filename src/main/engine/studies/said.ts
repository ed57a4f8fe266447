/**
 * A study's status message and a trial's message as the ledger keeps them: the catalog code and
 * values (worded in the reader's language by the study page and the CLI) beside the English.
 */
import { AppError } from '../../../shared/errors'
import { formatMessage, hasMessage, msg, reasonMessage, type CodedMessage, type MessageCode, type MessageValue } from '../../../shared/messages'
import type { Run } from '../../../shared/schemas/runs'

/** The patch that sets a study's status message; null clears it. */
export function studySays(message: CodedMessage | null): { statusMessage: string | null; statusCoded: CodedMessage | null } {
  return { statusMessage: message && formatMessage('en', message), statusCoded: message }
}

/** The patch that sets a trial's message; null clears it. */
export function trialSays(message: CodedMessage | null): { message: string | null; messageCoded: CodedMessage | null } {
  return { message: message && formatMessage('en', message), messageCoded: message }
}

/** Shorthand: `studySays(msg(code, values))`. */
export const studySaid = (code: MessageCode, values: Record<string, MessageValue> = {}) => studySays(msg(code, values))

/** Shorthand: `trialSays(msg(code, values))`. */
export const trialSaid = (code: MessageCode, values: Record<string, MessageValue> = {}) => trialSays(msg(code, values))

/** Why a run that did not finish leaves its trial failed: its status and, when it gave one, its reason. */
export function runEnded(run: Pick<Run, 'id' | 'status' | 'statusMessage' | 'statusReason'>): CodedMessage {
  const status = msg(`status.${run.status}`)
  const reason = (run.statusReason && reasonMessage(run.statusReason)) ?? run.statusMessage
  return reason ? msg('studies.trial.runEndedBecause', { run: run.id, status, reason }) : msg('studies.trial.runEnded', { run: run.id, status })
}

/** An error as a message value: its coded message where it has one the catalog words, else its English. */
export function errorReason(err: unknown): MessageValue {
  const coded = err instanceof AppError ? err.details?.message : undefined
  return coded && hasMessage(coded.code) ? coded : err instanceof Error ? err.message : String(err)
}
