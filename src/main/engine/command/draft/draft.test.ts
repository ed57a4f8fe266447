import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { checkCommandTrainer, type CommandParamSpec } from '../../../../shared/schemas/command-trainers'
import { parseCommandTrainerText } from '../definition'
import { draftFromHelp } from './draft'
import { parseHelp } from './help-parser'

/** Help texts printed by the real tools: see fixtures/README.md. */
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const builtinIds = ['mlp', 'char-lm', 'text-classifier']

const byKey = (params: CommandParamSpec[]) => Object.fromEntries(params.map((p) => [p.key, p]))
/** The draft's YAML through the checker every definition passes, as `trainers add` reads it. */
const registered = (text: string) => {
  const checked = checkCommandTrainer(parseYaml(text), builtinIds)
  if ('issues' in checked) throw new Error(JSON.stringify(checked.issues))
  return checked.definition
}

describe('reading --help', () => {
  it('reads argparse options: names, metavars, choices, switches, defaults, sections and wrapped help', () => {
    const { options, sections } = parseHelp(fixture('argparse-help.txt'))
    expect(sections).toEqual(['positional arguments', 'options', 'model'])
    const of = (name: string) => options.find((o) => o.names.includes(name))!
    expect(of('data')).toMatchObject({ positional: true, help: 'training data file' })
    expect(of('lr')).toMatchObject({ names: ['lr', 'learning-rate'], metavar: 'LR', kind: 'value', defaultText: '0.001', help: 'learning rate of the optimizer' })
    expect(of('optimizer')).toMatchObject({ choices: ['adam', 'sgd', 'lion'], defaultText: 'adam' })
    expect(of('amp')).toMatchObject({ kind: 'switch', defaultText: 'False' })
    expect(of('hidden')).toMatchObject({ section: 'model', defaultText: '128' })
    expect(of('hidden').help).toMatch(/^units in each hidden layer, .* because it is long$/)
    expect(of('activation')).toMatchObject({ choices: ['relu', 'gelu', 'tanh'], defaultText: null })
  })

  it('reads HfArgumentParser booleans as optional values and lists as lists', () => {
    const { options } = parseHelp(fixture('hf-help.txt'))
    const of = (name: string) => options.find((o) => o.names[0] === name)!
    expect(options.length).toBeGreaterThan(100)
    expect(of('bf16')).toMatchObject({ kind: 'optional', defaultText: 'False' })
    expect(of('include_for_metrics').kind).toBe('list')
    expect(of('adam_epsilon').defaultText).toBe('1e-08')
    expect(of('learning_rate')).toMatchObject({ names: ['learning_rate', 'learning-rate'], defaultText: '5e-05' })
  })

  it('reads nothing, and never throws, from text that is not a help', () => {
    for (const text of ['', 'Segmentation fault', 'usage: x\n\n  weird\n\t--\n:\n', '\u0000\u0001--x']) expect(() => parseHelp(text)).not.toThrow()
    expect(parseHelp('Hello.\nNothing to see here: really.\n').options).toEqual([])
  })
})

describe('a draft from argparse help', () => {
  const draft = draftFromHelp(fixture('argparse-help.txt'), { command: ['${python}', 'argparse_train.py'], cwd: '/work/script', builtinIds })

  it('has one parameter per tunable option, typed from its default, and registers unchanged', () => {
    expect(draft.style).toBe('argparse')
    const d = registered(draft.text)
    expect(d.command).toEqual(['${python}', 'argparse_train.py', '${args}'])
    expect(d.cwd).toBe('/work/script')
    expect(d.name).toBe('argparse-train')
    expect(d.groups.map((g) => g.id)).toEqual(['params', 'model'])
    const p = byKey(d.params)
    expect(Object.keys(p)).toEqual(['params.lr', 'params.epochs', 'params.batch_size', 'params.optimizer', 'params.dropout', 'params.run_name', 'params.seed', 'model.hidden', 'model.activation'])
    expect(draft.params).toBe(9)
    expect(p['params.lr']).toMatchObject({ type: 'float', default: 0.001, label: { en: 'Learning rate' }, help: { en: 'learning rate of the optimizer', 'zh-CN': 'learning rate of the optimizer' } })
    expect(p['params.epochs']).toMatchObject({ type: 'int', default: 10 })
    // `--batch-size` is not a key: the key is made of its name, the flag stays as written.
    expect(p['params.batch_size']).toMatchObject({ type: 'int', default: 32, arg: 'batch-size' })
    expect(p['params.optimizer']).toMatchObject({ type: 'choice', default: 'adam' })
    expect((p['params.optimizer'] as { choices: { value: string }[] }).choices.map((c) => c.value)).toEqual(['adam', 'sgd', 'lion'])
    expect(p['params.run_name']).toMatchObject({ type: 'string', default: 'baseline', arg: 'run-name' })
    // No default in the help: a guess, said in a comment.
    expect(p['params.seed']).toMatchObject({ type: 'int', default: 0 })
    expect(p['model.activation']).toMatchObject({ type: 'choice', default: 'relu' })
    for (const param of d.params) expect(param).not.toHaveProperty('min')
  })

  it('says in comments, in English and Chinese, what it left out and what to check', () => {
    expect(draft.text).toMatch(/^# Drafted by ParamScope from the --help of \$\{python\} argparse_train\.py/)
    expect(draft.text).toContain('# 由 ParamScope 根据')
    expect(draft.text).toMatch(/# Bounds \(min, max\), log scale and units are left for you/)
    expect(draft.text).toMatch(/# No usable default in the help, so the type and default are a guess:\n# 帮助中[^\n]*\n# params\.seed model\.activation\n/)
    expect(draft.text).toMatch(/# Positional arguments, left out: [^\n]*\n#[^\n]*\n# data\n/)
    expect(draft.text).toMatch(/# Switches that take no value, left out \(\$\{args\} passes --NAME=VALUE[^]*\n# --amp\n/)
    expect(draft.text).toMatch(/# Paths, folders and config files, left out \(not tunable\):\n#[^\n]*\n# --output-dir --config\n/)
  })

  it('reads back through the definition reader as a file would', () => {
    const d = parseCommandTrainerText(draft.text, 'yaml', 'draft.yaml', builtinIds, '/elsewhere')
    expect(d.params).toHaveLength(9)
    expect(d.env).toEqual({ PYTHONUNBUFFERED: '1' })
  })
})

describe('a draft from Hugging Face TrainingArguments help', () => {
  const draft = draftFromHelp(fixture('hf-help.txt'), { command: ['${python}', 'hf_train.py'], cwd: '/work/hf', builtinIds, name: 'my-lora' })
  const d = registered(draft.text)
  const p = byKey(d.params)

  it('puts the usual knobs in groups and the script’s own fields first', () => {
    expect(draft.style).toBe('hf')
    expect(d.name).toBe('my-lora')
    expect(d.groups.map((g) => g.id)).toEqual(['script', 'optimizer', 'schedule', 'batch', 'regularization', 'runtime'])
    expect(d.groups.find((g) => g.id === 'optimizer')!.label).toEqual({ en: 'Optimizer', 'zh-CN': '优化器' })
    expect(d.params.filter((x) => x.group === 'script').map((x) => x.key)).toEqual(['script.lora_r', 'script.lora_alpha', 'script.lora_dropout', 'script.block_size', 'script.use_rslora'])
    expect(p['script.lora_r']).toMatchObject({ type: 'int', default: 8 })
    expect(p['script.lora_alpha']).toMatchObject({ type: 'int', default: 16 })
    expect(p['script.use_rslora']).toMatchObject({ type: 'bool', default: false })
    expect(p['optimizer.learning_rate']).toMatchObject({ type: 'float', default: 5e-5 })
    expect(p['optimizer.weight_decay']).toMatchObject({ type: 'float', default: 0 })
    expect(p['optimizer.adam_beta2']).toMatchObject({ type: 'float', default: 0.999 })
    expect(p['optimizer.adam_epsilon']).toMatchObject({ type: 'float', default: 1e-8 })
    expect(p['optimizer.max_grad_norm']).toMatchObject({ type: 'float', default: 1 })
    expect(p['schedule.num_train_epochs']).toMatchObject({ type: 'float', default: 3 })
    expect(p['schedule.lr_scheduler_type']).toMatchObject({ type: 'choice', default: 'linear' })
    expect((p['schedule.lr_scheduler_type'] as { choices: { value: string }[] }).choices.map((c) => c.value)).toContain('cosine')
    expect(p['schedule.warmup_steps']).toMatchObject({ type: 'int', default: 0 })
    expect(p['batch.per_device_train_batch_size']).toMatchObject({ type: 'int', default: 8 })
    expect(p['batch.gradient_accumulation_steps']).toMatchObject({ type: 'int', default: 1 })
    expect(p['runtime.seed']).toMatchObject({ type: 'int', default: 42 })
    expect(p['runtime.bf16']).toMatchObject({ type: 'bool', default: false })
    expect(draft.params).toBe(d.params.length)
    expect(draft.params).toBeLessThan(30)
  })

  it('saves into the run folder, evaluates each epoch and logs every 10 steps, and says so', () => {
    expect(registered(draft.text).command).toEqual([
      '${python}',
      'hf_train.py',
      '${args}',
      '--output_dir=${run_dir}/out',
      '--eval_strategy=epoch',
      '--logging_steps=10',
      '--report_to=none',
      '--disable_tqdm=true'
    ])
    expect(draft.text).toMatch(/^# Flags added to command so the Trainer saves into the run folder/m)
    expect(draft.text).toMatch(/^# 已在 command 中加入以下参数/m)
    // A flag the user's command sets already is left as it is.
    const own = draftFromHelp(fixture('hf-help.txt'), { command: ['${python}', 'hf_train.py', '--logging_steps=1'], builtinIds, name: 'mine' })
    expect(registered(own.text).command.filter((a: string) => a.startsWith('--logging_steps'))).toEqual(['--logging_steps=1'])
  })

  it('names the other TrainingArguments options and the script’s paths in comments', () => {
    expect(draft.text).toMatch(/# Other TrainingArguments options, left out \(add any of them to params\):/)
    for (const name of ['report_to', 'logging_steps', 'save_strategy', 'output_dir', 'deepspeed']) expect(draft.text).toMatch(new RegExp(`^#.*\\b${name}\\b`, 'm'))
    // A negation (`--no_x` beside `--x`) is the same option: not named twice.
    expect(draft.text).not.toContain('no_average_tokens_across_devices')
    expect(draft.text).toMatch(/# Paths, folders and config files, left out \(not tunable\):\n#[^\n]*\n# --model_name_or_path\n/)
  })
})

describe('a help it cannot read', () => {
  it('gives style unknown: the command, an empty group to fill and a comment, still a valid definition', () => {
    const draft = draftFromHelp('Segmentation fault (core dumped)\n', { command: ['./train'], builtinIds, exit: { code: 139, output: 'Segmentation fault' } })
    expect(draft).toMatchObject({ style: 'unknown', params: 0 })
    const d = registered(draft.text)
    expect(d).toMatchObject({ name: 'train', command: ['./train', '${args}'], params: [], env: {} })
    expect(d.groups).toEqual([{ id: 'params', label: { en: 'Parameters', 'zh-CN': '参数' } }])
    expect(draft.text).toMatch(/# No options could be read from this help/)
    expect(draft.text).toMatch(/# The command exited with code 139; its last output: Segmentation fault/)
    expect(draft.text).toMatch(/# cwd is not set/)
  })

  it('names a trainer that would take a built-in name otherwise, and keeps a given ${args}', () => {
    const draft = draftFromHelp('', { command: ['${python}', 'scripts/mlp.py', '--fixed=1', '${args}'], builtinIds })
    expect(registered(draft.text)).toMatchObject({ name: 'mlp-script', command: ['${python}', 'scripts/mlp.py', '--fixed=1', '${args}'] })
  })
})
