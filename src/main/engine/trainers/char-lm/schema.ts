import { basename } from 'node:path'
import type { Config, DatasetVersion, FieldIssue, TrainerInfo } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
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
    if (corpus.vocab.length < 2) return [{ field: 'dataset', message: `${basename(datasetPath)} uses ${corpus.vocab.length} distinct character(s); a language model needs two or more` }]
    const issues = partIssues(corpus.train.length, corpus.val.length, config, 'data.val_fraction')
    const unknown = encodePrompt(String(config['sample.prompt'] ?? ''), corpus.vocab).unknown
    if (unknown !== undefined) issues.push({ field: 'sample.prompt', message: `the character ${JSON.stringify(unknown)} does not occur in ${basename(datasetPath)}` })
    return issues
  } catch (err) {
    if (err instanceof AppError && err.details?.issues) return err.details.issues
    const code = (err as NodeJS.ErrnoException).code
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a folder, not a file' : 'cannot be read'
    return [{ field: 'dataset', message: `${basename(datasetPath)} ${why} (${datasetPath})` }]
  }
}

/** Language-modelling versions of a text file with a hold-out split of lines. */
function checkVersion(config: Config, version: DatasetVersion): FieldIssue[] {
  const field = 'datasetVersionId'
  if (version.task !== 'language-modelling') return [{ field, message: `the character model learns language-modelling; version ${version.id} is for ${version.task}` }]
  if (version.split.kind !== 'holdout') return [{ field, message: `the character model needs a hold-out split; version ${version.id} has ${version.split.k} folds` }]
  return crossFieldIssues(config)
}

export const charLmTrainer: TrainerDefinition = { info, checkDataset, checkVersion, exportModel: exportCharLm, estimateMemory: estimateCharLmMemory }
