/** The character model's text from a language-modelling dataset version: a text file's lines or a table's text column. */
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { VersionSource } from '../../datasets/versions/version-data'
import { readVersionTextParts } from './corpus'

const split = { kind: 'holdout', valFraction: 0.25, stratify: false, seed: 1 } as const
const sentences = Array.from({ length: 8 }, (_, i) => `sentence number ${i}, with a comma`)

describe('readVersionTextParts', () => {
  it('reads the text column of a CSV version as it reads the lines of a text file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'char-lm-corpus-'))
    const csv = join(dir, 'texts.csv')
    await writeFile(csv, `id,sentence\n${sentences.map((s, i) => `${i},"${s}"`).join('\n')}\n`)
    const txt = join(dir, 'texts.txt')
    await writeFile(txt, `${sentences.join('\n')}\n`)
    const base = { versionId: 1, task: 'language-modelling', target: null, features: [], split } satisfies Partial<VersionSource>
    const fromTable = await readVersionTextParts({ ...base, path: csv, format: 'csv', columns: ['id', 'sentence'], text: 'sentence' })
    const fromText = await readVersionTextParts({ ...base, path: txt, format: 'text', columns: ['text'], text: 'text' })
    expect(fromTable).toEqual(fromText)
    const lines = [...fromTable.train.split('\n'), ...fromTable.val.split('\n')]
    expect(lines.sort()).toEqual([...sentences].sort())
    expect(fromTable.val.split('\n')).toHaveLength(2)
  })

  it('refuses a table version without a text column, naming the version', async () => {
    const source: VersionSource = {
      versionId: 7, path: '/nowhere/t.csv', format: 'csv', columns: ['a', 'b'], task: 'language-modelling', target: null, features: [], text: null, split
    }
    await expect(readVersionTextParts(source)).rejects.toThrow(/dataset version 7/)
  })
})
