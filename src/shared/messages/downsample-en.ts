/** English words of runs.seriesDownsampled (the compare view's curves); zh-CN mirrors this shape. */
export const downsampleEn = {
  noEpoch: 'Run {id} logged no "epoch" series, so its curves cannot be drawn by epoch; draw them by step or wall time',
  noEpochField: 'run {id} has no "epoch" series',
  badRange: 'The range must go from a smaller to a larger value; got {from} to {to}',
  badRangeField: 'from {from} is not below to {to}'
}
