import type { ParamSpec } from '../../../../../shared/api'

const providerLabels: Record<string, string> = {
  cuda: 'CUDA (NVIDIA)',
  tensorrt: 'TensorRT (NVIDIA)',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU'
}

/** Where a run computes: the execution providers the engine found (`providers`), and CPU threads. */
export function runtimeParamSpecs(providers: string[]): ParamSpec[] {
  const accelerators = providers.filter((p) => p !== 'cpu')
  return [
    {
      key: 'runtime.device',
      group: 'runtime',
      type: 'choice',
      default: 'auto',
      choices: [
        { value: 'auto', label: { en: 'Automatic', 'zh-CN': '自动' } },
        { value: 'cpu', label: { en: 'CPU', 'zh-CN': 'CPU' } },
        ...accelerators.map((p) => ({ value: p, label: { en: providerLabels[p] ?? p, 'zh-CN': providerLabels[p] ?? p } }))
      ],
      label: { en: 'Device', 'zh-CN': '设备' },
      help: {
        en: 'Execution provider. Automatic picks the best accelerator found and falls back to the CPU.',
        'zh-CN': '执行提供程序。自动模式选择找到的最佳加速器，不可用时回退到 CPU。'
      }
    },
    {
      key: 'runtime.threads',
      group: 'runtime',
      type: 'int',
      default: 1,
      min: 1,
      max: 256,
      usual: [1, 8],
      unit: { en: 'threads', 'zh-CN': '线程' },
      label: { en: 'CPU threads', 'zh-CN': 'CPU 线程数' },
      help: {
        en: 'Intra-op threads of onnxruntime. Results repeat exactly for the same seed and thread count.',
        'zh-CN': 'onnxruntime 的算子内线程数。相同种子和线程数下结果完全可复现。'
      }
    }
  ]
}

/** Optimizer steps chained in one session run; only trainers that chain steps (the mlp) declare it. */
export const stepsPerRunSpec = (): ParamSpec => ({
  key: 'runtime.steps_per_run',
  group: 'runtime',
  type: 'int',
  default: 4,
  min: 1,
  max: 64,
  usual: [1, 16],
  unit: { en: 'steps', 'zh-CN': '步' },
  label: { en: 'Steps per session run', 'zh-CN': '每次会话运行的步数' },
  help: {
    en: 'Optimizer steps chained in one onnxruntime call, so parameters and optimizer state cross into JavaScript once per this many steps. Results equal single steps; 4 was fastest on CPU for small and MNIST-sized models, and the gain is largest on a GPU. Steps that record gradient statistics run alone.',
    'zh-CN': '在一次 onnxruntime 调用中串联执行的优化器步数，使参数与优化器状态每这么多步才回到 JavaScript 一次。结果与逐步执行相同；在 CPU 上对小模型和 MNIST 规模的模型以 4 最快，在 GPU 上收益最大。记录梯度统计的步单独执行。'
  }
})
