import type { TableRow } from '../schemas/compare'

/**
 * A run's own fields in the runs table, by the name the filter language and the table's columns
 * give them (`experiment` is its name, `study` its id).
 */
export const runFields = {
  name: (row: TableRow) => row.name,
  tags: (row: TableRow) => row.tags,
  status: (row: TableRow) => row.status,
  trainer: (row: TableRow) => row.trainer,
  experiment: (row: TableRow) => row.experimentName,
  study: (row: TableRow) => row.studyId,
  id: (row: TableRow) => row.id,
  source: (row: TableRow) => row.source,
  notes: (row: TableRow) => row.notes
} as const

export type RunFieldName = keyof typeof runFields

export const isRunField = (name: string): name is RunFieldName => Object.hasOwn(runFields, name)
