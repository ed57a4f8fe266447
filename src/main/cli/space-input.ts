import type { SearchSpaceSpec } from '../../shared/api'
import { AppError } from '../../shared/errors'
import type { storelessContext } from './context'

/** Reads `--space FILE` through the contract; errors start with the flag, like the other flags'. */
export async function readSpaceFlag(ctx: ReturnType<typeof storelessContext>, path: string): Promise<SearchSpaceSpec> {
  try {
    return await ctx.call('spaces.read', { path })
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, `--space ${err.message}`, err.details)
    throw err
  }
}
