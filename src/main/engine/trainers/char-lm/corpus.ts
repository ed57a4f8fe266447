import { codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { readFile } from 'node:fs/promises'
import { basename, extname } from 'node:path'
import type { Config, FieldIssue } from '../../../../shared/api'
import { datasetError } from '../../datasets/dataset-error'
import { assignParts } from '../../datasets/versions/part-split'
import { readRows } from '../../datasets/readers/read-rows'
import { splitSizes } from '../../datasets/versions/split'
import type { VersionSource } from '../../datasets/versions/version-data'

/** A text holds a character the vocabulary it must use lacks. */
export class CorpusVocabError extends Error {}

/** A text as character ids: the vocabulary (sorted code points) and the two parts. */
export interface Corpus {
  vocab: string[]
  train: Int32Array
  val: Int32Array
}

const TABLES = new Set(['.csv', '.tsv', '.tab', '.jsonl', '.ndjson', '.parquet', '.pq'])

/** The text of a plain file split at its end: the last `valFraction` of the characters validates. */
export async function readTextParts(path: string, valFraction: number): Promise<{ train: string; val: string }> {
  if (TABLES.has(extname(path).toLowerCase())) throw datasetError(path, msg('file.charModelTable', { file: basename(path) }))
  const chars = Array.from(await readFile(path, 'utf8'))
  const { train } = splitSizes(chars.length, valFraction)
  return { train: chars.slice(0, train).join(''), val: chars.slice(train).join('') }
}

/** A language-modelling version of a text file or of a table's text column: its rows go to the parts its split recorded, joined by line breaks. */
export async function readVersionTextParts(source: VersionSource): Promise<{ train: string; val: string }> {
  // A text file's lines, or the cells of a table's text column (a CSV of sentences), one per row.
  const column = source.format === 'text' ? 0 : source.text ? source.columns.indexOf(source.text) : -1
  if (source.task !== 'language-modelling' || column < 0)
    throw datasetError(source.path, msg('file.charModelVersion', { version: source.versionId, task: source.task, format: source.format }))
  const lines: string[] = []
  const shape = source.format === 'text' ? {} : { columns: source.columns }
  for await (const row of readRows(source.path, source.format, shape)) lines.push(row[column] ?? '')
  const part = assignParts(lines.length, source.split)
  const join = (p: number) => lines.filter((_, i) => part[i] === p).join('\n')
  return { train: join(0), val: join(1) }
}

/**
 * Character ids of both parts over the text's own sorted characters, or over `given` (the
 * vocabulary of the checkpoint a run starts from), which then must hold every character.
 */
export function buildCorpus(parts: { train: string; val: string }, given?: { vocab: string[]; from: string }): Corpus {
  const vocab = given?.vocab ?? [...new Set([...parts.train, ...parts.val])].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!)
  const index = new Map(vocab.map((c, i) => [c, i]))
  if (given) {
    const unknown = [...parts.train, ...parts.val].find((c) => !index.has(c))
    if (unknown !== undefined) throw new CorpusVocabError(`the character ${JSON.stringify(unknown)} is not in the ${vocab.length}-character vocabulary of ${given.from}`)
  }
  const ids = (text: string) => Int32Array.from(text, (c) => index.get(c)!)
  return { vocab, train: ids(parts.train), val: ids(parts.val) }
}

/** Ids of a prompt, or the first character a missing one names. */
export function encodePrompt(prompt: string, vocab: string[]): { ids: number[]; unknown?: string } {
  const index = new Map(vocab.map((c, i) => [c, i]))
  const ids: number[] = []
  for (const c of prompt) {
    const id = index.get(c)
    if (id === undefined) return { ids, unknown: c }
    ids.push(id)
  }
  return { ids }
}

/** Each part must hold a window of context + 1 characters (the inputs and their next characters). */
export function partIssues(train: number, val: number, config: Config, field: string): FieldIssue[] {
  const need = Number(config['model.context']) + 1
  if (train >= need && val >= need) return []
  return [codedIssue(field, msg('trainer.charParts', { train, val, need }))]
}
