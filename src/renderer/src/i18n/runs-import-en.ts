/** The runs import panel on the experiments page: runs from MLflow, Optuna, W&B, CSV or JSON lines. */
const runsImportEn = {
  button: 'Import runs…',
  help: 'Bring in runs tracked with Optuna, MLflow or W&B, or listed in a CSV or JSON-lines file',
  title: 'Import runs',
  path: 'Source',
  pathHint:
    'A file or folder on the engine’s machine: an Optuna storage (.db SQLite or journal .log), an MLflow tracking database (mlflow.db) or mlruns folder, a W&B CSV export, or a CSV or JSON-lines file.',
  pathRequired: 'Name the file or folder to import',
  browse: 'Choose…',
  pickTitle: 'Runs to import',
  kind: 'Written by',
  kinds: {
    auto: 'Tell from the file',
    optuna: 'Optuna',
    mlflow: 'MLflow',
    wandb: 'W&B (CSV export)',
    csv: 'CSV',
    jsonl: 'JSON lines'
  },
  experiment: 'Experiment',
  experimentPlaceholder: 'Empty: the source’s own study or experiment name',
  experimentHint: 'Made when there is none of that name yet.',
  study: 'Optuna study',
  studyPlaceholder: 'Empty: every study',
  studyHint: 'Optuna only: import just this study.',
  submit: 'Import',
  importing: 'Importing…',
  close: 'Close',
  imported: 'No new runs for {names}. | Imported {count} run into {names}. | Imported {count} runs into {names}.',
  skipped: '{count} run was imported before and left as it is. | {count} runs were imported before and left as they are.',
  nameSeparator: ', ',
  openExperiment: 'Open {name}',
  openTable: 'Open in the runs table'
}
export default runsImportEn
