import type { GroupSpec, ParamSpec } from '../../../../shared/api'

/**
 * The `mlp` parameter schema. Usual ranges follow /work/shared/DOMAIN.md where it gives one
 * (lr for small models with Adam 1e-4…1e-2, weight decay 0…0.1, batch size, betas, warmup);
 * the rest state common practice in the help text.
 */
export const mlpGroups: GroupSpec[] = [
  { id: 'data', label: { en: 'Data', 'zh-CN': '数据' } },
  { id: 'model', label: { en: 'Model', 'zh-CN': '模型' } },
  { id: 'optimizer', label: { en: 'Optimizer', 'zh-CN': '优化器' } },
  { id: 'schedule', label: { en: 'Schedule', 'zh-CN': '学习率调度' } },
  { id: 'training', label: { en: 'Training', 'zh-CN': '训练' } },
  { id: 'runtime', label: { en: 'Runtime', 'zh-CN': '运行环境' } }
]

const providerLabels: Record<string, string> = {
  cuda: 'CUDA (NVIDIA)',
  tensorrt: 'TensorRT (NVIDIA)',
  dml: 'DirectML',
  coreml: 'CoreML',
  webgpu: 'WebGPU'
}

export function mlpParamSpecs(providers: string[]): ParamSpec[] {
  const accelerators = providers.filter((p) => p !== 'cpu')
  return [
    {
      key: 'data.target',
      group: 'data',
      type: 'string',
      default: '',
      optional: true,
      label: { en: 'Target column', 'zh-CN': '目标列' },
      help: {
        en: 'Column holding the class of each row. Empty means the last column; every other column is a numeric feature.',
        'zh-CN': '保存每行类别的列。留空表示最后一列；其余各列都作为数值特征。'
      },
      placeholder: { en: 'last column', 'zh-CN': '最后一列' }
    },
    {
      key: 'data.val_fraction',
      group: 'data',
      type: 'float',
      default: 0.2,
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      usual: [0.1, 0.3],
      label: { en: 'Validation fraction', 'zh-CN': '验证集比例' },
      help: {
        en: 'Share of rows held out (seeded shuffle) to measure validation loss and accuracy.',
        'zh-CN': '按种子随机留出用于计算验证损失和准确率的行所占比例。'
      }
    },
    {
      key: 'data.batch_size',
      group: 'data',
      type: 'int',
      default: 32,
      min: 1,
      log: true,
      usual: [16, 256],
      unit: { en: 'rows', 'zh-CN': '行' },
      label: { en: 'Batch size', 'zh-CN': '批大小' },
      help: {
        en: 'Rows per optimizer step. Highly sensitive; when you change it, scaling lr with it (lr ∝ batch/256) is a common start.',
        'zh-CN': '每次优化步使用的行数。影响很大；修改时常按线性缩放规则同步调整学习率（lr ∝ batch/256）。'
      }
    },
    {
      key: 'model.hidden_size',
      group: 'model',
      type: 'int',
      default: 64,
      min: 1,
      log: true,
      usual: [32, 512],
      unit: { en: 'units', 'zh-CN': '个单元' },
      label: { en: 'Hidden size', 'zh-CN': '隐藏层宽度' },
      help: {
        en: 'Units in each hidden layer. Sets capacity and cost more than stability.',
        'zh-CN': '每个隐藏层的神经元数。主要决定容量和计算成本，对稳定性影响较小。'
      }
    },
    {
      key: 'model.layers',
      group: 'model',
      type: 'int',
      default: 2,
      min: 1,
      usual: [1, 4],
      unit: { en: 'layers', 'zh-CN': '层' },
      label: { en: 'Hidden layers', 'zh-CN': '隐藏层数' },
      help: {
        en: 'Number of hidden layers between the input and the output layer.',
        'zh-CN': '输入层与输出层之间的隐藏层数量。'
      }
    },
    {
      key: 'model.activation',
      group: 'model',
      type: 'choice',
      default: 'relu',
      choices: [
        { value: 'relu', label: { en: 'ReLU', 'zh-CN': 'ReLU' } },
        { value: 'tanh', label: { en: 'tanh', 'zh-CN': 'tanh' } }
      ],
      label: { en: 'Activation', 'zh-CN': '激活函数' },
      help: {
        en: 'Non-linearity after each hidden layer. Weights start He-initialised for ReLU, Xavier for tanh.',
        'zh-CN': '每个隐藏层之后的非线性函数。ReLU 使用 He 初始化，tanh 使用 Xavier 初始化。'
      }
    },
    {
      key: 'optimizer.name',
      group: 'optimizer',
      type: 'choice',
      default: 'adamw',
      choices: [
        { value: 'adamw', label: { en: 'AdamW', 'zh-CN': 'AdamW' } },
        { value: 'sgd', label: { en: 'SGD with momentum', 'zh-CN': '带动量的 SGD' } }
      ],
      label: { en: 'Optimizer', 'zh-CN': '优化器' },
      help: {
        en: 'AdamW decouples weight decay from the gradient; SGD adds it to the gradient (L2) and usually needs a larger lr.',
        'zh-CN': 'AdamW 将权重衰减与梯度解耦；SGD 把衰减加到梯度上（L2），通常需要更大的学习率。'
      }
    },
    {
      key: 'optimizer.lr',
      group: 'optimizer',
      type: 'float',
      default: 1e-3,
      min: 0,
      minExclusive: true,
      log: true,
      usual: [1e-4, 1e-2],
      label: { en: 'Learning rate', 'zh-CN': '学习率' },
      help: {
        en: 'Peak step size. The most sensitive parameter: 1e-4…1e-2 for Adam-type optimizers on small models, 1e-3…1e-1 for SGD.',
        'zh-CN': '峰值步长，通常是最敏感的参数：小模型上 Adam 类优化器常用 1e-4…1e-2，SGD 常用 1e-3…1e-1。'
      }
    },
    {
      key: 'optimizer.momentum',
      group: 'optimizer',
      type: 'float',
      default: 0.9,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0.8, 0.99],
      label: { en: 'Momentum (SGD)', 'zh-CN': '动量（SGD）' },
      help: {
        en: 'Decay of the SGD momentum buffer; 0 is plain SGD. Used only with SGD.',
        'zh-CN': 'SGD 动量缓冲的衰减系数；0 表示普通 SGD。仅在 SGD 下使用。'
      }
    },
    {
      key: 'optimizer.weight_decay',
      group: 'optimizer',
      type: 'float',
      default: 0.01,
      min: 0,
      usual: [0, 0.1],
      label: { en: 'Weight decay', 'zh-CN': '权重衰减' },
      help: {
        en: 'Shrinks weight matrices (not biases) every step. Highly sensitive; 0.01 is the usual AdamW value.',
        'zh-CN': '每步收缩权重矩阵（不含偏置）。影响很大；AdamW 常用 0.01。'
      }
    },
    {
      key: 'optimizer.beta1',
      group: 'optimizer',
      type: 'float',
      default: 0.9,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0.85, 0.95],
      label: { en: 'Beta 1 (AdamW)', 'zh-CN': 'Beta 1（AdamW）' },
      help: {
        en: 'Decay of the first-moment (mean gradient) estimate. Used only with AdamW.',
        'zh-CN': '一阶矩（梯度均值）估计的衰减系数。仅在 AdamW 下使用。'
      }
    },
    {
      key: 'optimizer.beta2',
      group: 'optimizer',
      type: 'float',
      default: 0.999,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0.95, 0.999],
      label: { en: 'Beta 2 (AdamW)', 'zh-CN': 'Beta 2（AdamW）' },
      help: {
        en: 'Decay of the second-moment (squared gradient) estimate; lower values react faster to gradient changes.',
        'zh-CN': '二阶矩（梯度平方）估计的衰减系数；数值越小，对梯度变化反应越快。'
      }
    },
    {
      key: 'schedule.name',
      group: 'schedule',
      type: 'choice',
      default: 'constant',
      choices: [
        { value: 'constant', label: { en: 'Constant', 'zh-CN': '恒定' } },
        { value: 'warmup_cosine', label: { en: 'Linear warmup, then cosine', 'zh-CN': '线性预热后余弦衰减' } }
      ],
      label: { en: 'LR schedule', 'zh-CN': '学习率调度' },
      help: {
        en: 'How the learning rate changes over the optimizer steps.',
        'zh-CN': '学习率随优化步数变化的方式。'
      }
    },
    {
      key: 'schedule.warmup_steps',
      group: 'schedule',
      type: 'int',
      default: 0,
      min: 0,
      usual: [0, 500],
      unit: { en: 'steps', 'zh-CN': '步' },
      label: { en: 'Warmup steps', 'zh-CN': '预热步数' },
      help: {
        en: 'Steps of linear warmup from 0 to the peak lr (warmup_cosine only); 5–10% of all steps is usual.',
        'zh-CN': '学习率从 0 线性升到峰值的步数（仅 warmup_cosine）；通常取总步数的 5–10%。'
      }
    },
    {
      key: 'schedule.min_lr',
      group: 'schedule',
      type: 'float',
      default: 0,
      min: 0,
      usual: [0, 1e-5],
      label: { en: 'Minimum lr', 'zh-CN': '最小学习率' },
      help: {
        en: 'Floor the cosine decay ends at on the last step (warmup_cosine only); around 1e-6 is common.',
        'zh-CN': '余弦衰减在最后一步到达的下限（仅 warmup_cosine）；常用 1e-6 左右。'
      }
    },
    {
      key: 'training.epochs',
      group: 'training',
      type: 'int',
      default: 10,
      min: 1,
      usual: [5, 50],
      unit: { en: 'epochs', 'zh-CN': '轮' },
      label: { en: 'Epochs', 'zh-CN': '轮数' },
      help: {
        en: 'Passes over the training rows. Validation metrics are recorded after each epoch.',
        'zh-CN': '遍历训练集的次数。每轮结束后记录验证指标。'
      }
    },
    {
      key: 'training.seed',
      group: 'training',
      type: 'int',
      default: 42,
      min: 0,
      label: { en: 'Seed', 'zh-CN': '随机种子' },
      help: {
        en: 'Seeds the split, the initial weights and the batch order; repeat over seeds to measure noise.',
        'zh-CN': '决定数据划分、初始权重和批次顺序；用多个种子重复可衡量随机噪声。'
      }
    },
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
      unit: { en: 'threads', 'zh-CN': '线程' },
      label: { en: 'CPU threads', 'zh-CN': 'CPU 线程数' },
      help: {
        en: 'Intra-op threads of onnxruntime. Results repeat exactly for the same seed and thread count.',
        'zh-CN': 'onnxruntime 的算子内线程数。相同种子和线程数下结果完全可复现。'
      }
    }
  ]
}
