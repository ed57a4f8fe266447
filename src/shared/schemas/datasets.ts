import { z } from 'zod'
import { CodedMessage } from './messages'
import { Id } from './runs'

export const datasetFormats = ['csv', 'tsv', 'jsonl', 'text', 'parquet'] as const
export const DatasetFormat = z.enum(datasetFormats)
export type DatasetFormat = z.infer<typeof DatasetFormat>

export const ColumnType = z.enum(['number', 'integer', 'boolean', 'categorical', 'text', 'empty'])
export type ColumnType = z.infer<typeof ColumnType>

export const Histogram = z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) })

/** What import learned about one column, stored so reopening a dataset is instant. */
export const ColumnProfile = z.object({
  name: z.string(),
  type: ColumnType,
  missing: z.number().int(),
  /** Distinct values, exact up to a cap (then `distinctCapped`). */
  distinct: z.number().int(),
  distinctCapped: z.boolean(),
  numeric: z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number(), histogram: Histogram }).optional(),
  /** Most frequent values of categorical and boolean columns. */
  top: z.array(z.object({ value: z.string(), count: z.number().int() })).optional(),
  /** Length in characters of text values. */
  textLength: z.object({ min: z.number(), max: z.number(), mean: z.number(), histogram: Histogram }).optional()
})
export type ColumnProfile = z.infer<typeof ColumnProfile>

/** A plain-text file read as one corpus, what a language model sees. */
export const CorpusProfile = z.object({
  /** Characters (UTF-16 code units) excluding line breaks. */
  chars: z.number().int(),
  lines: z.number().int(),
  blankLines: z.number().int(),
  /** Whitespace-separated words. */
  words: z.number().int(),
  /** Distinct characters (code points): the vocabulary of a character-level model. */
  charVocabulary: z.number().int(),
  /** Distinct words, exact up to a cap (then `wordVocabularyCapped`). */
  wordVocabulary: z.number().int(),
  wordVocabularyCapped: z.boolean()
})
export type CorpusProfile = z.infer<typeof CorpusProfile>

export const DatasetProfile = z.object({
  rows: z.number().int(),
  columns: z.array(ColumnProfile),
  /** CSV/TSV reading choices that were detected. */
  delimiter: z.string().optional(),
  hasHeader: z.boolean().optional(),
  hadBom: z.boolean().optional(),
  /** Semicolon-separated numbers written with a decimal comma (`3,14`), read as numbers. */
  decimalComma: z.boolean().optional(),
  /** The first rows as text, for the preview table. */
  preview: z.array(z.array(z.string())),
  /** Plain-text files only: the whole file as one corpus. */
  corpus: CorpusProfile.optional()
})
export type DatasetProfile = z.infer<typeof DatasetProfile>

/** `ok`: the file is as imported; `changed`: size, time or content differ; `missing`: gone. */
export const DatasetStatus = z.enum(['ok', 'changed', 'missing'])

export const Dataset = z.object({
  id: Id,
  name: z.string(),
  path: z.string(),
  format: DatasetFormat,
  size: z.number().int(),
  mtimeMs: z.number(),
  sha256: z.string(),
  /** True when the file was copied into the app's library (then `path` points there). */
  copied: z.boolean(),
  status: DatasetStatus,
  rows: z.number().int(),
  columns: z.number().int(),
  createdAt: z.number(),
  /** Saved versions (roles and split) of this dataset. */
  versionCount: z.number().int(),
  /** Where the file came from: registered in place, copied into the library, or uploaded by a browser (its own path unknown). */
  origin: z.enum(['file', 'copy', 'upload'])
})
export type Dataset = z.infer<typeof Dataset>

/** The sample datasets that ship with the app (resources/samples), importable by name. */
export const sampleNames = ['classification.csv', 'regression.csv', 'topics.jsonl', 'grammar.txt', 'grammar-swapped.txt', 'ishigami-saltelli.csv'] as const
export const SampleName = z.enum(sampleNames)
export type SampleName = z.infer<typeof SampleName>

export const tasks = ['classification', 'regression', 'text-classification', 'language-modelling'] as const
export const Task = z.enum(tasks)
export type Task = z.infer<typeof Task>

export const Split = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('holdout'), valFraction: z.number().gt(0).lt(1), stratify: z.boolean(), seed: z.number().int().min(0) }),
  z.object({ kind: z.literal('kfold'), k: z.number().int().min(2).max(100), stratify: z.boolean(), seed: z.number().int().min(0) })
])
export type Split = z.infer<typeof Split>

/** Roles and a split over a dataset: what runs reference and trainers read through. */
export const DatasetVersion = z.object({
  id: Id,
  datasetId: Id,
  task: Task,
  target: z.string().nullable(),
  features: z.array(z.string()),
  text: z.string().nullable(),
  ignored: z.array(z.string()),
  split: Split,
  /** Rows per part (holdout: [train, val]; k-fold: one size per fold), and per class when stratified. */
  parts: z.array(z.object({ name: z.string(), rows: z.number().int(), classes: z.record(z.string(), z.number().int()).optional() })),
  createdAt: z.number()
})
export type DatasetVersion = z.infer<typeof DatasetVersion>

export const DatasetDetail = Dataset.extend({ profile: DatasetProfile, versions: z.array(DatasetVersion) })
export type DatasetDetail = z.infer<typeof DatasetDetail>

/** Progress of one queued or running import. */
export const ImportProgress = z.object({
  importId: z.string(),
  /** The file as the user named it (an upload's own name), never the name it is staged under. */
  name: z.string(),
  path: z.string(),
  state: z.enum(['queued', 'reading', 'done', 'failed', 'cancelled']),
  bytesRead: z.number(),
  totalBytes: z.number(),
  rows: z.number().int(),
  mbPerSecond: z.number(),
  datasetId: Id.optional(),
  error: z.string().optional(),
  /** `error` as a code and values (shared/messages), for the reader's language. */
  errorMessage: CodedMessage.optional()
})
export type ImportProgress = z.infer<typeof ImportProgress>

/** A file in the library's uploads folder that no dataset references and no import is reading. */
export const LeftoverFile = z.object({ name: z.string(), bytes: z.number().int(), modifiedAt: z.number() })
export type LeftoverFile = z.infer<typeof LeftoverFile>
