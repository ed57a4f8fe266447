/** English words of the run page's System section (the sys/* metrics); zh-CN mirrors this shape. */
const runSystemEn = {
  title: 'System',
  help: 'Sampled every few seconds while the trainer runs: its process with every child process, and its GPU where nvidia-smi reports one. The x axis is seconds since the run started, not training steps.',
  seconds: 'seconds since start',
  charts: { cpu: 'CPU (%, 100 = one core)', memory: 'Memory (MB)', gpuUtil: 'GPU utilisation (%)', gpuMemory: 'GPU memory (MiB)' },
  series: {
    cpu_percent: 'CPU',
    memory_mb: 'resident memory',
    gpu_util_percent: 'utilisation',
    gpu_memory_mb: 'used on the GPU (all processes)',
    gpu_process_memory_mb: "held by this run's processes"
  }
}

export default runSystemEn
