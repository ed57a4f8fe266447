import { logText } from '../../../../shared/messages/log-lines'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { beforeAll, describe, expect, it } from 'vitest'
import { Rng } from '../../random'
import { readMixedTable } from '../../datasets/readers/mixed'
import { holdOutSplit } from '../../datasets/versions/split'
import { checkpointPath } from '../common/checkpoints'
import { lastOf, startingFrom } from '../common/testing'
import { exportMlp } from './export'
import { trainRecorded } from './testing'

let csv = ''
const quick = { 'model.hidden_size': 32, 'training.epochs': 6, 'optimizer.lr': 0.01, 'diagnostics.every': 0 }
const offsets: Record<string, number> = { north: -2, south: -0.7, east: 0.7, west: 2 }

beforeAll(async () => {
  // The label depends on the region as much as on a; sugar is missing in every 50th row (2%).
  const rng = new Rng(11)
  const regions = Object.keys(offsets)
  const lines = ['a,region,sugar,label']
  for (let i = 0; i < 3000; i++) {
    const region = regions[Math.floor(rng.next() * 4)]
    const a = rng.normal()
    const sugar = 4 + rng.normal()
    const label = offsets[region] + a + 0.5 * (sugar - 4) > 0 ? 'yes' : 'no'
    lines.push(`${a.toFixed(3)},${region},${i % 50 === 7 ? '' : sugar.toFixed(2)},${label}`)
  }
  csv = join(await mkdtemp(join(tmpdir(), 'paramscope-mlp-preprocess-')), 'fruit.csv')
  await writeFile(csv, `${lines.join('\n')}\n`)
})

describe('mlp on categorical columns and missing values', () => {
  it('one-hot encodes and fills with the median by default, says so, and learns the table', async () => {
    const r = await trainRecorded(csv, quick)
    expect(r.outcome).toEqual({ status: 'finished' })
    expect(r.logs).toContain('region: one-hot, 4 levels')
    expect(r.logs.find((l) => l.startsWith('sugar:'))).toMatch(/^sugar: 60 missing, median 4(\.\d+)?$/)
    // The same lines in Chinese, as the run page and `paramscope runs log --lang zh-CN` word them.
    const chinese = r.rawLogs.map((l) => logText(l, 'zh-CN'))
    expect(chinese).toContain('region：独热编码，4 个水平')
    expect(chinese.some((l) => /^mlp [\d-]+（[^）]+）用于分类，训练 \d+ 行 \/ 验证 \d+ 行，/.test(l))).toBe(true)
    expect(chinese.find((l) => l.startsWith('sugar：'))).toMatch(/^sugar：缺失 60 个，用中位数 4(\.\d+)? 填充$/)
    // a, four regions and "other", sugar.
    expect(r.logs.some((l) => l.startsWith('mlp 7-32-'))).toBe(true)
    expect(lastOf(r, 'val/accuracy')).toBeGreaterThan(0.95)
  })

  it('refuses a missing value when asked, naming its line and column', async () => {
    await expect(trainRecorded(csv, { ...quick, 'data.missing': 'refuse' })).rejects.toThrow('line 9, column "sugar": the value is missing')
  })

  it('drops the rows with missing values when asked', async () => {
    const r = await trainRecorded(csv, { ...quick, 'training.epochs': 1, 'data.missing': 'drop_rows' })
    expect(r.outcome).toEqual({ status: 'finished' })
    expect(r.logs).toContain('60 of 3000 rows dropped for missing values')
    const [, train, val] = r.logs.map((l) => /(\d+) training \/ (\d+) validation rows/.exec(l)).find(Boolean)!
    expect(Number(train) + Number(val)).toBe(2940)
  })

  it('drops categorical columns when asked', async () => {
    const r = await trainRecorded(csv, { ...quick, 'training.epochs': 1, 'data.categorical': 'drop', 'data.max_levels': 2 })
    expect(r.logs).toContain('region: categorical, dropped')
    expect(r.logs.some((l) => l.startsWith('mlp 2-32-'))).toBe(true)
  })

  it('caps the levels, the rest sharing the other column', async () => {
    const r = await trainRecorded(csv, { ...quick, 'training.epochs': 1, 'data.max_levels': 2 })
    expect(r.logs).toContain('region: one-hot, 2 of 4 levels, the rest as other')
    expect(r.logs.some((l) => l.startsWith('mlp 5-32-'))).toBe(true)
  })

  it('encodes the columns of a dataset version the same way, on its recorded split', async () => {
    const split = { kind: 'holdout', valFraction: 0.2, stratify: true, seed: 3 } as const
    const version = { versionId: 1, path: csv, format: 'csv', columns: ['a', 'region', 'sugar', 'label'], task: 'classification', target: 'label', features: ['region', 'sugar', 'a'], split } as const
    const r = await trainRecorded(csv, quick, { version: { ...version, columns: [...version.columns], features: [...version.features] } })
    expect(r.outcome).toEqual({ status: 'finished' })
    expect(r.logs).toContain('region: one-hot, 4 levels')
    expect(r.logs.find((l) => l.startsWith('sugar:'))).toMatch(/^sugar: 60 missing, median 4/)
    expect(lastOf(r, 'val/accuracy')).toBeGreaterThan(0.95)
    await expect(trainRecorded(csv, { ...quick, 'data.missing': 'refuse' }, { version: { ...version, columns: [...version.columns], features: [...version.features] } })).rejects.toThrow('row 8, column "sugar"')
  })

  it('fine-tunes on the encoding of the run it starts from, and refuses other columns', async () => {
    const first = await trainRecorded(csv, { ...quick, 'training.epochs': 1 })
    // Only two regions here: fitted afresh, their one-hot columns would mean other levels.
    const lines = ['a,region,sugar,label', ...Array.from({ length: 200 }, (_, i) => `${(i % 9) - 4},${i % 2 ? 'west' : 'north'},4.5,${i % 2 ? 'yes' : 'no'}`)]
    const two = join(tmpdir(), `paramscope-two-regions-${process.pid}.csv`)
    await writeFile(two, `${lines.join('\n')}\n`)
    const tuned = await trainRecorded(two, { ...quick, 'training.epochs': 1, 'data.batch_size': 16 }, startingFrom(first))
    expect(tuned.outcome).toEqual({ status: 'finished' })
    expect(tuned.logs).toContain('columns encoded as run 1 encoded them (its levels and fill values)')
    expect(tuned.logs.some((l) => l.startsWith('mlp 7-32-'))).toBe(true)
    const other = join(tmpdir(), `paramscope-other-columns-${process.pid}.csv`)
    await writeFile(other, `b,region,sugar,label\n${lines.slice(1).join('\n')}\n`)
    await expect(trainRecorded(other, { ...quick, 'data.batch_size': 16 }, startingFrom(first))).rejects.toThrow('run 1 was trained on the columns a, region, sugar; this dataset has b, region, sugar')
  })

  it('exports a model on the raw columns that scores the validation rows as the trainer evaluated them', async () => {
    const r = await trainRecorded(csv, { ...quick, 'data.missing_indicator': true })
    expect(r.logs.find((l) => l.startsWith('sugar:'))).toMatch(/with a missing-indicator column$/)
    const model = exportMlp(checkpointPath(r.workDir, 'latest'))
    expect(model.inputs).toEqual(['x', 'region'])
    const table = await readMixedTable(csv)
    const { val } = holdOutSplit(table.rows, 0.2, 42)
    const [a, region, sugar] = table.columns
    const x = new Float32Array(val.length * 2)
    val.forEach((row, i) => x.set([Number(a.values[row]), Number(sugar.values[row])], i * 2))
    expect(Array.from(val).some((row) => Number.isNaN(sugar.values[row] as number))).toBe(true)
    const session = await ort.InferenceSession.create(model.bytes)
    const out = await session.run({
      x: new ort.Tensor('float32', x, [val.length, 2]),
      region: new ort.Tensor('string', Array.from(val, (row) => String(region.values[row])), [val.length, 1])
    })
    const unseen = await session.run({ x: new ort.Tensor('float32', [0, Number.NaN], [1, 2]), region: new ort.Tensor('string', ['mars'], [1, 1]) })
    await session.release()
    expect(Number.isFinite((unseen.probabilities.data as Float32Array)[0])).toBe(true)
    const p = out.probabilities.data as Float32Array
    let correct = 0
    let loss = 0
    val.forEach((row, i) => {
      const label = table.y[row] === 'yes' ? 1 : 0
      if ((p[i * 2 + 1] > p[i * 2] ? 1 : 0) === label) correct++
      loss -= Math.log(p[i * 2 + label])
    })
    expect(correct / val.length).toBe(lastOf(r, 'val/accuracy'))
    expect(loss / val.length).toBeCloseTo(lastOf(r, 'val/loss'), 4)
  })
})
