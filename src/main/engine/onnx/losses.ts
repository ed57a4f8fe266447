import type { Tensor } from './graph'
import { argmax, cast, equal, logSoftmax, meanAll, mul, neg, reduceSum, sub, sumAll, unsqueeze } from './ops'

export type Reduction = 'mean' | 'sum'

/**
 * One-hot rows of integer labels as `dtype`, built from Equal against 0..k-1 rather than OneHot,
 * whose CPU kernel lacks float64 outputs.
 */
export function oneHot(labels: Tensor, classes: number, like: Tensor): Tensor {
  const range = labels.graph.constant('int64', [classes], Array.from({ length: classes }, (_, i) => i))
  return cast(equal(unsqueeze(labels, [1]), range), like.dtype)
}

/**
 * Cross-entropy of logits [n, k] against int64 labels [n]. Composed of differentiable ops
 * (LogSoftmax, Mul, ReduceSum, Neg, ReduceMean), so its gradient comes from their rules.
 */
export function crossEntropy(logits: Tensor, labels: Tensor, reduction: Reduction = 'mean'): Tensor {
  const classes = logits.shape[logits.rank - 1]
  if (typeof classes !== 'number') throw new Error('crossEntropy: the class dimension must be fixed')
  const picked = reduceSum(mul(oneHot(labels, classes, logits), logSoftmax(logits, -1)), [1])
  const nll = neg(picked)
  return reduction === 'mean' ? meanAll(nll) : sumAll(nll)
}

/** Mean (or summed) squared error between two tensors of the same shape. */
export function mse(pred: Tensor, target: Tensor, reduction: Reduction = 'mean'): Tensor {
  const d = sub(pred, target)
  const sq = mul(d, d)
  return reduction === 'mean' ? meanAll(sq) : sumAll(sq)
}

/** How many rows the arg-max of the logits gets right, as a scalar of the logits' dtype. */
export function correctCount(logits: Tensor, labels: Tensor): Tensor {
  return sumAll(cast(equal(argmax(logits, -1), labels), logits.dtype))
}
