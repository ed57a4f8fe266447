/** Imported runs go through the analysis like runs trained here: Sobol, fANOVA and tiers over the experiment. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EngineApi, MethodInput, MethodName, MethodOutput } from '../../../shared/api'
import { dispatch } from '../../../shared/rpc'
import { createAnalysisApi } from '../analysis/api/analysis-api'
import { createEventBus } from '../events'
import { openTestStore, tempStoreFile } from '../store/testing'
import expected from './fixtures/optuna/expected-sqlite.json'
import { readSource } from './read-source'
import { writeImport } from './write-import'

async function call<M extends MethodName>(api: EngineApi, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await dispatch(api, method, input)
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error)
  return reply.result as MethodOutput<M>
}

describe('analysis of an imported Optuna study', () => {
  it('offers its params and objective, and ranks its trials as Optuna\'s own values do', async () => {
    const store = openTestStore(tempStoreFile())
    const { experiments } = writeImport(store, readSource(join(__dirname, 'fixtures', 'optuna', 'study.db')))
    const experimentId = experiments[0]!.id
    const analysis = createAnalysisApi({ store, events: createEventBus(), specsOf: () => undefined })
    try {
      const api = analysis.api as unknown as EngineApi
      const cols = await call(api, 'analysis.columns', { source: { kind: 'runs', experimentId } })
      expect(cols.suggestedTarget).toBe('value')
      expect(cols.columns.filter((c) => !c.isMetric).map((c) => c.name).sort()).toEqual(['dropout', 'layers', 'lr', 'optimizer'])
      expect(cols.columns.find((c) => c.name === 'optimizer')).toMatchObject({ kind: 'categorical' })

      // Every trial with a value (complete and pruned; the failed one has none), ranked as Optuna ranks them.
      const withValue = expected.filter((t) => t.value !== null)
      const optunaRanking = [...withValue].sort((a, b) => a.value! - b.value!).map((t) => t.params.lr)
      for (const method of ['fanova', 'sobol'] as const) {
        const r = await call(api, 'analysis.run', { requestId: method, source: { kind: 'runs', experimentId, reduce: 'last' }, target: 'value', goal: 'min', method, seed: 1 })
        expect(r.n).toBe(withValue.length)
        expect(r.params.map((p) => p.name).sort()).toEqual(['dropout', 'layers', 'lr', 'optimizer'])
        expect(r.tiers.map((t) => t.name).sort()).toEqual(['dropout', 'layers', 'lr', 'optimizer'])
        const lr = r.rows.names.indexOf('lr')
        const ours = r.rows.values.map((row, i) => ({ lr: row[lr], y: r.rows.target[i]! })).sort((a, b) => a.y - b.y)
        expect(ours.map((o) => o.lr)).toEqual(optunaRanking)
        expect(ours.map((o) => o.y)).toEqual(withValue.map((t) => t.value!).sort((a, b) => a - b))
      }
    } finally {
      await analysis.close()
    }
  })
})
