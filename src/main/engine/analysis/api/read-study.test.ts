/**
 * Analysis of a study's trials: its swept parameters only, its objective, the design taken from
 * the plan (Saltelli → Sobol, Morris → Morris), repeats over seeds → the noise floor, and pruned
 * trials left out unless asked for — on a real store, through the analysis API and its worker.
 */
import { describe, expect, it, onTestFinished } from 'vitest'
import type { AnalysisResult } from '../../../../shared/schemas/analysis'
import type { ParamSpec, TrainerInfo } from '../../../../shared/schemas/params'
import type { StudyDefinitionInput } from '../../../../shared/schemas/studies'
import { createEventBus } from '../../events'
import { Rng } from '../../random'
import type { Store } from '../../store'
import { newRun, openTestStore, tempStoreFile } from '../../store/testing'
import { checkStudy, parseStudyDefinition } from '../../studies/definition'
import { planTrials } from '../../studies/plan'
import { createAnalysisApi } from './analysis-api'
import { ishigami } from './testing'

const label = (en: string) => ({ en, 'zh-CN': en })
const x = (name: string): ParamSpec => ({ key: `fn.${name}`, group: 'fn', label: label(name), help: label(name), type: 'float', default: 0, min: -4, max: 4 })
/** A stand-in trainer over three inputs, with a seed: the study checks its space against this schema. */
const fn: TrainerInfo = {
  id: 'fn', version: '1.0.0', label: label('fn'), description: label('fn'), datasetKinds: ['csv'],
  groups: [{ id: 'fn', label: label('fn') }, { id: 'training', label: label('training') }],
  params: [
    x('x1'), x('x2'), x('x3'),
    { key: 'fn.unused', group: 'fn', label: label('unused'), help: label('unused'), type: 'float', default: 1, min: 0, max: 2 },
    { key: 'training.seed', group: 'training', label: label('seed'), help: label('seed'), type: 'int', default: 0, min: 0 }
  ],
  metrics: [{ name: 'val/loss', label: label('loss'), goal: 'min' }]
}
const space = { params: Object.fromEntries(['x1', 'x2', 'x3'].map((n) => [`fn.${n}`, { type: 'float', low: -Math.PI, high: Math.PI, log: false }])) }

// A store and an analysis API (its worker threads) for each test, closed when it ends.
let lab: { store: Store; analysis: ReturnType<typeof createAnalysisApi> } | undefined
function open() {
  if (!lab) {
    const store = openTestStore(tempStoreFile())
    const analysis = createAnalysisApi({ store, events: createEventBus(), specsOf: (t) => (t === 'fn' ? fn.params : undefined) })
    lab = { store, analysis }
    onTestFinished(async () => {
      lab = undefined
      await analysis.close()
    })
  }
  return lab
}

/**
 * Plans a study in the ledger and plays its trials as finished runs whose val/loss is `f` of the
 * point (plus `noise` × a normal draw per seed); `prune` marks some trials pruned instead.
 */
function study(extra: Partial<StudyDefinitionInput>, f: (v: number[]) => number, options: { noise?: number; prune?: (index: number) => boolean } = {}): number {
  const { store } = open()
  const checked = checkStudy(parseStudyDefinition({ name: 'fn study', trainer: 'fn', dataset: '/data/x.csv', space, seed: 5, ...extra }), { fn })
  const experimentId = store.experiments.create({ name: `study ${Math.random()}` }).id
  const s = store.studies.create({ experimentId, name: 'fn study', trainer: 'fn', definition: checked.definition })
  store.studies.enqueue(s.id, planTrials(checked))
  const rng = new Rng(9)
  for (const t of store.studies.trials(s.id)) {
    const y = f(['x1', 'x2', 'x3'].map((n) => t.params[`fn.${n}`] as number)) + (options.noise ?? 0) * rng.normal()
    const run = store.runs.insert(newRun(experimentId, { trainer: 'fn', config: { ...t.params, 'fn.unused': 1 } }))
    const pruned = options.prune?.(t.index) === true
    store.metrics.append(run.id, [
      { name: 'val/loss', step: 1, value: y + 1, time: 1 },
      ...(pruned ? [] : [{ name: 'val/loss', step: 2, value: y, time: 2 }])
    ])
    store.runs.update(run.id, { status: pruned ? 'cancelled' : 'finished' })
    store.studies.updateTrial(t.id, { status: pruned ? 'pruned' : 'finished', runId: run.id, objective: pruned ? null : y, prunedStep: pruned ? 1 : null })
  }
  return s.id
}

const run = (studyId: number, method: AnalysisResult['method'], includePruned = false) =>
  open().analysis.api['analysis.run']({ requestId: `r${Math.random()}`, source: { kind: 'study', studyId, includePruned }, target: 'objective', goal: 'min', method })
const codes = (r: AnalysisResult) => r.notices.map((n) => n.code)

describe('analysis of a study', () => {
  it('runs Sobol on a Saltelli study and recovers the analytic indices, its swept parameters only', async () => {
    const id = study({ design: { method: 'saltelli', n: 1024, secondOrder: false } }, ishigami)
    const cols = await open().analysis.api['analysis.columns']({ source: { kind: 'study', studyId: id, includePruned: false } })
    expect(cols).toMatchObject({ design: 'saltelli', suggestedMethod: 'sobol', suggestedTarget: 'objective' })
    expect(cols.columns.map((c) => c.name)).not.toContain('fn.unused')
    const r = await run(id, 'sobol')
    expect(r.method).toBe('sobol')
    expect(r.params.map((p) => p.name)).toEqual(['fn.x1', 'fn.x2', 'fn.x3'])
    const s1 = Object.fromEntries(r.params.map((p) => [p.name, p.S1 as number]))
    expect(s1['fn.x1']).toBeCloseTo(0.3139, 1)
    expect(s1['fn.x2']).toBeCloseTo(0.4424, 1)
    expect(Math.abs(s1['fn.x3'])).toBeLessThan(0.05)
    expect(codes(r)).toContain('studyTrials')
    expect(codes(r)).not.toContain('estimatorSwitched')
  })

  it('reads a replicated second-order Saltelli study as its design: replicates, pairs, no switch', async () => {
    const id = study({ design: { method: 'saltelli', n: 256, secondOrder: true, replicates: 4 } }, ([a, b, c]) => a + 2 * b + a * c)
    const r = await run(id, 'sobol')
    expect(r.method).toBe('sobol')
    expect(r.rows.values).toHaveLength(256 * (2 * 3 + 2))
    expect(r.notices.find((n) => n.code === 'sobolReplicated')?.params).toMatchObject({ replicates: 4 })
    expect(codes(r)).not.toContain('estimatorSwitched')
    expect(codes(r)).not.toContain('studyDesignIncomplete')
    // a·c is the one interaction: its second-order index stands out from the other pairs.
    const s2 = Object.fromEntries((r.pairs ?? []).map((p) => [p.params.join('×'), p.S2 as number]))
    expect(s2['fn.x1×fn.x3']).toBeGreaterThan(0.1)
    expect(Math.abs(s2['fn.x1×fn.x2'])).toBeLessThan(0.05)
  })

  it('reads a Saltelli study repeated over seeds as each point’s mean, and its repeats as the noise floor', async () => {
    const id = study({ design: { method: 'saltelli', n: 256, secondOrder: false }, repeats: 2 }, ishigami, { noise: 0.3 })
    const r = await run(id, 'sobol')
    expect(r.facts).toMatchObject({ design: 'saltelli' })
    expect(r.rows.values).toHaveLength(256 * 5)
    expect(codes(r)).toContain('studyRepeatsAveraged')
    expect(r.noise?.std).toBeGreaterThan(0.15)
    expect(r.noise?.std).toBeLessThan(0.45)
  })

  it('runs Morris on a Morris study', async () => {
    const id = study({ design: { method: 'morris', n: 20, levels: 4 } }, ([a, b]) => 3 * a + b)
    const cols = await open().analysis.api['analysis.columns']({ source: { kind: 'study', studyId: id, includePruned: false } })
    expect(cols).toMatchObject({ design: 'morris', suggestedMethod: 'morris' })
    const r = await run(id, 'morris')
    expect(r.method).toBe('morris')
    const mu = Object.fromEntries(r.params.map((p) => [p.name, p.mu_star as number]))
    expect(mu['fn.x1']).toBeGreaterThan(2 * mu['fn.x2'])
    expect(mu['fn.x3']).toBeLessThan(1e-9)
  })

  it('runs Morris on the whole trajectories of a Morris study that lost a trial, and says how many', async () => {
    const id = study({ design: { method: 'morris', n: 20, levels: 4 } }, ([a, b]) => 3 * a + b, { prune: (i) => i === 5 })
    const r = await run(id, 'morris')
    expect(r.method).toBe('morris')
    const dropped = r.notices.find((n) => n.code === 'studyTrajectoriesDropped')?.params
    expect(dropped).toMatchObject({ trajectories: 20 })
    expect(dropped?.dropped).toBeGreaterThanOrEqual(1)
    expect(dropped?.kept).toBe(20 - Number(dropped?.dropped))
    expect(r.rows.values).toHaveLength(Number(dropped?.kept) * 4)
    expect(codes(r)).not.toContain('studyDesignIncomplete')
    expect(codes(r)).toContain('studyPrunedLeftOut')
    const mu = Object.fromEntries(r.params.map((p) => [p.name, p.mu_star as number]))
    expect(mu['fn.x1']).toBeGreaterThan(2 * mu['fn.x2'])
  })

  it('keeps a one-at-a-time study’s design when a point other than its baseline is missing', async () => {
    const id = study({ design: { method: 'oat', n: 5 } }, ([a, b]) => 3 * a + b, { prune: (i) => i === 7 })
    const cols = await open().analysis.api['analysis.columns']({ source: { kind: 'study', studyId: id, includePruned: false } })
    expect(cols).toMatchObject({ design: 'oat', suggestedMethod: 'oat' })
    const r = await run(id, 'oat')
    expect(r.method).toBe('oat')
    expect(r.notices.find((n) => n.code === 'studyPointsMissing')?.params).toMatchObject({ missing: 1, design: 'oat' })
    expect(codes(r).filter((c) => c.startsWith('studyDesignIncomplete'))).toEqual([])
  })

  it('gives an LHS study with two seeds per point a seed-noise floor', async () => {
    const id = study({ design: { method: 'lhs', n: 40 }, repeats: 2 }, ([a]) => a, { noise: 0.2 })
    const r = await run(id, 'correlation')
    expect(r.rows.values).toHaveLength(80)
    expect(r.noise?.groups).toBe(40)
  })

  it('leaves pruned trials out by default and says so; includes them at their last value when asked', async () => {
    const id = study({ design: { method: 'lhs', n: 40 } }, ([a, b]) => a + b, { prune: (i) => i % 4 === 0 })
    const left = await run(id, 'correlation')
    expect(left.rows.values).toHaveLength(30)
    expect(left.notices.find((n) => n.code === 'studyPrunedLeftOut')?.params).toEqual({ count: 10 })
    const all = await run(id, 'correlation', true)
    expect(all.rows.values).toHaveLength(40)
    expect(all.notices.find((n) => n.code === 'studyPrunedIncluded')?.params).toEqual({ count: 10 })
  })

  it('says when failed trials break a Saltelli study’s design, and what ran instead of Sobol', async () => {
    const id = study({ design: { method: 'saltelli', n: 64, secondOrder: false } }, ishigami, { prune: (i) => i === 3 })
    const r = await run(id, 'sobol')
    expect(r.notices.find((n) => n.code === 'studyDesignIncomplete')?.params).toMatchObject({ missing: 1, design: 'saltelli' })
    expect(codes(r)).toContain('estimatorSwitched')
    // The method the columns offer for the broken design is not Sobol; the study's notice names it.
    const cols = await open().analysis.api['analysis.columns']({ source: { kind: 'study', studyId: id, includePruned: false } })
    expect(cols.design).toBe('other')
    const other = await run(id, cols.suggestedMethod)
    expect(other.method).toBe(cols.suggestedMethod)
    expect(codes(other)).not.toContain('studyDesignIncomplete')
    expect(other.notices.find((n) => n.code === 'studyDesignIncompleteRan')?.params).toMatchObject({ missing: 1, design: 'saltelli', ran: cols.suggestedMethod })
  })

  it('names the study it cannot find', async () => {
    await expect(run(999, 'correlation')).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })
})
