/** The shared comparison functions the table uses (issue 14 contract: src/shared/compare/). */
export { parseFilter, type FilterResult } from '../../../shared/compare/filter'
export { bestIndex, delta, groupStats, normalize, type GroupStats } from '../../../shared/compare/stats'
