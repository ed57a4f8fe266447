import type { ColumnProfile, TrainerInfo } from '../../../shared/api'
import { maxProposedLevels } from './use-version-form'

/** How the table trainer treats gaps and categorical columns unless a run says otherwise. */
export interface TableDefaults {
  missing: 'median' | 'mean' | 'drop_rows' | 'refuse'
  maxLevels: number
}

/** The mlp's `data.missing` and `data.max_levels` defaults, for when its schema is not at hand. */
export const mlpDefaults: TableDefaults = { missing: 'median', maxLevels: 20 }

const missingModes: ReadonlyArray<TableDefaults['missing']> = ['median', 'mean', 'drop_rows', 'refuse']

/** The defaults a trainer's schema declares (the mlp's), falling back to `mlpDefaults`. */
export function tableDefaults(trainer: TrainerInfo | undefined): TableDefaults {
  const param = (key: string) => trainer?.params.find((p) => p.key === key)?.default
  const missing = param('data.missing')
  const maxLevels = param('data.max_levels')
  return {
    missing: missingModes.find((m) => m === missing) ?? mlpDefaults.missing,
    maxLevels: typeof maxLevels === 'number' && maxLevels >= 1 ? maxLevels : mlpDefaults.maxLevels
  }
}

/** One warning on a column card: an i18n key under `profile.notes` and its values. */
export interface ProfileNote {
  key: string
  values: { count?: number; levels?: number; distinct?: number; max?: number }
  /** The distinct count is a lower bound (the profile stopped counting). */
  isAtLeast?: boolean
}

/**
 * What a column will need before a table trainer can read it as a feature, in the words of the
 * profile: gaps filled as the defaults say, categorical values one-hot encoded (levels past the
 * cap share "other"), free text read only by the text classifier, an empty column left out. The
 * target is read as it is, and a text file's single column is a corpus: neither needs anything.
 */
export function columnNotes(column: ColumnProfile, defaults: TableDefaults, options: { isCorpus?: boolean; isTarget?: boolean } = {}): ProfileNote[] {
  if (options.isCorpus || options.isTarget) return []
  const { type, missing } = column
  if (type === 'empty') return [{ key: 'empty', values: {} }]
  if (type === 'text') return [{ key: 'freeText', values: {} }]
  const notes: ProfileNote[] = []
  if (type === 'categorical') {
    const distinct = column.distinct
    if (!column.distinctCapped && distinct <= defaults.maxLevels) notes.push({ key: 'oneHot', values: { levels: distinct } })
    else notes.push({ key: 'otherBucket', values: { distinct, max: defaults.maxLevels }, isAtLeast: column.distinctCapped })
    if (column.distinctCapped || distinct > maxProposedLevels) notes.push({ key: 'manyLevels', values: { max: maxProposedLevels } })
    if (missing > 0) notes.push({ key: 'missingOther', values: { count: missing } })
  } else if (missing > 0) notes.push({ key: `missing.${defaults.missing}`, values: { count: missing } })
  return notes
}
