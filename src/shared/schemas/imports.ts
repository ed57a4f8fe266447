import { z } from 'zod'
import { Id } from './runs'

export const ImportKind = z.enum(['optuna', 'mlflow', 'wandb', 'csv', 'jsonl'])

export const RunsImportInput = z
  .object({
    /** A file or folder on the engine's machine: Optuna storage, MLflow store, W&B CSV, CSV or JSON lines. */
    path: z.string().min(1),
    /** The tool that wrote it; told from the file when absent. */
    kind: ImportKind.optional(),
    /** The experiment the runs go to (made when missing); else the source's study or experiment name. */
    experiment: z.string().min(1).max(200).optional(),
    /** Only this study of an Optuna storage. */
    study: z.string().min(1).optional(),
    /** CSV only: a JSON-lines file of series points for the rows' runs. */
    series: z.string().min(1).optional(),
    /** CSV only: header → role (`params.<key>`, `metrics.<name>`, `name`, `status`, `tags`, `notes`, `created`, `skip`). */
    columns: z.record(z.string(), z.string()).optional(),
    /** The language of the text the import writes (a new experiment's description). */
    lang: z.enum(['en', 'zh-CN']).default('en')
  })
  .strict()

export const RunsImport = z.object({
  kind: ImportKind,
  /** The absolute path that was read. */
  path: z.string(),
  experiments: z.array(z.object({ id: Id, name: z.string() })),
  imported: z.number().int(),
  /** Runs of the source brought in by an earlier import: left as they are. */
  skipped: z.number().int(),
  runIds: z.array(Id)
})
export type RunsImport = z.infer<typeof RunsImport>
