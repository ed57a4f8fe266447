import { describe, expect, it } from 'vitest'
import type { ParamSpec } from '../../../shared/api'
import { trainerFixture } from '../testing/fixtures'
import { defaultSettings, parseSettings, settingFieldOf, studyDefinition } from './NewStudyView.settings'
import { buildSpace, initialSweep, issueTarget, type SweepableSpec } from './NewStudyView.sweep'

const spec = (key: string) => trainerFixture.params.find((p) => p.key === key) as SweepableSpec
const noUsual: ParamSpec = { key: 'model.width', group: 'model', label: { en: 'w', 'zh-CN': 'w' }, help: { en: '', 'zh-CN': '' }, type: 'int', default: 64, min: 1, max: 4096 }

describe('study builder sweeps', () => {
  it('start from the usual range, else closed min/max, on the schema log scale', () => {
    expect(initialSweep(spec('optimizer.lr'))).toMatchObject({ low: '1e-4', high: '0.01', log: true })
    expect(initialSweep(noUsual as SweepableSpec)).toMatchObject({ low: '1', high: '4096', log: false, step: '1' })
    expect(initialSweep(spec('optimizer.name')).choices).toEqual(['adamw', 'sgd'])
    expect(initialSweep(spec('runtime.shuffle')).choices).toEqual([false, true])
  })

  it('turn ticked parameters into space entries and name each bad bound', () => {
    const lr = { ...initialSweep(spec('optimizer.lr')), on: true, low: '0.01', high: '0.001' }
    const bs = { ...initialSweep(spec('data.batch_size')), on: true, low: 'x', step: '0' }
    const { params, issues } = buildSpace(trainerFixture.params, { 'optimizer.lr': lr, 'data.batch_size': bs, 'optimizer.name': { ...initialSweep(spec('optimizer.name')), on: false } })
    expect(Object.keys(params)).toEqual(['data.batch_size', 'optimizer.lr'])
    expect(issues.map((i) => `${i.key}.${i.field}:${i.local ?? i.problem?.rule}`)).toEqual([
      'data.batch_size.low:number',
      'data.batch_size.step:stepPositive',
      'optimizer.lr.high:highBelowLow'
    ])
  })

  it('find the field of an engine issue, dotted keys and all', () => {
    expect(issueTarget('space.params.optimizer.lr.low', ['optimizer.lr'])).toEqual({ sweep: 'optimizer.lr', part: 'low' })
    expect(issueTarget('definition.space.params.optimizer.lr', ['optimizer.lr'])).toEqual({ sweep: 'optimizer.lr', part: null })
    expect(issueTarget('config.data.batch_size', ['optimizer.lr'])).toEqual({ field: 'config.data.batch_size' })
    expect(settingFieldOf('pruner.type')).toBe('pruner')
    expect(settingFieldOf('objective.metric')).toBe('objective.metric')
    expect(settingFieldOf('extensions.0.n')).toBeNull()
  })

  it('write the definition with only what was given', () => {
    const settings = { ...defaultSettings(), name: ' s ', n: '8', repeats: '2', maxMinutes: '1.5', metric: 'val/loss' }
    const parsed = parseSettings(settings)
    expect(parsed.problems).toEqual({})
    const d = studyDefinition(settings, parsed, { trainer: 'mlp', config: { 'data.batch_size': 32 }, data: { datasetVersionId: 3 }, params: { lr: {} } })
    expect(d).toEqual({
      name: 's',
      trainer: 'mlp',
      config: { 'data.batch_size': 32 },
      datasetVersionId: 3,
      space: { params: { lr: {} }, conditions: {} },
      design: { method: 'lhs', n: 8 },
      repeats: 2,
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      pruner: { type: 'none' },
      budget: { maxWallSeconds: 90 }
    })
    expect(parseSettings({ ...settings, n: '2.5', seed: '-1', name: '' }).problems).toEqual({
      name: { key: 'nameRequired' },
      'design.n': { key: 'whole', min: 1, max: 100_000 },
      seed: { key: 'whole', min: 0, max: 2 ** 31 - 1 }
    })
    // Past the definition's bounds, refused here rather than by the engine's schema.
    const over = parseSettings({ ...settings, concurrency: '2000', repeats: '1001', maxTrials: '5000000' })
    expect(over.problems).toEqual({ concurrency: { key: 'whole', min: 1, max: 1024 }, repeats: { key: 'whole', min: 1, max: 1000 } })
    expect(over.concurrency).toBeUndefined()
    expect(over.maxTrials).toBe(5_000_000)
  })
})
