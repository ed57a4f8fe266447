import type { ParamSpec } from '../../../../shared/api'

/** The mlp's `data.*` parameters for categorical columns and missing values. */
export function preprocessParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'data.categorical',
      group: 'data',
      type: 'choice',
      default: 'one_hot',
      choices: [
        { value: 'one_hot', label: { en: 'One-hot', 'zh-CN': '独热编码' } },
        { value: 'drop', label: { en: 'Drop the column', 'zh-CN': '删除该列' } }
      ],
      label: { en: 'Categorical columns', 'zh-CN': '类别列' },
      help: {
        en: 'A column with text values: one 0/1 feature per level seen in the training rows (the most frequent up to the level cap) plus an "other" feature for the rest, for unseen levels and for missing cells; or leave the column out.',
        'zh-CN': '含文本取值的列：为训练行中出现的每个取值生成一个 0/1 特征（按频率取前若干个，至取值上限），另加一个"其他"特征，容纳其余取值、未见过的取值和缺失单元格；或者不使用该列。'
      }
    },
    {
      key: 'data.max_levels',
      group: 'data',
      type: 'int',
      default: 20,
      min: 1,
      max: 1000,
      usual: [10, 50],
      label: { en: 'Levels per categorical column', 'zh-CN': '每个类别列的取值上限' },
      help: {
        en: 'Most levels a one-hot column keeps, the most frequent in the training rows; rarer levels share the "other" feature.',
        'zh-CN': '独热编码每列最多保留的取值数（按训练行中的频率）；更少见的取值归入"其他"特征。'
      }
    },
    {
      key: 'data.missing',
      group: 'data',
      type: 'choice',
      default: 'median',
      choices: [
        { value: 'median', label: { en: 'Fill with the median', 'zh-CN': '用中位数填充' } },
        { value: 'mean', label: { en: 'Fill with the mean', 'zh-CN': '用均值填充' } },
        { value: 'drop_rows', label: { en: 'Drop the rows', 'zh-CN': '删除这些行' } },
        { value: 'refuse', label: { en: 'Refuse the table', 'zh-CN': '拒绝该表格' } }
      ],
      label: { en: 'Missing numeric values', 'zh-CN': '数值缺失值' },
      help: {
        en: 'A missing numeric cell (empty, NA, null…) takes the median or mean of its column over the training rows, or its row is left out, or the run stops naming the first missing cell. The exported model fills a NaN input the same way.',
        'zh-CN': '缺失的数值单元格（空、NA、null 等）以该列训练行的中位数或均值填充，或删除所在行，或停止运行并指出第一个缺失单元格。导出的模型以相同方式填充输入中的 NaN。'
      }
    },
    {
      key: 'data.missing_indicator',
      group: 'data',
      type: 'bool',
      default: false,
      label: { en: 'Missing-value indicator', 'zh-CN': '缺失指示列' },
      help: {
        en: 'With median or mean filling: adds a 0/1 feature beside each column that has missing values, saying the value was filled.',
        'zh-CN': '使用中位数或均值填充时：为每个含缺失值的列增加一个 0/1 特征，表示该值是填充的。'
      }
    }
  ]
}
