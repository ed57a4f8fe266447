import { basename } from 'node:path'
import type { Config, DatasetVersion, FieldIssue, TrainerInfo } from '../../../../shared/api'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { fileAccessProblem } from '../../datasets/dataset-error'
import { splitSizes } from '../../datasets/versions/split'
import type { TrainerDefinition } from '../protocol'
import { readTextTable } from './data'
import { exportTextClassifier } from './export'
import { estimateTextClassifierMemory } from './memory'
import { textClassifierGroups, textClassifierParamSpecs } from './params'
import { crossFieldIssues } from './settings'

export const TEXT_CLASSIFIER_VERSION = '0.1.0'

const label = (en: string, zh: string) => ({ en, 'zh-CN': zh })

function info(providers: string[]): TrainerInfo {
  return {
    id: 'text-classifier',
    version: TEXT_CLASSIFIER_VERSION,
    label: label('Text classifier', '文本分类器'),
    description: label(
      'Classifies texts from a CSV or JSON Lines column: hashed word and character n-grams averaged in an embedding bag, then an MLP head, trained on onnxruntime.',
      '对 CSV 或 JSON Lines 列中的文本分类：词与字符 n-gram 经哈希后在嵌入袋中取平均，再接 MLP 分类头，在 onnxruntime 上训练。'
    ),
    datasetKinds: ['csv', 'jsonl'],
    groups: textClassifierGroups,
    params: textClassifierParamSpecs(providers),
    metrics: [
      { name: 'train/loss', label: label('Training loss', '训练损失'), goal: 'min' },
      { name: 'val/loss', label: label('Validation loss', '验证损失'), goal: 'min' },
      { name: 'val/accuracy', label: label('Validation accuracy', '验证准确率'), goal: 'max' },
      { name: 'train/accuracy', label: label('Training accuracy', '训练准确率'), goal: 'max' },
      { name: 'lr', label: label('Learning rate', '学习率') },
      { name: 'grad_norm/global', label: label('Global gradient norm', '全局梯度范数') }
    ]
  }
}

function issuesOf(err: unknown, path: string): FieldIssue[] {
  if (err instanceof AppError && err.details?.issues) return err.details.issues
  return [codedIssue('dataset', msg('dataset.pathProblem', { name: basename(path), problem: fileAccessProblem(err), path: path }))]
}

function partIssues(train: number, val: number, rows: number, config: Config, field: string): FieldIssue[] {
  if (train < 1 || val < 1) return [codedIssue(field, msg('trainer.splitEmptyRows', { rows, train, val }))]
  const batch = Number(config['data.batch_size'])
  return batch > train ? [codedIssue('data.batch_size', msg('trainer.batchTooLarge', { train, batch }))] : []
}

/** Reads the file once: the columns exist, labels are complete, two classes or more, both parts non-empty. */
async function checkDataset(config: Config, datasetPath: string): Promise<FieldIssue[]> {
  const cross = crossFieldIssues(config)
  if (cross.length) return cross
  try {
    const table = await readTextTable(datasetPath, String(config['data.text']).trim(), String(config['data.target']).trim())
    const classes = new Set(table.labels)
    if (classes.size < 2) return [codedIssue('data.target', msg('trainer.singleClassNamed', { column: String(config['data.target']), value: JSON.stringify([...classes][0]) }))]
    const { train, val } = splitSizes(table.labels.length, Number(config['data.val_fraction']))
    return partIssues(train, val, table.labels.length, config, 'data.val_fraction')
  } catch (err) {
    return issuesOf(err, datasetPath)
  }
}

/** A version for text classification with a hold-out split whose training part fits a batch. */
function checkVersion(config: Config, version: DatasetVersion): FieldIssue[] {
  const field = 'datasetVersionId'
  if (version.task !== 'text-classification') return [codedIssue(field, msg('trainer.textClassifierTask', { version: version.id, task: version.task }))]
  if (version.split.kind !== 'holdout') return [codedIssue(field, msg('trainer.textClassifierHoldout', { version: version.id, k: version.split.k }))]
  const [train, val] = [version.parts[0]?.rows ?? 0, version.parts[1]?.rows ?? 0]
  // The version's own text and label columns are what the trainer reads; data.text only stands in when it names none.
  const issues = crossFieldIssues({ ...config, 'data.text': version.text ?? config['data.text'], 'data.target': version.target ?? '' })
  return [...issues, ...partIssues(train, val, train + val, config, field)]
}

export const textClassifierTrainer: TrainerDefinition = { info, checkDataset, checkVersion, exportModel: exportTextClassifier, estimateMemory: estimateTextClassifierMemory }
