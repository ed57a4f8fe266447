import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { defaultConfig } from '../../../../shared/params'
import { generateBlobs, type Blobs } from '../../datasets/samples'
import { mlpTrainer } from './schema'
import { seriesOf, trainRecorded } from './testing'

const FEATURES = 3
const ROWS = 400
let dir: string
let blobs: Blobs
const value = (r: number, j: number): number => Number(blobs.x[r * FEATURES + j].toPrecision(6))
const names = Array.from({ length: FEATURES }, (_, j) => `f${j + 1}`)

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paramscope-mlp-formats-'))
  blobs = generateBlobs({ rows: ROWS, features: FEATURES, classes: 3, separation: 6, seed: 11 })
})
afterAll(() => rm(dir, { recursive: true, force: true }))

/** The same blobs written as `name` in one of the formats the dataset readers know. */
async function blobsFile(name: string): Promise<string> {
  const path = join(dir, name)
  const rows = Array.from({ length: ROWS }, (_, r) => r)
  if (name.endsWith('.jsonl')) {
    // The label first and the features after it: keys, not positions, name the columns.
    const lines = rows.map((r) => JSON.stringify({ label: `c${blobs.y[r]}`, ...Object.fromEntries(names.map((n, j) => [n, value(r, j)])) }))
    await writeFile(path, `${lines.join('\n')}\n`)
  } else if (name.endsWith('.parquet')) {
    const columnData = [
      ...names.map((n, j) => ({ name: n, data: Float64Array.from(rows, (r) => value(r, j)), type: 'DOUBLE' as const })),
      { name: 'label', data: rows.map((r) => `c${blobs.y[r]}`), type: 'STRING' as const }
    ]
    await writeFile(path, Buffer.from(parquetWriteBuffer({ columnData, rowGroupSize: 150 })))
  } else {
    // Semicolons and decimal commas, as a German spreadsheet saves them.
    const lines = rows.map((r) => [...names.map((_, j) => String(value(r, j)).replace('.', ',')), `c${blobs.y[r]}`].join(';'))
    await writeFile(path, `${[...names, 'label'].join(';')}\n${lines.join('\n')}\n`)
  }
  return path
}

const config: Config = { 'data.target': 'label', 'data.batch_size': 32, 'model.hidden_size': 16, 'training.epochs': 4, 'optimizer.lr': 0.02, 'diagnostics.every': 0 }

describe('the mlp reads every table format through the dataset readers', () => {
  for (const name of ['blobs.jsonl', 'blobs.parquet', 'blobs-de.csv']) {
    it(`checks and learns ${name}`, async () => {
      const path = await blobsFile(name)
      expect(await mlpTrainer.checkDataset({ ...defaultConfig(mlpTrainer.info([])), ...config }, path)).toEqual([])
      const r = await trainRecorded(path, config)
      expect(r.outcome).toEqual({ status: 'finished' })
      // Three features and three classes, read as numbers: the blobs are learnt close to the best possible.
      expect(seriesOf(r, 'val/accuracy').at(-1)!.value).toBeGreaterThan(blobs.nearestCentreAccuracy - 0.06)
    })
  }

  it('refuses a plain text file for want of a target column', async () => {
    const path = join(dir, 'notes.txt')
    await writeFile(path, 'one line\nanother\n')
    expect(await mlpTrainer.checkDataset(defaultConfig(mlpTrainer.info([])), path)).toEqual([
      {
        field: 'dataset',
        message: 'notes.txt: needs at least two columns (features and a target), found 1',
        rule: 'common.inFile',
        values: { file: 'notes.txt', problem: { code: 'file.tooFewColumns', values: { count: 1 } } }
      }
    ])
  })
})
