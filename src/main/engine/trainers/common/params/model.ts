import type { ParamSpec } from '../../../../../shared/api'

/** The dense hidden layers of the mlp and of the text classifier's head. */
export function denseParamSpecs(): ParamSpec[] {
  return [
    {
      key: 'model.hidden_size',
      group: 'model',
      type: 'int',
      default: 64,
      min: 1,
      max: 16384,
      log: true,
      usual: [32, 512],
      unit: { en: 'units', 'zh-CN': '个单元' },
      label: { en: 'Hidden size', 'zh-CN': '隐藏层宽度' },
      help: {
        en: 'Units in each hidden layer. Sets capacity and cost more than stability.',
        'zh-CN': '每个隐藏层的神经元数。主要决定容量和计算成本，对稳定性影响较小。'
      }
    },
    {
      key: 'model.layers',
      group: 'model',
      type: 'int',
      default: 2,
      min: 1,
      max: 64,
      usual: [1, 4],
      unit: { en: 'layers', 'zh-CN': '层' },
      label: { en: 'Hidden layers', 'zh-CN': '隐藏层数' },
      help: {
        en: 'Number of hidden layers between the input and the output layer.',
        'zh-CN': '输入层与输出层之间的隐藏层数量。'
      }
    },
    {
      key: 'model.activation',
      group: 'model',
      type: 'choice',
      default: 'relu',
      choices: [
        { value: 'relu', label: { en: 'ReLU', 'zh-CN': 'ReLU' } },
        { value: 'tanh', label: { en: 'tanh', 'zh-CN': 'tanh' } },
        { value: 'gelu', label: { en: 'GELU', 'zh-CN': 'GELU' } },
        { value: 'sigmoid', label: { en: 'Sigmoid', 'zh-CN': 'Sigmoid' } }
      ],
      label: { en: 'Activation', 'zh-CN': '激活函数' },
      help: {
        en: 'Non-linearity after each hidden layer. Weights start He-initialised for ReLU and GELU (tanh form), Xavier for tanh and sigmoid.',
        'zh-CN': '每个隐藏层之后的非线性函数。ReLU 与 GELU（tanh 形式）使用 He 初始化，tanh 与 sigmoid 使用 Xavier 初始化。'
      }
    }
  ]
}
