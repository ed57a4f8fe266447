import type { Graph, Tensor } from '../../onnx/graph'
import { cast, equal, isNan, matmul, rsub, where } from '../../onnx/ops'
import { concat, slice } from '../../onnx/shape-ops'
import type { Preprocessing } from '../common/preprocess'

/**
 * The raw columns as graph inputs and the features the model was trained on, computed from them
 * exactly as training did: numeric columns arrive together in `x` [batch, numeric columns], NaN
 * where missing, and take their fill value (and a missing-indicator column); each categorical
 * column arrives as a string input [batch, 1] named after it and becomes one 0/1 column per level
 * plus "other" for anything else.
 */
export function rawColumnFeatures(graph: Graph, plan: Preprocessing): { features: Tensor; inputs: string[] } {
  const numeric = plan.columns.filter((c) => c.kind === 'numeric')
  const x = numeric.length > 0 ? graph.input('x', 'float32', ['batch', numeric.length]) : null
  const inputs = x ? ['x'] : []
  const parts: Tensor[] = []
  let j = 0
  for (const c of plan.columns) {
    if (c.kind === 'numeric') {
      const v = slice(x!, [j], [j + 1], [1])
      j++
      const missing = isNan(v)
      parts.push(where(missing, c.fill, v))
      if (c.indicator) parts.push(cast(missing, 'float32'))
    } else if (c.kind === 'categorical') {
      let name = c.name
      while (inputs.includes(name)) name = `${name}_`
      inputs.push(name)
      const s = graph.input(name, 'string', ['batch', 1])
      if (c.levels.length === 0) {
        parts.push(cast(equal(s, s), 'float32'))
        continue
      }
      const hot = cast(equal(s, graph.stringConstant([c.levels.length], c.levels)), 'float32')
      const other = rsub(1, matmul(hot, graph.constant('float32', [c.levels.length, 1], new Array<number>(c.levels.length).fill(1))))
      parts.push(hot, other)
    }
  }
  return { features: parts.length === 1 ? parts[0] : concat(parts, 1), inputs }
}
