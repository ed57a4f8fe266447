import type { Run, TrainerInfo } from '../../../shared/api'

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh })

/** A small trainer schema with one parameter of every type, in two groups plus an ungrouped one. */
export const trainerFixture: TrainerInfo = {
  id: 'mlp',
  version: '1.0.0',
  label: l('MLP (tables)', 'MLP（表格）'),
  description: l('A small MLP', '小型 MLP'),
  datasetKinds: ['csv'],
  groups: [
    { id: 'optimizer', label: l('Optimizer', '优化器') },
    { id: 'data', label: l('Data', '数据') }
  ],
  params: [
    { key: 'data.batch_size', group: 'data', label: l('Batch size', '批大小'), help: l('Rows per step', '每步行数'), type: 'int', default: 32, min: 1, max: 4096, usual: [8, 128] },
    { key: 'data.target', group: 'data', label: l('Target column', '目标列'), help: l('Defaults to the last column', '默认最后一列'), type: 'string', default: '', optional: true },
    { key: 'optimizer.lr', group: 'optimizer', label: l('Learning rate', '学习率'), help: l('Step size', '步长'), type: 'float', default: 0.001, min: 0, minExclusive: true, log: true, usual: [1e-4, 1e-2] },
    { key: 'optimizer.name', group: 'optimizer', label: l('Optimizer', '优化器'), help: l('Update rule', '更新规则'), type: 'choice', default: 'adamw', choices: [{ value: 'adamw', label: l('AdamW', 'AdamW') }, { value: 'sgd', label: l('SGD', 'SGD') }] },
    { key: 'runtime.shuffle', group: 'runtime', label: l('Shuffle', '打乱'), help: l('Shuffle rows each epoch', '每轮打乱'), type: 'bool', default: true }
  ],
  metrics: [
    { name: 'train/loss', label: l('Train loss', '训练损失'), goal: 'min' },
    { name: 'val/accuracy', label: l('Val accuracy', '验证准确率'), goal: 'max' }
  ]
}

export function runFixture(overrides: Partial<Run> = {}): Run {
  return {
    id: 1,
    experimentId: 1,
    name: 'run-1',
    trainer: 'mlp',
    trainerVersion: '1.0.0',
    engineVersion: '0.1.0',
    config: { 'data.batch_size': 32, 'data.target': '', 'optimizer.lr': 0.001, 'optimizer.name': 'adamw', 'runtime.shuffle': true },
    datasetPath: '/data/iris.csv',
    datasetHash: 'abc',
    status: 'running',
    statusMessage: null,
    createdAt: 1_700_000_000_000,
    startedAt: 1_700_000_000_000,
    endedAt: null,
    exitCode: null,
    exitSignal: null,
    provider: 'cpu',
    device: 'CPU',
    seed: 1,
    step: 10,
    totalSteps: 100,
    notes: '',
    tags: [],
    ...overrides
  }
}
