import { formatMessage, msg, type MessageLocale } from '../../../shared/messages'
import type { Store } from '../store'
import { engineVersion } from '../version'
import type { ImportedBatch } from './model'

export interface ImportResult {
  /** Experiments the runs went to, by name, with their ids. */
  experiments: { id: number; name: string }[]
  imported: number
  /** Runs whose source an earlier import already brought in: left as they are. */
  skipped: number
  runIds: number[]
}

/**
 * Writes a batch in one transaction: every run, its tags and metrics land, or nothing does. A run
 * whose source is already in the store is skipped, so importing the same file again is harmless.
 */
export function writeImport(store: Store, batch: ImportedBatch, experiment?: string, lang: MessageLocale = 'en'): ImportResult {
  const description = formatMessage(lang, msg('imports.description', { kind: batch.kind, file: batch.file }))
  return store.transaction(() => {
    const taken = store.runs.sourcesTaken(batch.runs.map((r) => r.source))
    const experiments = new Map<string, number>()
    const experimentId = (name: string): number => {
      let id = experiments.get(name)
      if (id === undefined) {
        id = (store.experiments.getByName(name) ?? store.experiments.create({ name, description })).id
        experiments.set(name, id)
      }
      return id
    }
    const runIds: number[] = []
    for (const run of batch.runs) {
      if (taken.has(run.source)) {
        // Named in the result too, so "0 imported into X" says where the earlier import put them.
        const name = experiment ?? run.group
        const found = experiments.has(name) ? undefined : store.experiments.getByName(name)
        if (found) experiments.set(name, found.id)
        continue
      }
      taken.add(run.source)
      const { id } = store.runs.insert({
        experimentId: experimentId(experiment ?? run.group),
        name: run.name,
        trainer: run.trainer,
        trainerVersion: '',
        engineVersion,
        config: run.params,
        source: run.source,
        space: run.space ?? null,
        // A source that says no time (a CSV without `created`) gets the time of its import, not 1970.
        createdAt: run.createdAt > 0 ? run.createdAt : Date.now()
      })
      const steps = run.metrics.map((p) => p.step)
      store.runs.update(id, {
        status: run.status,
        statusReason: run.statusReason ?? undefined,
        startedAt: run.startedAt ?? undefined,
        endedAt: run.endedAt ?? undefined,
        notes: run.notes,
        step: steps.length > 0 ? Math.max(...steps) : 0
      })
      if (run.tags.length > 0) store.runs.setTags(id, run.tags)
      if (run.metrics.length > 0) store.metrics.append(id, run.metrics)
      runIds.push(id)
    }
    return {
      experiments: [...experiments].map(([name, id]) => ({ id, name })),
      imported: runIds.length,
      skipped: batch.runs.length - runIds.length,
      runIds
    }
  })
}
