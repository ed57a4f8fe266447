import { AppError, issueMessage } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { datasetError } from '../../datasets/dataset-error'
import { readCheckpointMeta } from '../../onnx/checkpoint'
import type { TransformerSpec } from '../../onnx/transformer'
import type { TrainingMeta } from '../common/checkpoints'
import type { TrainContext } from '../protocol'
import { buildCorpus, CorpusVocabError, partIssues, readTextParts, readVersionTextParts, type Corpus } from './corpus'
import type { CharLmSettings } from './settings'

/** What char-lm stores in its checkpoints: the model's sizes and the characters its ids stand for. */
export interface CharLmModelMeta {
  spec: TransformerSpec
  vocab: string[]
}

/**
 * The run's text as ids. A run that resumes, or starts from another run, keeps that checkpoint's
 * vocabulary (the embedding rows are its characters), so the text may use only those characters.
 */
export async function readCorpus(ctx: TrainContext, s: CharLmSettings): Promise<Corpus> {
  const { version, datasetPath, resume, startFrom } = ctx.job
  const parts = version ? await readVersionTextParts(version) : await readTextParts(datasetPath, s.valFraction)
  const checkpoint = resume ?? startFrom?.checkpoint
  const given = checkpoint ? { vocab: readCheckpointMeta<TrainingMeta<CharLmModelMeta>>(checkpoint).meta.model.vocab, from: resume ? 'this run' : `run ${startFrom!.runId}` } : undefined
  let corpus: Corpus
  try {
    corpus = buildCorpus(parts, given)
  } catch (err) {
    if (!(err instanceof CorpusVocabError)) throw err
    const field = 'finetune.from_run'
    throw new AppError('INVALID_CONFIG', `${field}: ${err.message}`, { issues: [{ field, message: err.message }] })
  }
  const issues = partIssues(corpus.train.length, corpus.val.length, { 'model.context': s.context }, 'data.val_fraction')
  if (issues.length) throw datasetError(datasetPath, issueMessage(issues[0]!))
  if (corpus.vocab.length < 2) throw datasetError(datasetPath, msg('file.fewCharacters', { count: corpus.vocab.length }))
  return corpus
}
