import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TrainerInfo, type Config, type DatasetVersion } from '../../../../shared/api'
import { defaultConfig } from '../../../../shared/params'
import { charLmTrainer } from './schema'
import { completeCharLmConfig } from './settings'

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'paramscope-lm-schema-')), name)
  await writeFile(path, text)
  return path
}

const info = TrainerInfo.parse(charLmTrainer.info(['cpu']))
const defaults = defaultConfig(info)

describe('char-lm schema', () => {
  it('declares every parameter with a group, zh-CN and en help, bounds, log scale and usual ranges', () => {
    const groups = info.groups.map((g) => g.id)
    expect(groups).toEqual(['data', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'sample', 'finetune', 'lora', 'runtime'])
    const order = info.params.map((p) => groups.indexOf(p.group))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    for (const p of info.params) {
      expect(p.help.en.length, p.key).toBeGreaterThan(10)
      expect(p.help['zh-CN'].length, p.key).toBeGreaterThan(5)
      if (p.type === 'int' || p.type === 'float') expect(p.min, p.key).toBeTypeOf('number')
    }
    // LoRA adapts the attention query and value projections unless told otherwise; chained steps are not offered.
    expect(defaults['lora.targets']).toBe('*.attn.wq, *.attn.wv')
    expect(() => completeCharLmConfig({ 'runtime.steps_per_run': 4 })).toThrow(/runtime.steps_per_run/)
    const byKey = new Map(info.params.map((p) => [p.key, p]))
    for (const key of ['model.width', 'model.context', 'training.steps', 'optimizer.lr', 'data.batch_size']) expect(byKey.get(key), key).toMatchObject({ log: true })
    for (const key of ['model.layers', 'model.heads', 'model.width', 'model.context', 'sample.temperature', 'regularization.dropout']) expect(byKey.get(key), key).toMatchObject({ usual: expect.any(Array) })
    expect(byKey.has('early_stopping.metric')).toBe(false)
    expect(defaults).toMatchObject({ 'model.layers': 2, 'model.heads': 4, 'model.width': 64, 'model.context': 64, 'data.batch_size': 16, 'regularization.dropout': 0.1 })
    expect(info.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['train/loss', 'val/loss', 'val/perplexity']))
  })

  it('refuses heads that do not divide the width', () => {
    expect(() => completeCharLmConfig({ 'model.width': 30, 'model.heads': 4 })).toThrow(/must divide model.width \(30\)/)
    expect(completeCharLmConfig({ 'model.width': 32, 'model.heads': 4 })['model.heads']).toBe(4)
  })

  it('checks the text: long enough for the context in both parts, a prompt in its alphabet, not a table', async () => {
    const check = async (name: string, text: string, patch: Config = {}) => charLmTrainer.checkDataset({ ...defaults, ...patch }, await file(name, text))
    const text = 'abc '.repeat(200)
    expect(await check('ok.txt', text)).toEqual([])
    expect(await check('short.txt', text, { 'model.context': 128 })).toMatchObject([
      { field: 'data.val_fraction', message: 'the split leaves 720 training and 80 validation characters; each part needs at least model.context + 1 = 129' }
    ])
    expect(await check('ok.txt', text, { 'sample.prompt': 'abz' })).toMatchObject([{ field: 'sample.prompt', message: 'the character "z" does not occur in ok.txt' }])
    expect(await check('one.txt', 'aaaa'.repeat(100))).toMatchObject([{ field: 'dataset', message: 'one.txt uses 1 distinct character(s); a language model needs two or more' }])
    expect(await check('t.csv', 'a,b\n1,2\n')).toMatchObject([{ field: 'dataset', message: expect.stringMatching(/reads a plain text file; t.csv is a table/) }])
    expect(await charLmTrainer.checkDataset(defaults, '/nonexistent/x.txt')).toMatchObject([
      { field: 'dataset', message: 'x.txt: the file does not exist (/nonexistent/x.txt)' }
    ])
  })

  it('takes language-modelling versions with a hold-out split', () => {
    const version: DatasetVersion = {
      id: 2, datasetId: 1, task: 'language-modelling', target: null, features: [], text: 'text', ignored: [],
      split: { kind: 'holdout', valFraction: 0.1, stratify: false, seed: 1 }, parts: [{ name: 'train', rows: 90 }, { name: 'val', rows: 10 }], createdAt: 0
    }
    expect(charLmTrainer.checkVersion!(defaults, version)).toEqual([])
    expect(charLmTrainer.checkVersion!(defaults, { ...version, task: 'text-classification' })[0].message).toMatch(/learns language-modelling/)
    expect(charLmTrainer.checkVersion!(defaults, { ...version, split: { kind: 'kfold', k: 5, stratify: false, seed: 1 } })[0].message).toMatch(/5 folds/)
  })
})
