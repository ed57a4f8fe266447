import type { GroupSpec, ParamSpec } from '../../../../shared/api'
import { MAX_BAG_ID } from '../../onnx/embedding-bag'
import {
  classificationStopping,
  commonParamSpecs,
  diagnosticsParamSpecs,
  finetuneParamSpecs,
  optimizerParamSpecs,
  paramGroups,
  pickSpec,
  regularizationParamSpecs,
  scheduleParamSpecs
} from '../common/params'

/**
 * The `text-classifier` schema: its own data, feature and model parameters; everything about
 * optimisation, schedules, early stopping, diagnostics and the runtime is the shared base's, so the
 * trainers are tuned and compared with the same words. Feature defaults follow fastText
 * (Bojanowski et al. 2017: character n-grams of 3–6, word bigrams, 2M buckets for large corpora).
 */
export const textClassifierGroups: GroupSpec[] = paramGroups(['data', 'features', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'finetune', 'lora', 'runtime'], {
  features: { en: 'Features', 'zh-CN': '特征' }
})

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh })

function ngramSpecs(): ParamSpec[] {
  const range = (kind: 'word' | 'char', end: 'min' | 'max', def: number, usual: [number, number], en: string, zh: string): ParamSpec => ({
    key: `features.${kind}_ngram_${end}`,
    group: 'features',
    type: 'int',
    default: def,
    min: end === 'min' ? 1 : 0,
    max: kind === 'word' ? 5 : 8,
    usual,
    label: text(`${kind === 'word' ? 'Word' : 'Character'} n-gram ${end}`, `${kind === 'word' ? '词' : '字符'} n-gram ${end === 'min' ? '最小长度' : '最大长度'}`),
    help: text(en, zh)
  })
  return [
    range('word', 'min', 1, [1, 1], 'Shortest word n-gram hashed (1 = single words).', '参与哈希的最短词 n-gram（1 表示单个词）。'),
    range('word', 'max', 2, [1, 3], 'Longest word n-gram hashed; bigrams capture short phrases and negations ("not good"). 0 turns word features off.', '参与哈希的最长词 n-gram；二元组能捕捉短语和否定（如 “not good”）。0 表示关闭词特征。'),
    range('char', 'min', 3, [2, 3], 'Shortest character n-gram taken inside each word (marked with < and >).', '在每个词内部（以 < 和 > 标记边界）截取的最短字符 n-gram。'),
    range('char', 'max', 5, [4, 6], 'Longest character n-gram; they help with rare words, typos and languages without spaces. 0 turns them off.', '最长字符 n-gram；有助于处理罕见词、拼写错误和不以空格分词的语言。0 表示关闭。')
  ]
}

export function textClassifierParamSpecs(providers: string[]): ParamSpec[] {
  const common = commonParamSpecs(providers)
  return [
    {
      key: 'data.text',
      group: 'data',
      type: 'string',
      default: 'text',
      label: text('Text column', '文本列'),
      help: text('Column (CSV header or JSON Lines key) holding the text to classify. A dataset version names its own.', '保存待分类文本的列（CSV 表头或 JSON Lines 的键）。数据集版本使用其自身指定的列。')
    },
    {
      key: 'data.target',
      group: 'data',
      type: 'string',
      default: 'label',
      label: text('Label column', '标签列'),
      help: text('Column holding the class of each text; every row needs one.', '保存每条文本类别的列；每一行都必须有值。')
    },
    pickSpec(common, 'data.val_fraction'),
    pickSpec(common, 'data.batch_size'),
    {
      key: 'features.buckets',
      group: 'features',
      type: 'int',
      default: 32768,
      min: 2,
      max: MAX_BAG_ID,
      log: true,
      usual: [16384, 2097152],
      unit: text('rows', '行'),
      label: text('Hash buckets', '哈希桶数'),
      help: text(
        'Rows of the embedding table the n-grams are hashed into. More buckets mean fewer collisions and more memory (buckets × embedding size floats, three times with Adam).',
        'n-gram 被哈希到的嵌入表行数。桶越多冲突越少，但内存越大（桶数 × 嵌入维度个浮点数，使用 Adam 时约三倍）。'
      )
    },
    ...ngramSpecs(),
    {
      key: 'features.max_ngrams',
      group: 'features',
      type: 'int',
      default: 256,
      min: 1,
      max: 65536,
      log: true,
      usual: [64, 1024],
      unit: text('n-grams', '个 n-gram'),
      label: text('Most n-grams per text', '每条文本最多 n-gram 数'),
      help: text('Longer texts are cut after this many n-grams (word n-grams first). Cost grows with it, like a maximum sequence length.', '超过此数量的 n-gram 会被截断（词 n-gram 优先保留）。计算成本随之增长，类似最大序列长度。')
    },
    {
      key: 'features.hash_seed',
      group: 'features',
      type: 'int',
      default: 0,
      min: 0,
      label: text('Hash seed', '哈希种子'),
      help: text('Seeds the n-gram hash; changing it moves which n-grams collide. The same seed always gives the same rows.', '决定 n-gram 哈希；改变它会改变哪些 n-gram 发生冲突。相同种子总是得到相同的行。')
    },
    {
      key: 'features.lowercase',
      group: 'features',
      type: 'bool',
      default: true,
      label: text('Lowercase', '转为小写'),
      help: text('Lowercases the text before hashing, so "Good" and "good" share a row.', '哈希前把文本转为小写，使 “Good” 与 “good” 共用一行。')
    },
    {
      key: 'model.embedding_size',
      group: 'model',
      type: 'int',
      default: 64,
      min: 1,
      max: 4096,
      log: true,
      usual: [16, 300],
      unit: text('dimensions', '维'),
      label: text('Embedding size', '嵌入维度'),
      help: text('Width of each n-gram vector; a text is the mean of its vectors. fastText uses 10 for classification, 100–300 for word vectors.', '每个 n-gram 向量的宽度；文本表示为其向量的平均。fastText 分类常用 10，词向量常用 100–300。')
    },
    pickSpec(common, 'model.hidden_size'),
    pickSpec(common, 'model.layers', {
      default: 1,
      min: 0,
      usual: [0, 2],
      help: text('Hidden layers of the head on the mean vector; 0 is a linear classifier, as fastText.', '平均向量之上分类头的隐藏层数；0 表示与 fastText 相同的线性分类器。')
    }),
    pickSpec(common, 'model.activation'),
    ...optimizerParamSpecs(),
    ...scheduleParamSpecs(),
    {
      key: 'optimizer.sparse_embedding',
      group: 'optimizer',
      type: 'bool',
      default: true,
      label: text('Sparse embedding updates', '稀疏嵌入更新'),
      help: text(
        "Updates only the embedding rows a batch uses, as fastText and TensorFlow's LazyAdam do: a step costs the rows it touches, not the whole table. Rows outside a batch keep their optimizer state and skip weight decay until they appear again. Off: every row every step. With gradient accumulation, or when a batch can name most of the table, updates are dense.",
        '只更新批次中用到的嵌入行（与 fastText 和 TensorFlow 的 LazyAdam 相同）：每步的开销取决于涉及的行数，而不是整张表。批次之外的行保留其优化器状态，并在再次出现前跳过权重衰减。关闭时每步更新所有行。使用梯度累积，或一个批次可能涉及表的大部分行时，按稠密方式更新。'
      )
    },
    ...regularizationParamSpecs(),
    pickSpec(common, 'training.epochs'),
    pickSpec(common, 'training.seed'),
    ...classificationStopping(),
    ...diagnosticsParamSpecs(),
    ...finetuneParamSpecs(),
    pickSpec(common, 'runtime.device'),
    pickSpec(common, 'runtime.threads')
  ]
}
