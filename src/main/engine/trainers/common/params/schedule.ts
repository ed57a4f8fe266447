import type { ParamSpec } from '../../../../../shared/api'

/**
 * The learning-rate schedule parameters every built-in trainer shares: linear warmup for 5–10% of
 * the steps (Goyal et al. 2017), cosine decay to a small floor such as 1e-6 (Loshchilov & Hutter
 * 2017, SGDR), step and exponential decay, and reduce-on-plateau as PyTorch's ReduceLROnPlateau.
 */
export function scheduleParamSpecs(): ParamSpec[] {
  const choice = (value: string, en: string, zh: string) => ({ value, label: { en, 'zh-CN': zh } })
  return [
    {
      key: 'schedule.name',
      group: 'schedule',
      type: 'choice',
      default: 'constant',
      choices: [
        choice('constant', 'Constant', '恒定'),
        choice('step', 'Step decay', '阶梯衰减'),
        choice('exponential', 'Exponential decay', '指数衰减'),
        choice('warmup_cosine', 'Cosine annealing', '余弦退火'),
        choice('warmup_linear', 'Linear decay', '线性衰减'),
        choice('plateau', 'Reduce on plateau', '平台期降低')
      ],
      label: { en: 'LR schedule', 'zh-CN': '学习率调度' },
      help: {
        en: 'How the learning rate changes over the optimizer steps, after the warmup. Reduce on plateau watches val/loss.',
        'zh-CN': '预热之后学习率随优化步数变化的方式。平台期降低依据 val/loss。'
      }
    },
    {
      key: 'schedule.warmup_steps',
      group: 'schedule',
      type: 'int',
      default: 0,
      min: 0,
      max: 10_000_000,
      usual: [0, 500],
      unit: { en: 'steps', 'zh-CN': '步' },
      label: { en: 'Warmup steps', 'zh-CN': '预热步数' },
      help: {
        en: 'Steps of linear warmup from 0 to the peak lr before any schedule; 5–10% of all steps is usual.',
        'zh-CN': '在任何调度之前学习率从 0 线性升到峰值的步数；通常取总步数的 5–10%。'
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
        en: 'Where cosine and linear decay end on the last step, and the floor of reduce on plateau; around 1e-6 is common.',
        'zh-CN': '余弦与线性衰减在最后一步到达的值，也是平台期降低的下限；常用 1e-6 左右。'
      }
    },
    {
      key: 'schedule.step_size',
      group: 'schedule',
      type: 'int',
      default: 1000,
      min: 1,
      max: 10_000_000,
      log: true,
      usual: [100, 10000],
      unit: { en: 'steps', 'zh-CN': '步' },
      label: { en: 'Step decay interval', 'zh-CN': '阶梯衰减间隔' },
      help: {
        en: 'Optimizer steps between two drops of step decay (step only).',
        'zh-CN': '阶梯衰减两次下降之间的优化步数（仅阶梯衰减）。'
      }
    },
    {
      key: 'schedule.step_gamma',
      group: 'schedule',
      type: 'float',
      default: 0.1,
      min: 0,
      max: 1,
      minExclusive: true,
      usual: [0.1, 0.5],
      label: { en: 'Step decay factor', 'zh-CN': '阶梯衰减系数' },
      help: {
        en: 'The lr is multiplied by this at every drop of step decay (step only).',
        'zh-CN': '阶梯衰减每次下降时学习率乘以该系数（仅阶梯衰减）。'
      }
    },
    {
      key: 'schedule.exp_gamma',
      group: 'schedule',
      type: 'float',
      default: 0.999,
      min: 0,
      max: 1,
      minExclusive: true,
      usual: [0.99, 0.9999],
      label: { en: 'Exponential decay per step', 'zh-CN': '每步指数衰减系数' },
      help: {
        en: 'The lr is multiplied by this after every step (exponential only); 0.999 halves it in about 700 steps.',
        'zh-CN': '每步之后学习率乘以该系数（仅指数衰减）；0.999 约 700 步减半。'
      }
    },
    {
      key: 'schedule.plateau_factor',
      group: 'schedule',
      type: 'float',
      default: 0.5,
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
      usual: [0.1, 0.5],
      label: { en: 'Plateau reduction factor', 'zh-CN': '平台期降低系数' },
      help: {
        en: 'The lr is multiplied by this when val/loss stops improving (reduce on plateau only).',
        'zh-CN': '当 val/loss 不再改善时学习率乘以该系数（仅平台期降低）。'
      }
    },
    {
      key: 'schedule.plateau_patience',
      group: 'schedule',
      type: 'int',
      default: 3,
      min: 0,
      max: 1000,
      usual: [2, 10],
      unit: { en: 'evaluations', 'zh-CN': '次评估' },
      label: { en: 'Plateau patience', 'zh-CN': '平台期耐心' },
      help: {
        en: 'Evaluations without improvement (by a relative 1e-4) that are tolerated before the lr is reduced.',
        'zh-CN': '降低学习率前可容忍的未改善（相对 1e-4）评估次数。'
      }
    }
  ]
}
