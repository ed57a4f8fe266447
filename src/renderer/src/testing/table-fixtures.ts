import type { RunsTable, TableRow } from '../../../shared/api'

/** A row as runs.table returns it, with a metric summary per named last value. */
export function tableRow(id: number, params: TableRow['params'], last: Record<string, number | null>, overrides: Partial<TableRow> = {}): TableRow {
  const metrics: TableRow['metrics'] = {}
  for (const [name, v] of Object.entries(last)) metrics[name] = { last: v, lastStep: 100, min: v === null ? null : v - 0.1, max: v === null ? null : v + 0.1, count: 10 }
  return {
    id,
    name: `run-${id}`,
    status: 'finished',
    experimentId: 1,
    experimentName: 'sweep',
    studyId: null,
    trainer: 'mlp',
    tags: [],
    notes: '',
    createdAt: 1_700_000_000_000 + id,
    endedAt: 1_700_000_100_000 + id,
    source: null,
    params,
    metrics,
    ...overrides
  }
}

/**
 * Six runs: two optimizers × three seeds; loss and accuracy differ, the batch size does not.
 * adamw losses 0.2, 0.3, 0.4 (mean 0.3, std 0.1); sgd losses 0.5, 0.7, null.
 */
export function tableFixture(): RunsTable {
  const rows = [
    tableRow(1, { 'optimizer.name': 'adamw', seed: 1, 'data.batch_size': 32 }, { 'val/loss': 0.2, 'val/accuracy': 0.9 }),
    tableRow(2, { 'optimizer.name': 'adamw', seed: 2, 'data.batch_size': 32 }, { 'val/loss': 0.3, 'val/accuracy': 0.85 }),
    tableRow(3, { 'optimizer.name': 'adamw', seed: 3, 'data.batch_size': 32 }, { 'val/loss': 0.4, 'val/accuracy': 0.8 }, { tags: ['best'] }),
    tableRow(4, { 'optimizer.name': 'sgd', seed: 1, 'data.batch_size': 32 }, { 'val/loss': 0.5, 'val/accuracy': 0.7 }, { status: 'failed' }),
    tableRow(5, { 'optimizer.name': 'sgd', seed: 2, 'data.batch_size': 32 }, { 'val/loss': 0.7, 'val/accuracy': 0.6 }),
    tableRow(6, { 'optimizer.name': 'sgd', seed: 3, 'data.batch_size': 32 }, { 'val/loss': null, 'val/accuracy': null }, { name: 'diverged one', status: 'diverged' })
  ]
  return { rows, paramKeys: ['data.batch_size', 'optimizer.name', 'seed'], metricNames: ['val/accuracy', 'val/loss'], goals: { 'val/loss': 'min', 'val/accuracy': 'max' } }
}
