/** English words of run imports (Optuna, MLflow, W&B, CSV, JSON lines) and table exports. zh-CN mirrors this shape in imports-zh-CN.ts. */
export const importsEn = {
  notFound: '{file}: no such file or folder',
  unknownKind: '{file}: cannot tell which tool wrote it; name one of optuna, mlflow, wandb, csv or jsonl ("Written by" in the window, --kind on the command line)',
  badKind: '--kind {value}: expected one of optuna, mlflow, wandb, csv, jsonl',
  notSqlite: '{file}: not a SQLite database',
  missingTable: '{file}: not {tool} storage: it has no {table} table',
  noStudy: '{file}: no study named "{study}" (studies: {studies})',
  noRuns: '{file}: holds no runs to import',
  badJson: '{file} line {line}: not JSON ({reason})',
  badField: '{file} line {line}: {field} is missing or has the wrong type',
  badDistribution: '{file}: parameter {param}: distribution {distribution} is not one ParamScope reads',
  badMetricLine: '{file} line {line}: expected "timestamp value step", got "{text}"',
  badYaml: '{file} line {line}: expected "key: value", got "{text}"',
  missingColumn: '{file}: no column "{column}" (columns: {columns})',
  badNumber: '{file} line {line}: {field} "{value}" is not a number',
  badDate: '{file} line {line}: {field} "{value}" is not a date',
  badStatus: '{file} line {line}: status "{value}" is not one of {allowed}',
  duplicateRun: '{file} line {line}: run "{run}" appears twice',
  unknownRun: '{file} line {line}: the series names run "{run}", which no row defines',
  summary: '{imported} runs imported into experiment "{experiment}"; {skipped} imported before were skipped',
  /** The description of an experiment an import makes. */
  description: 'Imported from {kind}: {file}',
  reasons: {
    pruned: 'Pruned in {tool} at step {step}',
    wasRunning: 'Still {state} in {tool} when it was imported'
  },
  export: {
    badFormat: '--format {value}: expected one of csv, json, md, tex',
    needsScope: 'runs export needs --experiment NAME or --study ID',
    noStudy: 'no study {value}'
  }
}
