import type { TrainContext } from '../protocol'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { holdOutParts, prepareTextData, readTextTable, readVersionTextTable, type TextData } from './data'
import type { NgramOptions } from './features'
import type { TextClassifierSpec } from './model'
import type { TextClassifierSettings } from './settings'

/** What the text classifier stores in its checkpoints so an export can rebuild the model and say how to feed it. */
export interface TextClassifierModelMeta {
  spec: TextClassifierSpec
  classes: string[]
  /** The hashing that turns a text into the model's ids (see features.ts). */
  ngrams: NgramOptions
}

/** The run's texts hashed and split: a dataset version's own columns and split, or a seeded hold-out of a file. */
export async function loadTextData(ctx: TrainContext, s: TextClassifierSettings): Promise<TextData> {
  const { version } = ctx.job
  const source = version
    ? await readVersionTextTable(version, s.text)
    : await (async () => {
      const table = await readTextTable(ctx.job.datasetPath, s.text, s.target)
      return { table, part: holdOutParts(table.labels.length, s.valFraction, s.seed) }
    })()
  const data = prepareTextData(source.table, source.part, s.ngrams)
  const { train, val } = data
  if (data.classes.length < 2 || train.rows < 1 || val.rows < 1) {
    const message = msg('trainer.partsAndClasses', { train: train.rows, val: val.rows, classes: data.classes.length })
    throw AppError.coded('DATASET_INVALID', message, { issues: [codedIssue('data.val_fraction', message)] })
  }
  if (s.batchSize > train.rows) {
    const problem = msg('trainer.batchTooLarge', { train: train.rows, batch: s.batchSize })
    throw AppError.coded('INVALID_CONFIG', msg('common.fieldIssue', { field: 'data.batch_size', problem }), { issues: [codedIssue('data.batch_size', problem)] })
  }
  return data
}
