import { z } from 'zod'
import type { CodedMessage as Coded, MessageValue as Value } from '../messages'

/** A value of a coded message (shared/messages): text, a number, another message or a list of them. */
export const MessageValue: z.ZodType<Value> = z.lazy(() => z.union([z.string(), z.number(), CodedMessage, z.array(MessageValue)]))

/** A message as a catalog code and its values, for the reader's language. */
export const CodedMessage: z.ZodType<Coded> = z.lazy(() => z.object({ code: z.string(), values: z.record(z.string(), MessageValue).optional() }))
