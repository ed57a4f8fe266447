/**
 * Studies run by the study runner (its scheduler, objective and pruner, with stand-in runs that
 * report known values), then analysed from the study source: the objective the runner recorded,
 * the design the plan drew, and pruned trials as the pruner left them.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import type { AnalysisResult } from '../../../../shared/schemas/analysis'
import type { TrainerInfo } from '../../../../shared/schemas/params'
import type { StudyDefinitionInput } from '../../../../shared/schemas/studies'
import { createEventBus } from '../../events'
import { Rng } from '../../random'
import { openTestStore, tempStoreFile } from '../../store/testing'
import { checkStudy, parseStudyDefinition } from '../../studies/definition'
import { planTrials } from '../../studies/plan'
import { createStudyRunner } from '../../studies/runner'
import { standInRuns } from '../../studies/testing'
import { trainerDefinitions } from '../../trainers/registry'
import { createAnalysisApi } from './analysis-api'

const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))
const owner = { pid: process.pid, start: null, instance: 'study-analysis-test' }

/** The two swept parameters in the unit interval of their measure: log10 lr over 1e-4 … 1e-1, dropout over 0 … 0.5. */
const unit = (config: Record<string, unknown>) => [(Math.log10(config['optimizer.lr'] as number) + 4) / 3, (config['regularization.dropout'] as number) / 0.5]
const space = {
  params: {
    'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-1, log: true },
    'regularization.dropout': { type: 'float', low: 0, high: 0.5, log: false }
  }
}

/** Plans the study, runs it to its end with stand-in runs whose val/loss follows `curve`, and opens an analysis API on the same store. */
async function runStudy(extra: Partial<StudyDefinitionInput>, curve: (config: Record<string, unknown>) => number[]) {
  const store = openTestStore(tempStoreFile())
  const events = createEventBus()
  const { runs } = standInRuns(store, events, 8, new Rng(2), curve)
  const runner = createStudyRunner({
    store, events, owner, runs, trainers: () => trainers, maxConcurrentRuns: 8, samplers: {},
    isHeld: async (lease) => lease.instance === owner.instance, sweepRuns: async () => undefined
  })
  const checked = checkStudy(parseStudyDefinition({ name: 'swept', trainer: 'mlp', dataset: '/data/blobs.csv', space, seed: 7, ...extra }), trainers)
  const experimentId = store.experiments.create({ name: 'e' }).id
  const study = store.studies.create({ experimentId, name: 'swept', trainer: 'mlp', definition: checked.definition })
  store.studies.enqueue(study.id, planTrials(checked))
  await runner.start(study.id)
  await runner.idle(study.id)
  const analysis = createAnalysisApi({ store, events, specsOf: (t) => trainers[t]?.params })
  onTestFinished(() => analysis.close())
  const run = (method: AnalysisResult['method'], includePruned = false) =>
    analysis.api['analysis.run']({ requestId: `r${Math.random()}`, source: { kind: 'study', studyId: study.id, includePruned }, target: 'objective', goal: 'min', method })
  return { store, studyId: study.id, analysis, run }
}

describe('a study the runner ran, analysed', () => {
  it('gets the analytic first-order indices of a linear objective from its Saltelli trials, its swept parameters only', async () => {
    // y = u1 + 2·u2 over the unit square: S1 = 1/5 and 4/5, no interaction.
    const { store, studyId, analysis, run } = await runStudy({ design: { method: 'saltelli', n: 256, secondOrder: false } }, (c) => {
      const [a, b] = unit(c)
      return [a + 2 * b]
    })
    expect(store.studies.counts(studyId)).toMatchObject({ finished: store.studies.trials(studyId).length, pruned: 0 })
    const cols = await analysis.api['analysis.columns']({ source: { kind: 'study', studyId, includePruned: false } })
    expect(cols).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', suggestedTarget: 'objective', suggestedGoal: 'min' })
    // The mlp's other parameters (the base config every run had) are not offered.
    expect(cols.columns.filter((c) => !c.isMetric).map((c) => c.name)).toEqual(['optimizer.lr', 'regularization.dropout'])
    const r = await run('sobol')
    expect(r.method).toBe('sobol')
    expect(r.params.map((p) => p.name)).toEqual(['optimizer.lr', 'regularization.dropout'])
    const s1 = Object.fromEntries(r.params.map((p) => [p.name, p.S1 as number]))
    expect(s1['optimizer.lr']).toBeGreaterThan(0.2 - 0.05)
    expect(s1['optimizer.lr']).toBeLessThan(0.2 + 0.05)
    expect(s1['regularization.dropout']).toBeGreaterThan(0.8 - 0.05)
    expect(s1['regularization.dropout']).toBeLessThan(0.8 + 0.05)
    expect(r.notices.map((n) => n.code)).not.toContain('estimatorSwitched')
  })

  it('leaves the trials the median rule pruned out, and takes them in at their last reported value when asked', async () => {
    // val/loss at step s is a + 1/s, a growing with lr: the high-lr trials are pruned early.
    const { store, studyId, run } = await runStudy(
      { design: { method: 'lhs', n: 12 }, pruner: { type: 'median', nStartupTrials: 3 }, concurrency: 1 },
      (c) => [1, 2, 3, 4, 5].map((s) => 3 * unit(c)[0] + 1 / s)
    )
    const trials = store.studies.trials(studyId)
    const pruned = trials.filter((t) => t.status === 'pruned')
    const finished = trials.filter((t) => t.status === 'finished')
    expect(pruned.length).toBeGreaterThan(0)
    expect(finished.length + pruned.length).toBe(12)

    const left = await run('correlation')
    expect(left.rows.values).toHaveLength(finished.length)
    expect(left.notices.find((n) => n.code === 'studyPrunedLeftOut')?.params).toEqual({ count: pruned.length })
    expect(left.notices.find((n) => n.code === 'studyTrials')?.params).toMatchObject({ used: finished.length, planned: 12 })

    const all = await run('correlation', true)
    expect(all.rows.values).toHaveLength(12)
    expect(all.notices.find((n) => n.code === 'studyPrunedIncluded')?.params).toEqual({ count: pruned.length })
    // Each pruned trial's row holds the last val/loss its run reported.
    const target = all.rows.target
    const lastOf = (runId: number) => store.metrics.summary(runId)['val/loss'].last
    for (const t of pruned) expect(target).toContain(lastOf(t.runId!))
  })
})
