import type { ParamSpec } from '../../../../../shared/api'

/**
 * The optimizer parameters every built-in trainer shares. Usual ranges as practitioners use them:
 * lr 1e-4…1e-2 for Adam-type optimizers on small models (Kingma & Ba 2015), betas (0.9, 0.999)
 * and eps 1e-8, AdamW's decoupled weight decay around 0.01 (Loshchilov & Hutter 2019), clipping
 * the global norm at 1.0 (Pascanu et al. 2013), Lion's 3–10× smaller lr (Chen et al. 2023);
 * layer-wise lr decay 0.65–0.95 as used for BERT-style fine-tuning (Clark et al. 2020, ELECTRA;
 * Bao et al. 2022, BEiT).
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
    }
  ]
}
