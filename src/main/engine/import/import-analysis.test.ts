/** Imported runs go through the analysis like runs trained here: Sobol, fANOVA and tiers over the experiment. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EngineApi, MethodInput, MethodName, MethodOutput } from '../../../shared/api'
import { dispatch } from '../../../shared/rpc'
import { createAnalysisApi } from '../analysis/api/analysis-api'
import { hintsFromRanges, readRuns } from '../analysis/api/read-runs'
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
  it.each(['study.db', 'journal.log'])("takes each param's bounds and log scale from the distributions in %s", (file) => {
    const store = openTestStore(tempStoreFile())
    const { experiments } = writeImport(store, readSource(join(__dirname, 'fixtures', 'optuna', file)))
    const data = readRuns(store, { kind: 'runs', experimentId: experiments[0]!.id, reduce: 'last' }, { specsOf: () => undefined })
    const hints = data.kind === 'runs' ? data.hints : null
    // As make-fixtures.py suggests them: lr log-uniform on [1e-4, 0.1], dropout uniform, layers 1–4.
    expect(hints).toEqual({
      lr: { type: 'float', log: true, low: 1e-4, high: 0.1 },
      dropout: { type: 'float', log: false, low: 0, high: 0.5 },
      layers: { type: 'int', log: false, low: 1, high: 4 },
      optimizer: { type: 'categorical' }
    })
  })

  it('merges ranges over runs: the union of bounds, log only where every run is, categorical where any is', () => {
    expect(
      hintsFromRanges([
        { lr: { type: 'float', low: 1e-3, high: 1e-2, log: true }, n: { type: 'int', low: 1, high: 4 }, c: { type: 'float', low: 0, high: 1 } },
        { lr: { type: 'float', low: 1e-4, high: 5e-3, log: true }, n: { type: 'float', low: 0.5, high: 2, log: true }, c: { type: 'categorical' } }
      ])
    ).toEqual({ lr: { type: 'float', log: true, low: 1e-4, high: 1e-2 }, n: { type: 'float', log: false, low: 0.5, high: 4 }, c: { type: 'categorical' } })
  })

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
        // lr was sampled log-uniform: the rows hold log10 of it.
        expect(ours.map((o) => 10 ** Number(o.lr))).toEqual(optunaRanking.map((v) => expect.closeTo(v, 12)))
        expect(ours.map((o) => o.y)).toEqual(withValue.map((t) => t.value!).sort((a, b) => a - b))
      }
    } finally {
      await analysis.close()
    }
  })
})
