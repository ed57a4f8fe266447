import type { ParamSpec } from '../../../../../shared/api'

/**
 * Regularisation, training length, early-stopping and diagnostics parameters the built-in trainers
 * share. Usual ranges as practitioners use them: dropout 0.1–0.5 (Srivastava et al. 2014; 0.1 for
 * transformers), patience 3–10 evaluations and a minimum delta around 1e-4 on an EMA-smoothed
 * validation metric (Prechelt 1998, "Early stopping — but when?").
 */
export function regularizationParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'regularization.dropout',
      group: 'regularization',
      type: 'float',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0.1, 0.5],
      label: { en: 'Dropout', 'zh-CN': 'Dropout' },
      help: {
        en: 'Probability of zeroing each hidden unit during training (seeded mask per step, none at evaluation); 0 turns it off.',
        'zh-CN': '训练时每个隐藏单元被置零的概率（每步按种子生成掩码，评估时不使用）；0 表示关闭。'
      }
    }
  ]
}

/** Epochs and the seed of the trainers that pass over rows epoch by epoch. */
export function epochParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'training.epochs',
      group: 'training',
      type: 'int',
      default: 10,
      min: 1,
      max: 10_000,
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
    }
  ]
}

/** Early stopping on validation loss or accuracy, for classifiers: the regression metric does not exist there. */
export function classificationStopping(): ParamSpec[] {
  return stoppingParamSpecs().map((p) => (p.type === 'choice' && p.key === 'early_stopping.metric' ? { ...p, choices: p.choices.filter((c) => c.value !== 'val/rmse') } : p))
}

export function stoppingParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'early_stopping.patience',
      group: 'early_stopping',
      type: 'int',
      default: 0,
      min: 0,
      max: 1000,
      usual: [3, 10],
      unit: { en: 'evaluations', 'zh-CN': '次评估' },
      label: { en: 'Patience', 'zh-CN': '耐心' },
      help: {
        en: 'Stop after this many evaluations (one per epoch) without improvement of the monitored metric; 0 never stops early.',
        'zh-CN': '被监控指标连续这么多次评估（每轮一次）未改善时停止训练；0 表示不提前停止。'
      }
    },
    {
      key: 'early_stopping.min_delta',
      group: 'early_stopping',
      type: 'float',
      default: 1e-4,
      min: 0,
      usual: [0, 1e-3],
      label: { en: 'Minimum improvement', 'zh-CN': '最小改善量' },
      help: {
        en: 'How much better than the best so far a value must be to count as an improvement.',
        'zh-CN': '数值需比目前最佳值好多少才算改善。'
      }
    },
    {
      key: 'early_stopping.ema',
      group: 'early_stopping',
      type: 'float',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0, 0.9],
      label: { en: 'EMA smoothing', 'zh-CN': 'EMA 平滑' },
      help: {
        en: 'Weight of the previous smoothed value when averaging the monitored metric (0 = no smoothing), so one noisy evaluation neither stops nor saves a run.',
        'zh-CN': '对监控指标做指数移动平均时上一平滑值的权重（0 表示不平滑），避免一次噪声评估决定停止与否。'
      }
    },
    {
      key: 'early_stopping.metric',
      group: 'early_stopping',
      type: 'choice',
      default: 'val/loss',
      choices: [
        { value: 'val/loss', label: { en: 'Validation loss', 'zh-CN': '验证损失' } },
        { value: 'val/accuracy', label: { en: 'Validation accuracy (classification)', 'zh-CN': '验证准确率（分类）' } },
        { value: 'val/rmse', label: { en: 'Validation RMSE (regression)', 'zh-CN': '验证 RMSE（回归）' } }
      ],
      label: { en: 'Monitored metric', 'zh-CN': '监控指标' },
      help: {
        en: 'The validation metric early stopping watches; loss and RMSE should fall, accuracy rise.',
        'zh-CN': '提前停止所监控的验证指标；损失和 RMSE 应下降，准确率应上升。'
      }
    }
  ]
}

export function diagnosticsParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'diagnostics.every',
      group: 'diagnostics',
      type: 'int',
      default: 50,
      min: 0,
      max: 1_000_000,
      usual: [10, 200],
      unit: { en: 'steps', 'zh-CN': '步' },
      label: { en: 'Gradient statistics every', 'zh-CN': '梯度统计间隔' },
      help: {
        en: 'Records grad_norm/<layer>, grad_norm/global, update_ratio/<layer> and grad_norm_var/<layer> every this many steps; 0 turns them off.',
        'zh-CN': '每隔这么多步记录 grad_norm/<层>、grad_norm/global、update_ratio/<层> 与 grad_norm_var/<层>；0 表示关闭。'
      }
    },
    {
      key: 'diagnostics.window',
      group: 'diagnostics',
      type: 'int',
      default: 20,
      min: 2,
      max: 10_000,
      usual: [10, 50],
      unit: { en: 'samples', 'zh-CN': '个样本' },
      label: { en: 'Variance window', 'zh-CN': '方差窗口' },
      help: {
        en: 'How many recent gradient-norm samples the variance per layer covers; high variance marks a sensitive layer.',
        'zh-CN': '每层梯度范数方差所覆盖的最近样本数；方差大说明该层较敏感。'
      }
    }
  ]
}
