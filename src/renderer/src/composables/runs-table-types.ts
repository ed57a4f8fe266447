/** The runs table's rows as runs.table returns them. */
export type { TableRow, RunsTable as TableData } from '../../../shared/api'
