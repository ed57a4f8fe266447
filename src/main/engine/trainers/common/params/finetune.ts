import type { ParamSpec } from '../../../../../shared/api'

/**
 * The fine-tuning and LoRA parameters every built-in trainer shares. Usual ranges follow Hu et al.
 * (2021, LoRA) and the PEFT library's practice: rank 4–64 (8 common), alpha ≈ 2×rank (16), dropout 0.1;
 * the default targets are every linear weight, since small models have no attention projections.
 */
export function finetuneParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'finetune.from_run',
      group: 'finetune',
      type: 'int',
      default: 0,
      min: 0,
      label: { en: 'Start from run', 'zh-CN': '从运行继续' },
      help: {
        en: 'Id of a finished run of the same trainer whose best checkpoint gives the starting weights (its LoRA adapters merged in); every tensor must have the same shape in this config. 0 starts from random weights.',
        'zh-CN': '同一训练器的一个已完成运行的编号，以其最佳检查点（合并其 LoRA 适配器后）作为初始权重；本配置中每个张量的形状必须相同。0 表示随机初始化。'
      }
    },
    {
      key: 'finetune.freeze',
      group: 'finetune',
      type: 'string',
      default: '',
      optional: true,
      label: { en: 'Freeze layers', 'zh-CN': '冻结层' },
      help: {
        en: 'Parameters that get no update and no optimizer state: comma-separated globs matched against a parameter (layer0.weight) or its layer (layer0), e.g. "layer0, layer1", or a regular expression between slashes, e.g. /^layer[01]\\./. Empty freezes nothing.',
        'zh-CN': '不更新、也不保存优化器状态的参数：用逗号分隔的通配符，匹配参数名（layer0.weight）或层名（layer0），例如 "layer0, layer1"；或写在两个斜杠之间的正则表达式，例如 /^layer[01]\\./。留空表示不冻结。'
      },
      placeholder: { en: 'nothing frozen', 'zh-CN': '不冻结' }
    },
    {
      key: 'lora.rank',
      group: 'lora',
      type: 'int',
      default: 0,
      min: 0,
      max: 256,
      usual: [4, 64],
      label: { en: 'LoRA rank', 'zh-CN': 'LoRA 秩' },
      help: {
        en: 'Rank r of the adapters W + (α/r)·B·A added to the target layers, with the base weights frozen; 0 turns LoRA off. 8 is common; above 8 rarely helps.',
        'zh-CN': '为目标层添加的适配器 W + (α/r)·B·A 的秩 r，基础权重被冻结；0 表示关闭 LoRA。常用 8，超过 8 通常收益不大。'
      }
    },
    {
      key: 'lora.alpha',
      group: 'lora',
      type: 'float',
      default: 16,
      min: 0,
      minExclusive: true,
      log: true,
      usual: [8, 64],
      label: { en: 'LoRA alpha', 'zh-CN': 'LoRA alpha' },
      help: {
        en: 'Scale α of the adapter update (applied as α/r); about twice the rank is usual.',
        'zh-CN': '适配器更新的缩放系数 α（按 α/r 生效）；通常约为秩的两倍。'
      }
    },
    {
      key: 'lora.dropout',
      group: 'lora',
      type: 'float',
      default: 0,
      min: 0,
      max: 1,
      maxExclusive: true,
      usual: [0, 0.1],
      label: { en: 'LoRA dropout', 'zh-CN': 'LoRA dropout' },
      help: {
        en: 'Probability of dropping each input feature of the adapter path during training (one seeded mask per step, shared by the batch); 0 turns it off.',
        'zh-CN': '训练时丢弃适配器支路每个输入特征的概率（每步按种子生成一个掩码，整批共用）；0 表示关闭。'
      }
    },
    {
      key: 'lora.targets',
      group: 'lora',
      type: 'string',
      default: '*',
      label: { en: 'LoRA target layers', 'zh-CN': 'LoRA 目标层' },
      help: {
        en: 'Which linear weights get adapters, with the same patterns as freezing: "*" for all, "layer0, layer1", or /regex/.',
        'zh-CN': '哪些线性层权重添加适配器，写法与冻结相同："*" 表示全部，或 "layer0, layer1"，或 /正则/。'
      }
    }
  ]
}
