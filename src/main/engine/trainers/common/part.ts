export type Task = 'classification' | 'regression'

/** One part of the split, standardised and typed for the graph: x [rows, features]; int64 labels or float targets. */
export interface Part {
  rows: number
  x: Float32Array
  y: BigInt64Array | Float32Array
}
