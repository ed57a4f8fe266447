import type { EngineApi } from '../../../shared/api'
import type { Store } from '../store'
import { readSource } from './read-source'
import { writeImport } from './write-import'

/** `runs.import`: read the whole source first (a bad file writes nothing), then write it in one transaction. */
export function createImportApi(store: Store): Pick<EngineApi, 'runs.import'> {
  return {
    'runs.import': async ({ path, kind, experiment, study, series, columns }) => {
      const batch = readSource(path, { kind, study, series, columns })
      return { kind: batch.kind, path: batch.file, ...writeImport(store, batch, experiment) }
    }
  }
}
