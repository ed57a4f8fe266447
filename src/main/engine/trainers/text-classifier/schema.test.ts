import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TrainerInfo, type Config, type DatasetVersion } from '../../../../shared/api'
import { defaultConfig } from '../../../../shared/params'
import { textClassifierTrainer } from './schema'
import { completeTextClassifierConfig } from './settings'

async function file(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'paramscope-tc-schema-')), name)
  await writeFile(path, text)
  return path
}

const info = TrainerInfo.parse(textClassifierTrainer.info(['cuda', 'cpu']))
const defaults = defaultConfig(info)
const rows = (n: number, classes = 2) => Array.from({ length: n }, (_, i) => `"word ${i}",c${i % classes}`).join('\n')

describe('text-classifier schema', () => {
  it('declares every parameter with a group, zh-CN and en help, bounds and log scale where they belong', () => {
    const groups = info.groups.map((g) => g.id)
    expect(groups).toEqual(['data', 'features', 'model', 'optimizer', 'schedule', 'regularization', 'training', 'early_stopping', 'diagnostics', 'finetune', 'lora', 'runtime'])
    for (const p of info.params) {
      expect(groups, p.key).toContain(p.group)
      expect(p.help.en.length, p.key).toBeGreaterThan(10)
      expect(p.help['zh-CN'].length, p.key).toBeGreaterThan(5)
      if (p.type === 'int' || p.type === 'float') expect(p.min, p.key).toBeTypeOf('number')
    }
    const byKey = new Map(info.params.map((p) => [p.key, p]))
    for (const key of ['features.buckets', 'features.max_ngrams', 'model.embedding_size', 'optimizer.lr', 'data.batch_size']) expect(byKey.get(key), key).toMatchObject({ log: true })
    for (const key of ['features.buckets', 'features.word_ngram_max', 'features.char_ngram_max', 'model.embedding_size']) expect(byKey.get(key), key).toMatchObject({ usual: expect.any(Array) })
    const metric = byKey.get('early_stopping.metric')
    expect(metric?.type === 'choice' && metric.choices.map((c) => c.value)).toEqual(['val/loss', 'val/accuracy'])
    expect(defaults).toMatchObject({ 'data.text': 'text', 'data.target': 'label', 'features.word_ngram_max': 2, 'features.char_ngram_min': 3, 'model.layers': 1 })
  })

  it('refuses crossed n-gram ranges, no features at all and one column for both roles', () => {
    const bad = (patch: Config) => {
      try {
        completeTextClassifierConfig({ ...defaults, ...patch })
        return []
      } catch (err) {
        return (err as { details: { issues: { field: string }[] } }).details.issues.map((i) => i.field)
      }
    }
    expect(bad({ 'features.char_ngram_min': 5, 'features.char_ngram_max': 3 })).toEqual(['features.char_ngram_min'])
    expect(bad({ 'features.word_ngram_max': 0, 'features.char_ngram_max': 0 })).toEqual(['features.word_ngram_max'])
    expect(bad({ 'data.target': 'text' })).toEqual(['data.target'])
    expect(bad({ 'features.buckets': 2 ** 25 })).toEqual(['features.buckets'])
    expect(bad({})).toEqual([])
  })

  it('checks the dataset: columns by name, labels in every row, two classes, both parts and the batch', async () => {
    const check = async (name: string, text: string, patch: Config = {}) => textClassifierTrainer.checkDataset({ ...defaults, ...patch }, await file(name, text))
    expect(await check('ok.csv', `text,label\n${rows(50)}`)).toEqual([])
    expect(await check('ok.jsonl', '{"text":"a b","label":"x"}\n{"text":"c","label":"y"}\n'.repeat(25))).toEqual([])
    expect(await check('d.csv', `body,label\n${rows(20)}`)).toMatchObject([{ field: 'data.text', message: 'there is no column "text" in d.csv (columns: body, label)' }])
    expect(await check('d.csv', `text,label\n${rows(20, 1)}`)).toMatchObject([{ field: 'data.target', message: expect.stringMatching(/single class "c0"/) }])
    expect(await check('d.csv', `text,label\n${rows(3)}\n"no label",\n`)).toMatchObject([{ field: 'dataset', message: expect.stringMatching(/row 4 has no value in the label column "label"/) }])
    expect(await check('d.jsonl', '{"body":"a","label":"x"}\n{"body":"b","label":"y"}\n')).toMatchObject([{ field: 'data.text', message: 'no row of d.jsonl has any text in "text"' }])
    expect(await check('d.csv', `text,label\n${rows(50)}`, { 'data.batch_size': 41 })).toMatchObject([{ field: 'data.batch_size', message: 'must be at most the 40 training rows (got 41)' }])
    expect(await check('d.csv', `text,label\n${rows(2)}`, { 'data.val_fraction': 0.1 })).toMatchObject([{ field: 'data.val_fraction', message: expect.stringMatching(/2 rows leave 2 training and 0 validation/) }])
    expect(await check('d.txt', 'just text\n')).toMatchObject([{ field: 'dataset', message: expect.stringMatching(/reads CSV or JSON Lines files; this one is text/) }])
  })

  it('takes text-classification versions with a hold-out split and its text column', () => {
    const version: DatasetVersion = {
      id: 4, datasetId: 1, task: 'text-classification', target: 'label', features: [], text: 'body', ignored: [],
      split: { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 1 }, parts: [{ name: 'train', rows: 80 }, { name: 'val', rows: 20 }], createdAt: 0
    }
    expect(textClassifierTrainer.checkVersion!({ ...defaults, 'data.text': 'body' }, version)).toEqual([])
    // The version names its text column, so data.text need not repeat it; a label equal to it is still refused.
    expect(textClassifierTrainer.checkVersion!(defaults, version)).toEqual([])
    expect(textClassifierTrainer.checkVersion!(defaults, { ...version, target: 'body' })).toMatchObject([{ field: 'data.target', message: expect.stringMatching(/must differ from the text column "body"/) }])
    expect(textClassifierTrainer.checkVersion!(defaults, { ...version, task: 'classification' })[0].message).toMatch(/learns text-classification/)
    expect(textClassifierTrainer.checkVersion!({ ...defaults, 'data.text': 'body', 'data.batch_size': 81 }, version)).toMatchObject([{ field: 'data.batch_size', message: 'must be at most the 80 training rows (got 81)' }])
  })
})
