import type { GroupSpec, ParamSpec } from '../../../../shared/api'
import { finetuneGroups, finetuneParamSpecs, stepsPerRunSpec } from '../common/finetune-params'
import { optimizerParamSpecs } from './params-optimizer'
import { diagnosticsParamSpecs, regularizationParamSpecs, stoppingParamSpecs } from './params-training'

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
  { id: 'regularization', label: { en: 'Regularization', 'zh-CN': '正则化' } },
  { id: 'training', label: { en: 'Training', 'zh-CN': '训练' } },
  { id: 'early_stopping', label: { en: 'Early stopping', 'zh-CN': '提前停止' } },
  { id: 'diagnostics', label: { en: 'Diagnostics', 'zh-CN': '诊断' } },
  ...finetuneGroups,
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
        en: 'Column holding the class or the value to predict. Empty means the last column; every other column is a numeric feature.',
        'zh-CN': '保存要预测的类别或数值的列。留空表示最后一列；其余各列都作为数值特征。'
      },
      placeholder: { en: 'last column', 'zh-CN': '最后一列' }
    },
    {
      key: 'data.task',
      group: 'data',
      type: 'choice',
      default: 'auto',
      choices: [
        { value: 'auto', label: { en: 'From the target column', 'zh-CN': '根据目标列判断' } },
        { value: 'classification', label: { en: 'Classification', 'zh-CN': '分类' } },
        { value: 'regression', label: { en: 'Regression', 'zh-CN': '回归' } }
      ],
      label: { en: 'Task', 'zh-CN': '任务' },
      help: {
        en: 'Classification trains with cross-entropy, regression with mean squared error on the standardised target. Automatic picks regression for a numeric target with fractions or more than 20 distinct values.',
        'zh-CN': '分类使用交叉熵训练，回归对标准化后的目标使用均方误差。自动模式下，目标为数值且含小数或超过 20 个不同取值时按回归处理。'
      }
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
        en: 'Share of rows held out (seeded shuffle) to measure the validation metrics.',
        'zh-CN': '按种子随机留出用于计算验证指标的行所占比例。'
      }
    },
    {
      key: 'data.fold',
      group: 'data',
      type: 'int',
      default: 0,
      min: 0,
      max: 99,
      label: { en: 'Validation fold', 'zh-CN': '验证折' },
      help: {
        en: 'With a k-fold dataset version: the fold (0 to k − 1; fold 1 on the dataset page is 0) that validates while the other folds train. One run per fold gives the cross-validation. Leave at 0 for a hold-out split.',
        'zh-CN': '使用 k 折数据集版本时：用于验证的折（0 到 k − 1；数据集页面上的第 1 折为 0），其余各折用于训练。每折各跑一次即构成交叉验证。留出法划分时保持为 0。'
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
        en: 'Rows per forward pass (per micro-batch with gradient accumulation). Highly sensitive; when you change it, scaling lr with it (lr ∝ batch/256) is a common start.',
        'zh-CN': '每次前向计算的行数（梯度累积时为每个微批次）。影响很大；修改时常按线性缩放规则同步调整学习率（lr ∝ batch/256）。'
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
        { value: 'tanh', label: { en: 'tanh', 'zh-CN': 'tanh' } },
        { value: 'gelu', label: { en: 'GELU', 'zh-CN': 'GELU' } },
        { value: 'sigmoid', label: { en: 'Sigmoid', 'zh-CN': 'Sigmoid' } }
      ],
      label: { en: 'Activation', 'zh-CN': '激活函数' },
      help: {
        en: 'Non-linearity after each hidden layer. Weights start He-initialised for ReLU and GELU (tanh form), Xavier for tanh and sigmoid.',
        'zh-CN': '每个隐藏层之后的非线性函数。ReLU 与 GELU（tanh 形式）使用 He 初始化，tanh 与 sigmoid 使用 Xavier 初始化。'
      }
    },
    ...optimizerParamSpecs(),
    ...regularizationParamSpecs(),
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
        en: 'Passes over the training rows at most. Validation metrics are recorded after each epoch.',
        'zh-CN': '最多遍历训练集的次数。每轮结束后记录验证指标。'
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
        en: 'Seeds the split, the initial weights, the batch order and the dropout masks; repeat over seeds to measure noise.',
        'zh-CN': '决定数据划分、初始权重、批次顺序和 dropout 掩码；用多个种子重复可衡量随机噪声。'
      }
    },
    ...stoppingParamSpecs(),
    ...diagnosticsParamSpecs(),
    ...finetuneParamSpecs(),
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
    },
    stepsPerRunSpec()
  ]
}
