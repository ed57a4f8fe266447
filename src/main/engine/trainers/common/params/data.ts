import type { ParamSpec } from '../../../../../shared/api'

/** The split and batch parameters of every built-in trainer that reads rows or windows. */
export function dataParamSpecs(): ParamSpec[] {
  return [
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
      key: 'data.batch_size',
      group: 'data',
      type: 'int',
      default: 32,
      min: 1,
      max: 65536,
      log: true,
      usual: [16, 256],
      unit: { en: 'rows', 'zh-CN': '行' },
      label: { en: 'Batch size', 'zh-CN': '批大小' },
      help: {
        en: 'Rows per forward pass (per micro-batch with gradient accumulation). Highly sensitive; when you change it, scaling lr with it (lr ∝ batch/256) is a common start.',
        'zh-CN': '每次前向计算的行数（梯度累积时为每个微批次）。影响很大；修改时常按线性缩放规则同步调整学习率（lr ∝ batch/256）。'
      }
    }
  ]
}
