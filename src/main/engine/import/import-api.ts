import type { EngineApi } from '../../../shared/api'
import type { Store } from '../store'
import { readSource } from './read-source'
import { writeImport } from './write-import'

/**
 * `runs.import`: read the whole source first (a bad file writes nothing), then write it in one
 * transaction; `imported` is told after runs were written (the runs table keeps their rows).
 */
export function createImportApi(store: Store, imported: () => void = () => undefined): Pick<EngineApi, 'runs.import'> {
  return {
    'runs.import': async ({ path, kind, experiment, study, series, columns, lang }) => {
      const batch = readSource(path, { kind, study, series, columns })
      const written = writeImport(store, batch, experiment, lang)
      if (written.imported > 0) imported()
      return { kind: batch.kind, path: batch.file, ...written }
    }
  }
}
