import type runsImportEn from './runs-import-en'

const runsImportZhCN: typeof runsImportEn = {
  button: '导入运行…',
  help: '导入用 Optuna、MLflow 或 W&B 记录的运行，或 CSV、JSON Lines 文件中列出的运行',
  title: '导入运行',
  path: '来源',
  pathHint:
    '引擎所在机器上的文件或文件夹：Optuna 存储（.db SQLite 或 journal .log）、MLflow 跟踪数据库（mlflow.db）或 mlruns 文件夹、W&B 导出的 CSV，或者 CSV、JSON Lines 文件。',
  pathRequired: '请填写要导入的文件或文件夹',
  browse: '选择…',
  pickTitle: '要导入的运行',
  kind: '来源工具',
  kinds: {
    auto: '根据文件判断',
    optuna: 'Optuna',
    mlflow: 'MLflow',
    wandb: 'W&B（CSV 导出）',
    csv: 'CSV',
    jsonl: 'JSON Lines'
  },
  experiment: '实验',
  experimentPlaceholder: '留空则使用来源中的研究或实验名称',
  experimentHint: '若尚无同名实验，将自动创建。',
  study: 'Optuna 研究',
  studyPlaceholder: '留空则导入全部研究',
  studyHint: '仅适用于 Optuna：只导入这一项研究。',
  submit: '导入',
  importing: '正在导入…',
  close: '关闭',
  imported: '{names} 没有新的运行。 | 已将 {count} 个运行导入 {names}。 | 已将 {count} 个运行导入 {names}。',
  skipped: '另有 {count} 个运行此前已导入，保持不变。',
  nameSeparator: '、',
  openExperiment: '打开 {name}',
  openTable: '在运行表格中打开'
}
export default runsImportZhCN
