import type { GroupSpec, ParamSpec } from '../../../../shared/api'
import {
  commonParamSpecs,
  denseParamSpecs,
  diagnosticsParamSpecs,
  epochParamSpecs,
  finetuneParamSpecs,
  optimizerParamSpecs,
  paramGroups,
  pickSpec,
  regularizationParamSpecs,
  runtimeParamSpecs,
  scheduleParamSpecs,
  stepsPerRunSpec,
  stoppingParamSpecs
} from '../common/params'
import { preprocessParamSpecs } from './preprocess-params'

/** The `mlp` parameter schema: its own target, task and fold, and the shared parameters. */
export const mlpGroups: GroupSpec[] = paramGroups(['data', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'finetune', 'lora', 'runtime'])

export function mlpParamSpecs(providers: string[]): ParamSpec[] {
  const common = commonParamSpecs(providers)
  return [
    {
      key: 'data.target',
      group: 'data',
      type: 'string',
      default: '',
      optional: true,
      label: { en: 'Target column', 'zh-CN': '目标列' },
      help: {
        en: 'Column holding the class or the value to predict. Empty means the last column; every other column is a feature, numeric or categorical.',
        'zh-CN': '保存要预测的类别或数值的列。留空表示最后一列；其余各列都作为特征（数值或类别）。'
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
    pickSpec(common, 'data.val_fraction'),
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
    pickSpec(common, 'data.batch_size'),
    ...preprocessParamSpecs(),
    ...denseParamSpecs(),
    ...optimizerParamSpecs(),
    ...scheduleParamSpecs(),
    ...regularizationParamSpecs(),
    ...epochParamSpecs(),
    ...stoppingParamSpecs(),
    ...diagnosticsParamSpecs(),
    ...finetuneParamSpecs(),
    ...runtimeParamSpecs(providers),
    stepsPerRunSpec()
  ]
}
