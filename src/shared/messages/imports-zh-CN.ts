import type { importsEn } from './imports-en'

/** 导入运行（Optuna、MLflow、W&B、CSV、JSON lines）与导出表格的中文文字。 */
export const importsZhCN: typeof importsEn = {
  notFound: '{file}：没有这个文件或文件夹',
  unknownKind: '{file}：无法判断是哪个工具写的；请指定 optuna、mlflow、wandb、csv 或 jsonl（窗口中的“来源工具”，命令行的 --kind）',
  badKind: '--kind {value}：应为 optuna、mlflow、wandb、csv、jsonl 之一',
  notSqlite: '{file}：不是 SQLite 数据库',
  missingTable: '{file}：不是 {tool} 的存储：没有 {table} 表',
  noStudy: '{file}：没有名为“{study}”的 study（现有：{studies}）',
  noRuns: '{file}：没有可导入的运行',
  badJson: '{file} 第 {line} 行：不是 JSON（{reason}）',
  badField: '{file} 第 {line} 行：{field} 缺失或类型不对',
  badDistribution: '{file}：参数 {param}：ParamScope 不认识分布 {distribution}',
  badMetricLine: '{file} 第 {line} 行：应为“timestamp value step”，实际是“{text}”',
  badYaml: '{file} 第 {line} 行：应为“key: value”，实际是“{text}”',
  missingColumn: '{file}：没有“{column}”列（现有列：{columns}）',
  badNumber: '{file} 第 {line} 行：{field}“{value}”不是数字',
  badDate: '{file} 第 {line} 行：{field}“{value}”不是日期',
  badStatus: '{file} 第 {line} 行：状态“{value}”不在 {allowed} 之中',
  duplicateRun: '{file} 第 {line} 行：运行“{run}”出现了两次',
  unknownRun: '{file} 第 {line} 行：序列指向运行“{run}”，但没有哪一行定义了它',
  summary: '已导入 {imported} 个运行到实验“{experiment}”；跳过之前已导入的 {skipped} 个',
  description: '从 {kind} 导入：{file}',
  reasons: {
    pruned: '在 {tool} 中于第 {step} 步被剪枝',
    wasRunning: '导入时在 {tool} 中仍为 {state}'
  },
  export: {
    badFormat: '--format {value}：应为 csv、json、md、tex 之一',
    needsScope: 'runs export 需要 --experiment NAME 或 --study ID',
    noStudy: '没有 study {value}'
  }
}
