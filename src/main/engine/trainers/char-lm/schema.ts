import { basename } from 'node:path'
import type { Config, DatasetVersion, FieldIssue, TrainerInfo } from '../../../../shared/api'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { fileAccessProblem } from '../../datasets/dataset-error'
import type { TrainerDefinition } from '../protocol'
import { buildCorpus, encodePrompt, partIssues, readTextParts } from './corpus'
import { exportCharLm } from './export'
import { estimateCharLmMemory } from './memory'
import { charLmGroups, charLmParamSpecs } from './params'
import { crossFieldIssues } from './settings'

/** 0.2.0: the LoRA init, the LoRA dropout masks and the sample draw from the shared seed streams (common/seeds.ts). */
export const CHAR_LM_VERSION = '0.2.0'

const label = (en: string, zh: string) => ({ en, 'zh-CN': zh })

function info(providers: string[]): TrainerInfo {
  return {
    id: 'char-lm',
    version: CHAR_LM_VERSION,
    label: label('Character language model', '字符级语言模型'),
    description: label(
      'A small causal transformer that learns to continue a plain text file character by character, trained on onnxruntime; ends with a generated sample.',
      '一个小型因果 Transformer，逐字符学习续写纯文本文件，在 onnxruntime 上训练；结束时生成一段样例文本。'
    ),
    datasetKinds: ['text'],
    groups: charLmGroups,
    params: charLmParamSpecs(providers),
    metrics: [
      { name: 'train/loss', label: label('Training loss', '训练损失'), goal: 'min' },
      { name: 'val/loss', label: label('Validation loss', '验证损失'), goal: 'min' },
      { name: 'val/perplexity', label: label('Validation perplexity', '验证困惑度'), goal: 'min' },
      { name: 'lr', label: label('Learning rate', '学习率') },
      { name: 'grad_norm/global', label: label('Global gradient norm', '全局梯度范数') }
    ]
  }
}

async function checkDataset(config: Config, datasetPath: string): Promise<FieldIssue[]> {
  const cross = crossFieldIssues(config)
  if (cross.length) return cross
  try {
    const corpus = buildCorpus(await readTextParts(datasetPath, Number(config['data.val_fraction'])))
    if (corpus.vocab.length < 2) return [codedIssue('dataset', msg('trainer.fewCharactersIn', { file: basename(datasetPath), count: corpus.vocab.length }))]
    const issues = partIssues(corpus.train.length, corpus.val.length, config, 'data.val_fraction')
    const unknown = encodePrompt(String(config['sample.prompt'] ?? ''), corpus.vocab).unknown
    if (unknown !== undefined) issues.push(codedIssue('sample.prompt', msg('trainer.promptCharacterIn', { char: JSON.stringify(unknown), file: basename(datasetPath) })))
    return issues
  } catch (err) {
    if (err instanceof AppError && err.details?.issues) return err.details.issues
    return [codedIssue('dataset', msg('dataset.pathProblem', { name: basename(datasetPath), problem: fileAccessProblem(err), path: datasetPath }))]
  }
}

/** Language-modelling versions of a text file with a hold-out split of lines. */
function checkVersion(config: Config, version: DatasetVersion): FieldIssue[] {
  const field = 'datasetVersionId'
  if (version.task !== 'language-modelling') return [codedIssue(field, msg('trainer.charLmTask', { version: version.id, task: version.task }))]
  if (version.split.kind !== 'holdout') return [codedIssue(field, msg('trainer.charLmHoldout', { version: version.id, k: version.split.k }))]
  return crossFieldIssues(config)
}

export const charLmTrainer: TrainerDefinition = { info, checkDataset, checkVersion, exportModel: exportCharLm, estimateMemory: estimateCharLmMemory }
