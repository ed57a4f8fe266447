import { basename } from 'node:path'
import type { Config, DatasetVersion, FieldIssue, TrainerInfo } from '../../../../shared/api'
import { AppError, codedIssue } from '../../../../shared/errors'
import { msg } from '../../../../shared/messages'
import { fileAccessProblem } from '../../datasets/dataset-error'
import { readMixedTable } from '../../datasets/readers/mixed'
import { classIndices } from '../../datasets/readers/numeric'
import { splitSizes } from '../../datasets/versions/split'
import { foldIssues } from '../../datasets/versions/version-data'
import { completeRows, firstMissing } from '../common/preprocess'
import type { TrainerDefinition } from '../protocol'
import { inferTask } from './data'
import { exportMlp } from './export'
import { estimateMlpMemory } from './memory'
import { mlpGroups, mlpParamSpecs } from './params'
import type { TaskSetting } from './data'

export const MLP_VERSION = '0.1.0'

function info(providers: string[]): TrainerInfo {
  return {
    id: 'mlp',
    version: MLP_VERSION,
    label: { en: 'MLP', 'zh-CN': 'MLP' },
    description: {
      en: 'A multilayer perceptron for classification or regression on tables of numeric and categorical columns (one-hot encoded, missing values filled), trained on onnxruntime with generated training graphs.',
      'zh-CN': '面向含数值列与类别列的表格（类别独热编码、缺失值填充）进行分类或回归的多层感知机，使用自动生成的训练图在 onnxruntime 上训练。'
    },
    datasetKinds: ['csv', 'tsv', 'jsonl', 'parquet'],
    groups: mlpGroups,
    params: mlpParamSpecs(providers),
    metrics: [
      { name: 'train/loss', label: { en: 'Training loss', 'zh-CN': '训练损失' }, goal: 'min' },
      { name: 'val/loss', label: { en: 'Validation loss', 'zh-CN': '验证损失' }, goal: 'min' },
      { name: 'val/accuracy', label: { en: 'Validation accuracy', 'zh-CN': '验证准确率' }, goal: 'max' },
      { name: 'train/accuracy', label: { en: 'Training accuracy', 'zh-CN': '训练准确率' }, goal: 'max' },
      { name: 'val/rmse', label: { en: 'Validation RMSE', 'zh-CN': '验证 RMSE' }, goal: 'min' },
      { name: 'val/r2', label: { en: 'Validation R²', 'zh-CN': '验证 R²' }, goal: 'max' },
      { name: 'lr', label: { en: 'Learning rate', 'zh-CN': '学习率' } },
      { name: 'grad_norm/global', label: { en: 'Global gradient norm', 'zh-CN': '全局梯度范数' } }
    ]
  }
}

async function checkDataset(config: Config, datasetPath: string): Promise<FieldIssue[]> {
  const target = typeof config['data.target'] === 'string' ? config['data.target'] : ''
  const valFraction = Number(config['data.val_fraction'] ?? 0.2)
  const batchSize = Number(config['data.batch_size'] ?? 32)
  try {
    const table = await readMixedTable(datasetPath, { target })
    const issues: FieldIssue[] = []
    const missing = config['data.missing'] ?? 'median'
    const at = missing === 'refuse' ? firstMissing(table.columns) : null
    if (at) issues.push(codedIssue('data.missing', msg('trainer.valueMissing', { where: table.where(at.row), column: at.column })))
    const rows = missing === 'drop_rows' ? completeRows(table.columns, table.rows).length : table.rows
    if (config['data.categorical'] === 'drop' && table.columns.every((c) => c.kind === 'categorical')) {
      issues.push(codedIssue('data.categorical', msg('trainer.noFeatureLeft')))
    }
    const task = inferTask(table.y, (config['data.task'] as TaskSetting | undefined) ?? 'auto')
    if (task === 'classification' && classIndices(table.y).classes.length < 2) {
      issues.push(codedIssue('data.target', msg('trainer.singleClass', { column: table.targetName })))
    }
    const bad = task === 'regression' ? table.y.find((v) => !Number.isFinite(Number(v)) || v.trim() === '') : undefined
    if (bad !== undefined) issues.push(codedIssue('data.task', msg('trainer.regressionNotNumeric', { column: table.targetName, value: JSON.stringify(bad) })))
    const metric = config['early_stopping.metric']
    const wrong = (metric === 'val/accuracy' && task === 'regression') || (metric === 'val/rmse' && task === 'classification')
    if (wrong && Number(config['early_stopping.patience'] ?? 0) > 0) {
      issues.push(codedIssue('early_stopping.metric', msg('trainer.metricNotMeasured', { metric: String(metric), task })))
    }
    const { train, val } = splitSizes(rows, valFraction)
    if (train < 1 || val < 1) {
      issues.push(codedIssue('data.val_fraction', msg('trainer.splitEmpty', { rows, fraction: valFraction, train, val })))
    } else if (batchSize > train) {
      issues.push(codedIssue('data.batch_size', msg('trainer.batchTooLarge', { train, batch: batchSize })))
    }
    return issues
  } catch (err) {
    if (err instanceof AppError && err.details?.issues) return err.details.issues
    return [codedIssue('dataset', msg('dataset.pathProblem', { name: basename(datasetPath), problem: fileAccessProblem(err), path: datasetPath }))]
  }
}

/** The mlp reads a version as classification or regression on its feature columns, hold-out or one k-fold fold. */
function checkVersion(config: Config, version: DatasetVersion): FieldIssue[] {
  const field = 'datasetVersionId'
  if (version.task !== 'classification' && version.task !== 'regression')
    return [codedIssue(field, msg('trainer.mlpTask', { version: version.id, task: version.task }))]
  const fold = Number(config['data.fold'] ?? 0)
  const issues: FieldIssue[] = foldIssues(version.split, fold)
  if (issues.length) return issues
  const rows = version.parts.reduce((n, p) => n + p.rows, 0)
  const train = version.split.kind === 'kfold' ? rows - (version.parts[fold]?.rows ?? 0) : (version.parts[0]?.rows ?? 0)
  const batchSize = Number(config['data.batch_size'] ?? 32)
  if (batchSize > train) issues.push(codedIssue('data.batch_size', msg('trainer.batchTooLarge', { train, batch: batchSize })))
  const metric = config['early_stopping.metric']
  const wrong = (metric === 'val/accuracy' && version.task === 'regression') || (metric === 'val/rmse' && version.task === 'classification')
  if (wrong && Number(config['early_stopping.patience'] ?? 0) > 0)
    issues.push(codedIssue('early_stopping.metric', msg('trainer.metricNotMeasured', { metric: String(metric), task: version.task })))
  return issues
}

export const mlpTrainer: TrainerDefinition = { info, checkDataset, checkVersion, exportModel: exportMlp, estimateMemory: estimateMlpMemory }
