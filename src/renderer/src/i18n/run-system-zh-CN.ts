import type runSystemEn from './run-system-en'

/** 运行页“系统”部分（sys/* 指标）的中文措辞，与 run-system-en.ts 同形。 */
const runSystemZhCN: typeof runSystemEn = {
  title: '系统',
  help: '训练器运行期间每隔几秒采样一次：其进程及全部子进程，以及 nvidia-smi 报告的所用 GPU。横轴是自运行开始以来的秒数，而非训练步数。',
  seconds: '自开始以来的秒数',
  charts: { cpu: 'CPU（%，100 = 一个核心）', memory: '内存（MB）', gpuUtil: 'GPU 利用率（%）', gpuMemory: 'GPU 显存（MiB）' },
  series: {
    cpu_percent: 'CPU',
    memory_mb: '常驻内存',
    gpu_util_percent: '利用率',
    gpu_memory_mb: 'GPU 已用（所有进程）',
    gpu_process_memory_mb: '本运行的进程占用'
  }
}

export default runSystemZhCN
