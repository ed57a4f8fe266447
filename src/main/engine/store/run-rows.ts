import { AppError } from '../../../shared/errors'
import type { Config } from '../../../shared/schemas/params'
import { type Run, type RunStatus, runStatuses, type StatusReason } from '../../../shared/schemas/runs'

/** A `runs` row as SQLite returns it, with its tags gathered as a JSON array. */
export interface RunRow {
  id: number
  experiment_id: number
  name: string
  trainer: string
  trainer_version: string
  engine_version: string
  config_json: string
  dataset_path: string | null
  dataset_hash: string | null
  dataset_version_id: number | null
  status: string
  status_message: string | null
  status_reason_json: string | null
  created_at: number
  started_at: number | null
  ended_at: number | null
  exit_code: number | null
  exit_signal: string | null
  provider: string | null
  device: string | null
  seed: number | null
  step: number
  total_steps: number | null
  notes: string
  owner_pid: number | null
  owner_start: string | null
  owner_instance: string | null
  trainer_pid: number | null
  trainer_start: string | null
  source: string | null
  tags_json: string
}

/** Every column plus the run's tags in the order the user gave them. */
export const selectRuns = `
  SELECT r.*,
    (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags t WHERE t.run_id = r.id ORDER BY position)) AS tags_json
  FROM runs r`

export function toRun(row: RunRow): Run {
  return {
    id: row.id,
    experimentId: row.experiment_id,
    name: row.name,
    trainer: row.trainer,
    trainerVersion: row.trainer_version,
    engineVersion: row.engine_version,
    config: JSON.parse(row.config_json) as Config,
    datasetPath: row.dataset_path,
    datasetHash: row.dataset_hash,
    datasetVersionId: row.dataset_version_id,
    status: row.status as RunStatus,
    statusMessage: row.status_message,
    statusReason: row.status_reason_json === null ? null : (JSON.parse(row.status_reason_json) as StatusReason),
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    exitCode: row.exit_code,
    exitSignal: row.exit_signal,
    provider: row.provider,
    device: row.device,
    seed: row.seed,
    step: row.step,
    totalSteps: row.total_steps,
    notes: row.notes,
    tags: JSON.parse(row.tags_json) as string[],
    source: row.source
  }
}

/** Named parameters of the full-row UPDATE, from a run merged with its patch. */
export function toUpdateParams(run: Run): Record<string, string | number | null> {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    status_message: run.statusMessage,
    status_reason_json: run.statusReason ? JSON.stringify(run.statusReason) : null,
    started_at: run.startedAt,
    ended_at: run.endedAt,
    exit_code: run.exitCode,
    exit_signal: run.exitSignal,
    provider: run.provider,
    device: run.device,
    seed: run.seed,
    step: run.step,
    total_steps: run.totalSteps,
    notes: run.notes
  }
}

export function assertStatus(status: string): asserts status is RunStatus {
  if (!(runStatuses as readonly string[]).includes(status)) {
    const message = `"${status}" is not one of ${runStatuses.join(', ')}`
    throw AppError.fromIssues('INVALID_INPUT', [{ field: 'status', message }])
  }
}
