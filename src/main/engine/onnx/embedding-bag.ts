import type { Tensor } from './graph'
import { cast, div, max, mul, reduceSum, sign, unsqueeze } from './ops'
import { gather } from './shape-ops'

/**
 * Largest id an embedding bag takes: ids travel as float32 so that the mlp's batch feeding and
 * evaluation carry them unchanged, and float32 holds every integer up to 2^24 exactly.
 */
export const MAX_BAG_ID = 2 ** 24

/**
 * The mean of the rows of `table` [rows, dim] named by `ids` [batch, slots] (ids as floats, 0
 * marking an empty slot), as fastText and torch.nn.EmbeddingBag(mode='mean') compute it. Row 0 is
 * padding: its gathered copies are weighted 0, so it receives no gradient. The gradient reaches
 * the picked rows through Gather's scatter-add rule; ids, weights and counts are not
 * differentiated. A text with no id gets the zero vector.
 */
export function embeddingBag(table: Tensor, ids: Tensor): Tensor {
  if (ids.rank !== 2) throw new Error(`embeddingBag: ids must be [batch, slots], got [${ids.shape}]`)
  const present = sign(ids)
  const count = max(reduceSum(present, [1], true), 1)
  const weights = unsqueeze(div(present, count), [-1])
  const rows = gather(table, cast(ids, 'int64'))
  return reduceSum(mul(rows, weights.dtype === table.dtype ? weights : cast(weights, table.dtype)), [1])
}
