import type { RunsTable } from '../../../shared/api'

/** The runs table's rows as runs.table returns them (decodeRunsTable). */
export type { TableRow } from '../../../shared/api'
/** The table the page holds; `total` counts the runs still loading past the first screen. */
export type TableData = RunsTable & { total?: number }
