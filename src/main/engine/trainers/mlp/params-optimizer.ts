import type { ParamSpec } from '../../../../shared/api'

/**
 * The optimizer and schedule parameters of `mlp`. Usual ranges from /work/shared/DOMAIN.md (lr,
 * betas, eps, weight decay, clipping at 1.0, warmup, Lion's smaller lr, eta_min ~1e-6); layer-wise
 * lr decay 0.65–0.95 as used for BERT-style fine-tuning (Clark et al. 2020, ELECTRA; Bao et al.
 * 2022, BEiT).
 */
export function optimizerParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'optimizer.name',
      group: 'optimizer',
      type: 'choice',
      default: 'adamw',
      choices: [
        { value: 'adamw', label: { en: 'AdamW', 'zh-CN': 'AdamW' } },
        { value: 'adam', label: { en: 'Adam (L2 decay)', 'zh-CN': 'Adam（L2 衰减）' } },
        { value: 'sgd', label: { en: 'SGD with momentum', 'zh-CN': '带动量的 SGD' } },
        { value: 'lion', label: { en: 'Lion', 'zh-CN': 'Lion' } }
      ],
      label: { en: 'Optimizer', 'zh-CN': '优化器' },
      help: {
        en: 'AdamW decouples weight decay from the gradient; Adam and SGD add it to the gradient (L2); SGD usually needs a larger lr, Lion a 3–10× smaller one than AdamW.',
        'zh-CN': 'AdamW 将权重衰减与梯度解耦；Adam 和 SGD 把衰减加到梯度上（L2）。SGD 通常需要更大的学习率，Lion 需要比 AdamW 小 3–10 倍的学习率。'
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
      key: 'optimizer.nesterov',
      group: 'optimizer',
      type: 'bool',
      default: false,
      label: { en: 'Nesterov momentum (SGD)', 'zh-CN': 'Nesterov 动量（SGD）' },
      help: {
        en: 'Steps along the gradient plus the momentum look-ahead, as PyTorch’s nesterov=True. Used only with SGD and momentum > 0.',
        'zh-CN': '沿梯度加动量前瞻方向更新，与 PyTorch 的 nesterov=True 相同。仅在 SGD 且动量 > 0 时使用。'
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
        en: 'Shrinks weight matrices (never biases or norm scales) every step. Highly sensitive; 0.01 is the usual AdamW value.',
        'zh-CN': '每步收缩权重矩阵（从不作用于偏置和归一化缩放）。影响很大；AdamW 常用 0.01。'
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
      label: { en: 'Beta 1 (Adam, AdamW, Lion)', 'zh-CN': 'Beta 1（Adam、AdamW、Lion）' },
      help: {
        en: 'Decay of the first-moment (mean gradient) estimate; for Lion, the interpolation that picks the update sign.',
        'zh-CN': '一阶矩（梯度均值）估计的衰减系数；对 Lion 而言是决定更新符号的插值系数。'
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
      label: { en: 'Beta 2 (Adam, AdamW, Lion)', 'zh-CN': 'Beta 2（Adam、AdamW、Lion）' },
      help: {
        en: 'Decay of the second-moment estimate (Adam-type; lower reacts faster), or of Lion’s momentum, where 0.99 is the paper’s value.',
        'zh-CN': '二阶矩估计的衰减系数（Adam 类；越小反应越快），或 Lion 动量的衰减系数（论文取 0.99）。'
      }
    },
    {
      key: 'optimizer.eps',
      group: 'optimizer',
      type: 'float',
      default: 1e-8,
      min: 0,
      minExclusive: true,
      log: true,
      usual: [1e-8, 1e-6],
      label: { en: 'Epsilon (Adam, AdamW)', 'zh-CN': 'Epsilon（Adam、AdamW）' },
      help: {
        en: 'Added to the root of the second moment to keep the step finite; 1e-8 is the usual value.',
        'zh-CN': '加在二阶矩平方根上以保持步长有限；常用 1e-8。'
      }
    },
    {
      key: 'optimizer.layer_lr_decay',
      group: 'optimizer',
      type: 'float',
      default: 1,
      min: 0,
      max: 1,
      minExclusive: true,
      usual: [0.65, 1],
      label: { en: 'Layer-wise lr decay', 'zh-CN': '逐层学习率衰减' },
      help: {
        en: 'The output layer trains at the full lr, each layer below at this factor times the one above; 1 turns it off.',
        'zh-CN': '输出层使用完整学习率，其下每层为上一层的该倍数；1 表示关闭。'
      }
    },
    {
      key: 'optimizer.clip_norm',
      group: 'optimizer',
      type: 'float',
      default: 0,
      min: 0,
      usual: [0.5, 5],
      label: { en: 'Gradient clipping (global norm)', 'zh-CN': '梯度裁剪（全局范数）' },
      help: {
        en: 'Scales the whole gradient down when its L2 norm exceeds this value; 1.0 is common, 0 turns clipping off.',
        'zh-CN': '当梯度的全局 L2 范数超过该值时整体缩小；常用 1.0，0 表示不裁剪。'
      }
    },
    {
      key: 'optimizer.grad_accumulation',
      group: 'optimizer',
      type: 'int',
      default: 1,
      min: 1,
      max: 1024,
      usual: [1, 8],
      unit: { en: 'micro-batches', 'zh-CN': '个微批次' },
      label: { en: 'Gradient accumulation', 'zh-CN': '梯度累积' },
      help: {
        en: 'Micro-batches per optimizer step, each loss divided by their count, to emulate a batch this many times larger.',
        'zh-CN': '每次优化步累积的微批次数，每个损失除以该数，用来模拟大若干倍的批次。'
      }
    },
    ...scheduleParamSpecs()
  ]
}

function scheduleParamSpecs(): ParamSpec[] {
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
