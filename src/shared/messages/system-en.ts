/** English words of the system metrics (sys/*) sampled while a run's trainer runs. zh-CN mirrors this shape in system-zh-CN.ts. */
export const systemEn = {
  gpuStopped: 'nvidia-smi did not answer ({reason}); the GPU metrics of this run are no longer sampled'
}
