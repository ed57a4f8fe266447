import type { GroupSpec, ParamSpec } from '../../../../shared/api'
import { commonParamSpecs, diagnosticsParamSpecs, finetuneParamSpecs, optimizerParamSpecs, paramGroups, pickSpec, regularizationParamSpecs, scheduleParamSpecs, stoppingParamSpecs } from '../common/params'

/**
 * The `char-lm` schema. Model sizes follow small character models (Karpathy's char-rnn and
 * nanoGPT "shakespeare_char": 4–6 layers, 4–6 heads, width 128–384, context 64–256, dropout 0.1–0.2);
 * optimisation, schedules, early stopping, diagnostics and runtime are the shared base's parameters.
 */
export const charLmGroups: GroupSpec[] = paramGroups(
  ['data', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'sample', 'finetune', 'lora', 'runtime'],
  { sample: { en: 'Sample', 'zh-CN': '采样' } }
)

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh })

function modelSpecs(): ParamSpec[] {
  return [
    {
      key: 'model.layers', group: 'model', type: 'int', default: 2, min: 1, max: 48, usual: [2, 6], unit: text('blocks', '个块'),
      label: text('Layers', '层数'),
      help: text('Transformer blocks (attention + MLP). Sets capacity and cost more than stability.', 'Transformer 块（注意力 + MLP）的数量。主要决定容量和成本，对稳定性影响较小。')
    },
    {
      key: 'model.heads', group: 'model', type: 'int', default: 4, min: 1, max: 64, usual: [2, 8], unit: text('heads', '个头'),
      label: text('Attention heads', '注意力头数'),
      help: text('Heads per attention layer; must divide the model width. Each head attends over width/heads dimensions.', '每个注意力层的头数，必须整除模型宽度；每个头在 宽度/头数 个维度上计算注意力。')
    },
    {
      key: 'model.width', group: 'model', type: 'int', default: 64, min: 4, max: 4096, log: true, usual: [64, 384], unit: text('dimensions', '维'),
      label: text('Model width', '模型宽度'),
      help: text('Size of the token vectors and the residual stream; the MLP inside each block is 4× as wide. Cost grows with its square.', '词元向量和残差流的维度；每个块内的 MLP 宽度为其 4 倍。计算成本约随其平方增长。')
    },
    {
      key: 'model.context', group: 'model', type: 'int', default: 64, min: 2, max: 4096, log: true, usual: [64, 256], unit: text('characters', '个字符'),
      label: text('Context length', '上下文长度'),
      help: text('Characters the model sees at once; attention cost grows with its square, and memory with it.', '模型一次看到的字符数；注意力计算量随其平方增长，内存也随之增长。')
    },
    {
      key: 'model.tied_head', group: 'model', type: 'bool', default: true,
      label: text('Tie output head to embedding', '输出层与嵌入共享权重'),
      help: text('Predicts with the transposed token embedding (Press & Wolf 2017) instead of a separate width × vocabulary matrix: fewer parameters, often better on small data.', '用转置的词元嵌入做预测（Press & Wolf 2017），而不是单独的 宽度 × 词表 矩阵：参数更少，小数据上常更好。')
    }
  ]
}

function trainingSpecs(): ParamSpec[] {
  return [
    {
      key: 'training.steps', group: 'training', type: 'int', default: 2000, min: 1, max: 1_000_000, log: true, usual: [500, 20000], unit: text('steps', '步'),
      label: text('Optimizer steps', '优化步数'),
      help: text('Updates to train for; each draws batch-size random windows of the training text per micro-batch.', '训练的更新次数；每个微批次从训练文本中随机抽取 批大小 个窗口。')
    },
    {
      key: 'training.eval_every', group: 'training', type: 'int', default: 200, min: 1, max: 1_000_000, log: true, usual: [50, 1000], unit: text('steps', '步'),
      label: text('Evaluate every', '评估间隔'),
      help: text('Steps between validation passes (val/loss, val/perplexity); early stopping counts these evaluations.', '两次验证（val/loss、val/perplexity）之间的步数；提前停止按这些评估计数。')
    },
    {
      key: 'training.eval_windows', group: 'training', type: 'int', default: 64, min: 1, max: 65536, log: true, usual: [16, 512], unit: text('windows', '个窗口'),
      label: text('Validation windows', '验证窗口数'),
      help: text('Non-overlapping context-length windows from the start of the validation text measured at each evaluation; more is steadier and slower.', '每次评估时从验证文本开头取的互不重叠、长度为上下文长度的窗口数；越多越稳定也越慢。')
    }
  ]
}

function sampleSpecs(): ParamSpec[] {
  return [
    {
      key: 'sample.length', group: 'sample', type: 'int', default: 200, min: 0, max: 100000, usual: [100, 1000], unit: text('characters', '个字符'),
      label: text('Sample length', '采样长度'),
      help: text('Characters generated after training, stored in the run folder as sample.txt and in the log; 0 skips sampling.', '训练结束后生成的字符数，保存为运行目录中的 sample.txt 并写入日志；0 表示不采样。')
    },
    {
      key: 'sample.temperature', group: 'sample', type: 'float', default: 0.8, min: 0, max: 10, usual: [0.5, 1],
      label: text('Temperature', '温度'),
      help: text('Divides the logits before sampling (seeded by the training seed): below 1 is safer, above 1 more varied; 0 always takes the most likely character (greedy).', '采样前用它除以 logits（随机数由训练种子决定）：小于 1 更保守，大于 1 更多样；0 表示总是取最可能的字符（贪心）。')
    },
    {
      key: 'sample.prompt', group: 'sample', type: 'string', default: '', optional: true,
      label: text('Prompt', '提示文本'),
      help: text('Text the sample continues; every character must occur in the dataset. Empty starts from the first character of the text.', '采样所续写的文本，其中每个字符都必须在数据集中出现。留空则从文本的第一个字符开始。'),
      placeholder: text('first character of the text', '文本的第一个字符')
    }
  ]
}

/** Default LoRA targets: the attention query and value projections, as Hu et al. (2021) adapt them. */
export const CHAR_LM_LORA_TARGETS = '*.attn.wq, *.attn.wv'

/** The shared fine-tuning parameters, told in the transformer's layer names. */
function finetuneSpecs(): ParamSpec[] {
  return finetuneParamSpecs().map((p) => {
    if (p.key === 'finetune.freeze' && p.type === 'string')
      return {
        ...p,
        help: text(
          'Parameters that get no update and no optimizer state: comma-separated globs matched against a parameter (block0.attn.wq) or its layer (embedding, block0, head), e.g. "embedding, block0", or a regular expression between slashes. Empty freezes nothing.',
          '不更新、也不保存优化器状态的参数：用逗号分隔的通配符，匹配参数名（block0.attn.wq）或层名（embedding、block0、head），例如 "embedding, block0"；或写在两个斜杠之间的正则表达式。留空表示不冻结。'
        )
      }
    if (p.key === 'lora.targets' && p.type === 'string')
      return {
        ...p,
        default: CHAR_LM_LORA_TARGETS,
        help: text(
          'Which linear weights get adapters: by default the attention query and value projections (wq, wv) of every block; "*" adds them to every matrix (wq, wk, wv, wo, mlp.fc1, mlp.fc2); embeddings never get one.',
          '哪些线性层权重添加适配器：默认是每个块中注意力的查询与值投影（wq、wv）；"*" 表示所有矩阵（wq、wk、wv、wo、mlp.fc1、mlp.fc2）；嵌入层不添加。'
        )
      }
    return p
  })
}

export function charLmParamSpecs(providers: string[]): ParamSpec[] {
  const common = commonParamSpecs(providers)
  return [
    pickSpec(common, 'data.val_fraction', {
      default: 0.1,
      usual: [0.05, 0.2],
      help: text('Share of the text, taken from its end, held out for validation (a dataset version keeps its own split of lines).', '从文本末尾留作验证的比例（数据集版本按其自身的行划分）。')
    }),
    pickSpec(common, 'data.batch_size', {
      default: 16,
      usual: [8, 64],
      unit: text('sequences', '条序列'),
      help: text('Random windows of context length per micro-batch; tokens per step = batch × context. Highly sensitive together with lr.', '每个微批次的随机窗口数，每步词元数 = 批大小 × 上下文长度。与学习率一起影响很大。')
    }),
    ...modelSpecs(),
    ...optimizerParamSpecs(),
    ...scheduleParamSpecs(),
    ...regularizationParamSpecs().map((p) => pickSpec([p], p.key, { default: 0.1, help: text('Residual dropout after the embeddings, each attention and each MLP in training (seeded masks, none at evaluation); 0.1 is usual for transformers, 0 turns it off.', '训练时在嵌入、每个注意力与每个 MLP 之后的残差 dropout（按种子生成掩码，评估时不用）；Transformer 常用 0.1，0 表示关闭。') })),
    ...trainingSpecs(),
    pickSpec(common, 'training.seed', { help: text('Seeds the initial weights, the training windows, the dropout masks and the sample.', '决定初始权重、训练窗口、dropout 掩码和采样。') }),
    // Only val/loss is measured; perplexity follows it exactly, so there is nothing to choose.
    ...stoppingParamSpecs()
      .filter((p) => p.key !== 'early_stopping.metric')
      .map((p) =>
        p.key === 'early_stopping.patience'
          ? { ...p, help: text('Stop after this many evaluations (one every training.eval_every steps) without val/loss improving; 0 never stops early.', '验证损失连续这么多次评估（每 training.eval_every 步一次）未改善时停止；0 表示不提前停止。') }
          : p
      ),
    ...diagnosticsParamSpecs(),
    ...sampleSpecs(),
    ...finetuneSpecs(),
    pickSpec(common, 'runtime.device'),
    pickSpec(common, 'runtime.threads')
  ]
}
