/** A command trainer definition for tests: every parameter type, macros in command and env. */
const L = (en: string, zh = en) => ({ en, 'zh-CN': zh })

export const sample = {
  name: 'my-script',
  label: L('My script', '我的脚本'),
  description: L('A script', '一个脚本'),
  command: ['${python}', 'train.py', '${args}', '--out=${run_dir}/out', '--lr2=${param:training.learning_rate}'],
  env: { HF_HUB_OFFLINE: '1', OUT: '${run_dir}/x' },
  groups: [{ id: 'training', label: L('Training', '训练') }],
  params: [
    { key: 'training.learning_rate', group: 'training', type: 'float', default: 0.001, min: 0, minExclusive: true, log: true, label: L('lr'), help: L('step size') },
    { key: 'training.epochs', group: 'training', type: 'int', default: 3, min: 1, max: 100, label: L('epochs'), help: L('passes') },
    { key: 'training.fp16', group: 'training', type: 'bool', default: false, label: L('fp16'), help: L('half') },
    { key: 'training.optim', group: 'training', type: 'choice', default: 'adamw', choices: [{ value: 'adamw', label: L('AdamW') }, { value: 'sgd', label: L('SGD') }], label: L('opt'), help: L('opt') },
    { key: 'training.note', group: 'training', type: 'string', default: 'hi', arg: 'run-note', label: L('note'), help: L('note') }
  ]
}
