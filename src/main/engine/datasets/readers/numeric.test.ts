import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors'
import { parquetWriteBuffer } from 'hyparquet-writer'
import { classIndices, readNumericTable } from './numeric'

async function tempFile(name: string, text: string | Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-csv-'))
  const path = join(dir, name)
  await writeFile(path, text)
  return path
}

describe('readNumericTable', () => {
  it('splits features and the target (last column by default or named)', async () => {
    const path = await tempFile('t.csv', 'x1,label,x2\n1,0,2\n-3.5e1,1, 4 \n')
    const last = await readNumericTable(path)
    expect(last.targetName).toBe('x2')
    expect(last.y).toEqual(['2', '4'])
    const named = await readNumericTable(path, { target: 'label' })
    expect(named.featureNames).toEqual(['x1', 'x2'])
    expect(Array.from(named.x)).toEqual([1, 2, -35, 4])
    expect(named.y).toEqual(['0', '1'])
  })

  it('reports a non-numeric cell with its line and column, on the dataset field', async () => {
    const path = await tempFile('bad.csv', 'a,b,label\n1,2,x\n3,abc,y\n')
    const err = await readNumericTable(path).catch((e: AppError) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toBe('bad.csv: line 3, column 2 ("b"): "abc" is not a number')
    expect((err as AppError).details?.issues?.[0].field).toBe('dataset')
    const empty = await tempFile('empty.csv', 'a,b,c\n1,,0\n')
    await expect(readNumericTable(empty)).rejects.toThrow(/line 2, column 2 \("b"\): an empty value is not a number/)
    const noTarget = await tempFile('no-target.csv', 'a,b\n1, \n')
    await expect(readNumericTable(noTarget)).rejects.toThrow(/line 2, column 2 \("b"\): the target is empty/)
  })

  it('reports a missing target column and a missing file', async () => {
    const path = await tempFile('t.csv', 'a,b\n1,2\n')
    const err = (await readNumericTable(path, { target: 'y' }).catch((e: AppError) => e)) as AppError
    expect(err.details?.issues?.[0]).toMatchObject({ field: 'data.target', message: expect.stringMatching(/"y" is not in the header.*a, b/) })
    await expect(readNumericTable(join(tmpdir(), 'no-such-file-paramscope.csv'))).rejects.toThrow(/does not exist/)
  })

  it('reads TSV, JSON Lines and Parquet through the dataset readers, not as CSV', async () => {
    const tsv = await readNumericTable(await tempFile('t.tsv', 'a\tb\tlabel\n1\t2\tx\n3\t4\ty\n'))
    expect([tsv.featureNames, Array.from(tsv.x), tsv.y]).toEqual([['a', 'b'], [1, 2, 3, 4], ['x', 'y']])
    // Keys in any order, a boolean feature, a key that first appears late.
    const jsonl = await readNumericTable(await tempFile('t.jsonl', '{"a": 1, "b": true, "label": "x"}\n\n{"label": "y", "b": false, "a": 2.5}\n'), { target: 'label' })
    expect([jsonl.featureNames, Array.from(jsonl.x), jsonl.y]).toEqual([['a', 'b'], [1, 1, 2.5, 0], ['x', 'y']])
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'a', data: Float64Array.from([0.5, 1.5, 2.5]), type: 'DOUBLE' },
        { name: 'label', data: ['p', 'q', 'p'], type: 'STRING' }
      ]
    })
    const parquet = await readNumericTable(await tempFile('t.parquet', Buffer.from(buffer)))
    expect([parquet.featureNames, Array.from(parquet.x), parquet.y]).toEqual([['a'], [0.5, 1.5, 2.5], ['p', 'q', 'p']])
  })

  it('names the line of a bad JSON Lines cell and the row of a bad Parquet cell', async () => {
    const jsonl = await tempFile('bad.jsonl', '{"a": 1, "label": "x"}\n\n{"a": "high", "label": "y"}\n')
    await expect(readNumericTable(jsonl)).rejects.toThrow('bad.jsonl: line 3, "a": "high" is not a number')
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'a', data: ['1', '2', 'n/a?'], type: 'STRING' },
        { name: 'label', data: ['p', 'q', 'p'], type: 'STRING' }
      ]
    })
    const parquet = await tempFile('bad.parquet', Buffer.from(buffer))
    await expect(readNumericTable(parquet)).rejects.toThrow('bad.parquet: row 3, column "a": "n/a?" is not a number')
  })

  it('reads numbers written with a decimal comma in a semicolon-separated file', async () => {
    const path = await tempFile('de.csv', 'breite;gewicht;klasse\n3,14;1.234,5;a\n-0,5;2;b\n')
    const table = await readNumericTable(path)
    expect(Array.from(table.x)).toEqual([3.14, 1234.5, -0.5, 2])
    expect(table.y).toEqual(['a', 'b'])
  })

  it('refuses a header without rows', async () => {
    await expect(readNumericTable(await tempFile('head.csv', 'a,b,label\n'))).rejects.toThrow(/head\.csv: the file holds a header row \(a, b, label\) and no data rows/)
  })

  it('maps target values to sorted class indices, numerically when they are numbers', () => {
    const { classes, labels } = classIndices(['5', '10', '5', '9'])
    expect(classes).toEqual(['5', '9', '10'])
    expect(Array.from(labels)).toEqual([0n, 2n, 0n, 1n])
    const named = classIndices(['setosa', 'virginica', 'setosa'])
    expect(named.classes).toEqual(['setosa', 'virginica'])
    expect(Array.from(named.labels)).toEqual([0n, 1n, 0n])
  })
})
