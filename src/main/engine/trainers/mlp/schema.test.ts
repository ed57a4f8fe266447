import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TrainerInfo } from '../../../../shared/api'
import { defaultConfig } from '../../../../shared/params'
import { AppError } from '../../../../shared/errors'
import { mlpTrainer } from './schema'
import { completeMlpConfig } from './settings'

async function csvFile(text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'paramscope-schema-')), 'd.csv')
  await writeFile(path, text)
  return path
}

const rows = (n: number): string => Array.from({ length: n }, (_, i) => `${i},${i * 2},${i % 2}`).join('\n')

describe('mlp trainer schema', () => {
  it('is a valid TrainerInfo with groups in order and the providers as device choices', () => {
    const info = TrainerInfo.parse(mlpTrainer.info(['cuda', 'webgpu', 'cpu']))
    expect(info.groups.map((g) => g.id)).toEqual(['data', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'finetune', 'lora', 'runtime'])
    const groupOrder = info.params.map((p) => info.groups.findIndex((g) => g.id === p.group))
    expect(groupOrder).toEqual([...groupOrder].sort((a, b) => a - b))
    const device = info.params.find((p) => p.key === 'runtime.device')
    expect(device?.type === 'choice' && device.choices.map((c) => c.value)).toEqual(['auto', 'cpu', 'cuda', 'webgpu'])
    for (const p of info.params) {
      expect(p.label['zh-CN'], p.key).not.toBe('')
      expect(p.help.en.length, p.key).toBeGreaterThan(10)
      expect(p.help['zh-CN'].length, p.key).toBeGreaterThan(5)
    }
    expect(defaultConfig(info)).toMatchObject({
      'data.target': '',
      'data.val_fraction': 0.2,
      'data.batch_size': 32,
      'model.hidden_size': 64,
      'model.layers': 2,
      'optimizer.name': 'adamw',
      'optimizer.lr': 1e-3,
      'optimizer.momentum': 0.9,
      'optimizer.weight_decay': 0.01,
      'training.epochs': 10,
      'training.seed': 42,
      'runtime.device': 'auto',
      'runtime.threads': 1
    })
  })

  it('declares every tuning parameter with bounds, log scale where it belongs and usual ranges', () => {
    const info = TrainerInfo.parse(mlpTrainer.info([]))
    const byKey = new Map(info.params.map((p) => [p.key, p]))
    for (const key of ['optimizer.eps', 'optimizer.lr', 'data.batch_size', 'schedule.step_size']) expect(byKey.get(key)).toMatchObject({ log: true })
    for (const key of ['optimizer.clip_norm', 'optimizer.grad_accumulation', 'optimizer.layer_lr_decay', 'regularization.dropout', 'early_stopping.patience', 'diagnostics.every']) {
      const p = byKey.get(key)
      expect(p?.type === 'float' || p?.type === 'int', key).toBe(true)
      expect(p).toMatchObject({ min: expect.any(Number), usual: expect.any(Array) })
    }
    const choices = (key: string) => {
      const p = byKey.get(key)
      return p?.type === 'choice' ? p.choices.map((c) => c.value) : []
    }
    expect(choices('optimizer.name')).toEqual(['adamw', 'adam', 'sgd', 'lion'])
    expect(choices('model.activation')).toEqual(['relu', 'tanh', 'gelu', 'sigmoid'])
    expect(choices('schedule.name')).toEqual(['constant', 'step', 'exponential', 'warmup_cosine', 'warmup_linear', 'plateau'])
    expect(choices('data.task')).toEqual(['auto', 'classification', 'regression'])
  })

  it('refuses out-of-range values before launch, naming each field', () => {
    const bad = { 'regularization.dropout': 1, 'optimizer.grad_accumulation': 0, 'optimizer.layer_lr_decay': 0, 'optimizer.name': 'rmsprop' }
    expect(() => completeMlpConfig(bad)).toThrow(AppError)
    try {
      completeMlpConfig(bad)
    } catch (err) {
      const fields = (err as AppError).details!.issues!.map((i) => i.field).sort()
      expect(fields).toEqual(['optimizer.grad_accumulation', 'optimizer.layer_lr_decay', 'optimizer.name', 'regularization.dropout'])
    }
  })
})

describe('mlp checkDataset', () => {
  const config = defaultConfig(mlpTrainer.info([]))

  it('accepts a good file', async () => {
    expect(await mlpTrainer.checkDataset(config, await csvFile(`a,b,y\n${rows(100)}\n`))).toEqual([])
  })

  it('names a missing file or a folder on the dataset field', async () => {
    const missing = await mlpTrainer.checkDataset(config, join(tmpdir(), 'paramscope-none.csv'))
    expect(missing).toMatchObject([{ field: 'dataset', message: 'paramscope-none.csv: the file does not exist' }])
    const dir = join(await mkdtemp(join(tmpdir(), 'paramscope-dir-')), 'x.csv')
    await mkdir(dir)
    expect((await mlpTrainer.checkDataset(config, dir))[0].field).toBe('dataset')
  })

  it('names a symbolic link loop as such', async () => {
    const loop = join(await mkdtemp(join(tmpdir(), 'paramscope-loop-')), 'loop.csv')
    await symlink(loop, loop)
    expect(await mlpTrainer.checkDataset(config, loop)).toMatchObject([{ field: 'dataset', message: 'loop.csv: the path is a symbolic link loop: a link leads back to itself' }])
  })

  it('reports a target that is not a column', async () => {
    const issues = await mlpTrainer.checkDataset({ ...config, 'data.target': 'label' }, await csvFile(`a,b,y\n${rows(10)}\n`))
    expect(issues).toMatchObject([{ field: 'data.target', message: expect.stringMatching(/"label" is not in the header .*a, b, y/) }])
  })

  it('infers regression from a fractional target and checks the monitored metric against the task', async () => {
    const fractional = await csvFile(`a,b,y\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 3},${i / 7}`).join('\n')}\n`)
    expect(await mlpTrainer.checkDataset(config, fractional)).toEqual([])
    const issues = await mlpTrainer.checkDataset({ ...config, 'early_stopping.patience': 3, 'early_stopping.metric': 'val/accuracy' }, fractional)
    expect(issues).toMatchObject([{ field: 'early_stopping.metric', message: 'val/accuracy is not measured in regression; use val/loss or a regression metric' }])
    const text = await csvFile('a,y\n1,cat\n2,dog\n3,cat\n')
    expect((await mlpTrainer.checkDataset({ ...config, 'data.task': 'regression', 'data.batch_size': 1 }, text))[0]).toMatchObject({
      field: 'data.task',
      message: 'regression needs a numeric target; column "y" holds "cat"'
    })
  })

  it('takes a text column as categorical and, asked to refuse missing values, names the first one', async () => {
    const mixed = await csvFile(`a,b,y\n${Array.from({ length: 40 }, (_, i) => `${i === 7 ? '' : i},${'xyz'[i % 3]},${i % 2}`).join('\n')}\n`)
    expect(await mlpTrainer.checkDataset({ ...config, 'data.batch_size': 8 }, mixed)).toEqual([])
    expect(await mlpTrainer.checkDataset({ ...config, 'data.batch_size': 8, 'data.missing': 'refuse' }, mixed)).toMatchObject([
      { field: 'data.missing', message: 'line 9, column "a": the value is missing (data.missing is refuse)' }
    ])
  })

  it('reports too few rows for the split and a batch larger than the training part', async () => {
    const two = await csvFile(`a,b,y\n${rows(2)}\n`)
    expect((await mlpTrainer.checkDataset({ ...config, 'data.val_fraction': 0.1 }, two))[0].field).toBe('data.val_fraction')
    const issues = await mlpTrainer.checkDataset(config, await csvFile(`a,b,y\n${rows(20)}\n`))
    expect(issues).toMatchObject([{ field: 'data.batch_size', message: 'must be at most the 16 training rows (got 32)' }])
  })
})
