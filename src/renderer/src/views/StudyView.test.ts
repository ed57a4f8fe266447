// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Study, Trial } from '../../../shared/api'
import { msg } from '../../../shared/messages'
import { historyData, slotMap, sortTrials, studyElapsed, studyEta } from '../composables/useStudy'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import StudyView from './StudyView.vue'

vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

const zero = { queued: 0, running: 0, finished: 0, failed: 0, pruned: 0, cancelled: 0 }
const t0 = 1_700_000_000_000

function trial(index: number, over: Partial<Trial> = {}): Trial {
  return {
    id: 100 + index,
    studyId: 4,
    index,
    hash: `h${index}`,
    params: { 'optimizer.lr': 0.001 * (index + 1), 'model.hidden': 16 },
    repeat: 0,
    seed: 42,
    status: 'queued',
    runId: null,
    objective: null,
    prunedStep: null,
    message: null,
    attempts: 0,
    device: null,
    createdAt: t0,
    startedAt: null,
    endedAt: null,
    ...over
  }
}

const done = (index: number, objective: number, seconds: number, over: Partial<Trial> = {}) =>
  trial(index, { status: 'finished', objective, runId: 500 + index, attempts: 1, device: 'cpu', startedAt: t0, endedAt: t0 + seconds * 1000, ...over })

function study(trials: Trial[], over: Partial<Study> = {}): Study {
  const counts = { ...zero }
  for (const t of trials) counts[t.status]++
  const finished = trials.filter((t) => t.status === 'finished' && t.objective !== null)
  const best = finished.reduce<Trial | null>((b, t) => (b === null || t.objective! < b.objective! ? t : b), null)
  return {
    id: 4,
    experimentId: 2,
    name: 'lr sweep',
    trainer: 'mlp',
    status: 'running',
    statusMessage: null,
    definition: {
      name: 'lr sweep',
      trainer: 'mlp',
      config: {},
      dataset: '/data/iris.csv',
      space: { params: { 'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-2, log: true }, 'model.hidden': { type: 'int', low: 8, high: 64, log: false, step: 8 } }, conditions: {} },
      design: { method: 'lhs', n: 6 },
      repeats: 1,
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      budget: {},
      pruner: { type: 'median', nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 },
      concurrency: 2,
      priority: 0,
      onEngineStop: 'requeue',
      extensions: []
    },
    planned: trials.length,
    counts,
    best,
    elapsedMs: 90_000,
    createdAt: t0,
    startedAt: t0,
    endedAt: null,
    ...over
  }
}

const pruneReason = msg('studies.pruned.median', { step: 2, best: '0.851', median: '0.8', trials: 5 })
const ledger = (): Trial[] => [
  done(0, 0.5, 10),
  done(1, 0.3, 20),
  trial(2, { status: 'pruned', objective: 0.9, prunedStep: 2, runId: 502, attempts: 1, startedAt: t0, endedAt: t0 + 5000, message: 'Pruned at step 2', messageCoded: pruneReason }),
  done(3, 0.4, 30),
  trial(4, { status: 'running', runId: 504, attempts: 1, device: 'cuda:0', startedAt: t0 }),
  trial(5, { status: 'running', runId: 505, attempts: 1, device: 'cuda:1', startedAt: t0 }),
  trial(6),
  trial(7)
]

async function open(start: Study, trials: Trial[], handlers: FakeHandlers = {}, locale: 'en' | 'zh-CN' = 'en') {
  let current = start
  const fake = createFakeApi({
    'studies.get': () => current,
    'studies.trials': () => trials,
    'experiments.list': () => [{ id: 2, name: 'iris', description: '', createdAt: 0, runCount: 0, activeRunCount: 0 }],
    'studies.pause': () => (current = { ...current, status: 'paused', statusMessage: 'paused', statusCoded: msg('studies.status.paused') }),
    'studies.resume': () => (current = { ...current, status: 'running', statusMessage: null, statusCoded: null }),
    'studies.cancel': () => (current = { ...current, status: 'cancelled', statusMessage: 'cancelled', statusCoded: msg('studies.status.cancelled') }),
    'studies.extend': ({ n, repeats }) => (current = { ...current, planned: current.planned + (n ?? 0) + (repeats ?? 0) }),
    'studies.export': () => ({ text: 'name: lr sweep\ntrainer: mlp\n', format: 'yaml' as const }),
    ...handlers
  })
  const blank = { render: () => null }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/runs/:id', name: 'run', component: blank }, { path: '/analysis', name: 'analysis', component: blank }, { path: '/:rest(.*)*', component: blank }] })
  await router.push('/studies/4')
  const w = mountWithApp(StudyView, { fake, locale, router }, { props: { id: 4 }, attachTo: document.body })
  await flushPromises()
  const called = (method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.input)
  return { w, fake, called, set: (s: Study) => (current = s) }
}

describe('study page data', () => {
  it('draws each finished objective by index, the pruned ones apart, and the best so far', () => {
    const h = historyData(ledger(), 'min')
    expect(h.finished).toEqual([[0, 0.5], [1, 0.3], [3, 0.4]])
    expect(h.pruned).toEqual([[2, 0.9]])
    expect(h.best).toEqual([[0, 0.5], [1, 0.3], [3, 0.3]])
    expect(historyData(ledger(), 'max').best.map(([, v]) => v)).toEqual([0.5, 0.5, 0.5])
  })

  it('estimates the time left from the median finished trial over the trials at once, none before one finished', () => {
    const trials = ledger()
    // Median of 10, 20, 30 s = 20 s; 4 trials left (2 running, 2 queued), 2 at once.
    expect(studyEta(study(trials), trials)).toBe(40_000)
    // A budget of 5 trials leaves the 2 running and none of the queued: 20 s × 2 ÷ 2.
    expect(studyEta(study(trials, { definition: { ...study(trials).definition, budget: { maxTrials: 5 } } }), trials)).toBe(20_000)
    const none = ledger().filter((t) => t.status !== 'finished')
    expect(studyEta(study(none), none)).toBeNull()
  })

  it('counts the elapsed time of a running study, its current session too', () => {
    const trials = ledger()
    // One session so far: from the study's start.
    expect(studyElapsed(study(trials, { elapsedMs: 0, startedAt: t0 }), trials, t0 + 7000)).toBe(7000)
    // Earlier sessions took 90 s; this one from its earliest running trial.
    const later = trials.map((t) => (t.status === 'running' ? { ...t, startedAt: t0 + 60_000 } : t))
    expect(studyElapsed(study(later), later, t0 + 65_000)).toBe(95_000)
    expect(studyElapsed(study(later, { status: 'paused' }), later, t0 + 65_000)).toBe(90_000)
  })

  it('groups running trials by device and sorts by objective: finished, then pruned, then none', () => {
    expect(slotMap([...ledger(), trial(8, { status: 'running' })]).map((s) => [s.device, s.trials.map((t) => t.index)])).toEqual([
      ['cpu', [8]],
      ['cuda:0', [4]],
      ['cuda:1', [5]]
    ])
    // The engine's slots add its idle devices and what other studies run there.
    const engine = [
      { id: 'cpu', kind: 'cpu' as const, name: 'Xeon', threads: 8, threadsInUse: 0, busy: [] },
      { id: 'cuda:0', kind: 'gpu' as const, name: 'H200', busy: [{ studyId: 4, trialId: 104, runId: 504 }] },
      { id: 'cuda:2', kind: 'gpu' as const, name: 'H200', busy: [{ studyId: 9, trialId: 900, runId: 77 }] }
    ]
    expect(slotMap(ledger(), engine, 4).map((s) => [s.device, s.trials.map((t) => t.index), s.others])).toEqual([
      ['cpu', [], 0],
      ['cuda:0', [4], 0],
      ['cuda:1', [5], 0],
      ['cuda:2', [], 1]
    ])
    expect(sortTrials(ledger(), 'objective', false).map((t) => t.index)).toEqual([1, 3, 0, 2, 4, 5, 6, 7])
    expect(sortTrials(ledger(), 'objective', true).map((t) => t.index).slice(0, 4)).toEqual([0, 3, 1, 2])
  })
})

describe('StudyView', () => {
  it('shows the header, progress, ETA, best trial, history, slots and one row per trial', async () => {
    const trials = ledger()
    const { w } = await open(study(trials), trials)
    expect(w.get('[data-testid="study-name"]').text()).toBe('lr sweep')
    expect(w.get('[data-testid="study-status"]').attributes('data-status')).toBe('running')
    expect(w.get('[data-testid="study-experiment"]').text()).toBe('iris')
    expect(w.get('[data-testid="study-design"]').text()).toBe('Latin hypercube (LHS), n = 6')
    expect(w.get('[data-testid="study-objective"]').text()).toBe('minimize val/loss (last value)')
    const progress = w.get('[data-testid="study-progress"]')
    expect([progress.attributes('data-done'), progress.attributes('data-planned')]).toEqual(['4', '8'])
    expect(w.get('[data-testid="study-eta"]').text()).toBe('40s')
    expect(w.get('[data-testid="study-best-objective"]').text()).toBe('0.3')
    expect(w.get('[data-testid="study-best"]').text()).toContain('optimizer.lr')
    expect(w.get('[data-testid="study-best-run"]').attributes('href')).toBe('/runs/501')
    const chart = w.get('[data-testid="study-history"]')
    expect([chart.attributes('data-points'), chart.attributes('data-pruned'), chart.attributes('data-best')]).toEqual(['3', '1', '0.3'])
    expect(w.findAll('[data-testid="study-slot"]').map((s) => s.attributes('data-device'))).toEqual(['cuda:0', 'cuda:1'])

    const rows = w.findAll('[data-testid="study-trial"]')
    expect(rows.map((r) => r.attributes('data-status'))).toEqual(['finished', 'finished', 'pruned', 'finished', 'running', 'running', 'queued', 'queued'])
    expect(rows[1].get('[data-testid="trial-run"]').attributes('href')).toBe('/runs/501')
    expect(rows[2].get('[data-testid="trial-message"]').text()).toBe('Pruned at step 2: its best value so far, 0.851, is worse than the median 0.8 of 5 finished trials at that step.')
    expect(rows[0].text()).toContain('0.001')

    await w.get('[data-testid="sort-objective"]').trigger('click')
    expect(w.findAll('[data-testid="study-trial"]').map((r) => r.attributes('data-index')).slice(0, 3)).toEqual(['1', '3', '0'])
    await w.get('[data-testid="sort-objective"]').trigger('click')
    expect(w.findAll('[data-testid="study-trial"]')[0].attributes('data-index')).toBe('0')
    expect(w.get('[data-testid="study-analyse"]').attributes('href')).toBe('/analysis?study=4')
    w.unmount()

    // Maximized, the best (highest) comes first.
    const up = study(trials)
    const { w: w2 } = await open({ ...up, definition: { ...up.definition, objective: { ...up.definition.objective, direction: 'max' } } }, trials)
    await w2.get('[data-testid="sort-objective"]').trigger('click')
    expect(w2.findAll('[data-testid="study-trial"]').map((r) => r.attributes('data-index')).slice(0, 4)).toEqual(['0', '3', '1', '2'])
    w2.unmount()
  })

  it('shows the engine\'s idle devices and their threads beside the busy ones', async () => {
    const trials = ledger()
    const { w } = await open(study(trials), trials, {
      'studies.slots': () => [
        { id: 'cpu', kind: 'cpu', name: 'Xeon', threads: 8, threadsInUse: 2, busy: [{ studyId: 9, trialId: 900, runId: 77 }] },
        { id: 'cuda:0', kind: 'gpu', name: 'H200', busy: [{ studyId: 4, trialId: 104, runId: 504 }] },
        { id: 'cuda:1', kind: 'gpu', name: 'H200', busy: [{ studyId: 4, trialId: 105, runId: 505 }] }
      ]
    })
    const boxes = w.findAll('[data-testid="study-slot"]')
    expect(boxes.map((b) => [b.attributes('data-device'), b.attributes('data-trials')])).toEqual([['cpu', '0'], ['cuda:0', '1'], ['cuda:1', '1']])
    expect(boxes[0].text()).toContain('2 of 8 threads in use')
    expect(boxes[0].text()).toContain('1 trial of another study')
    expect(boxes[1].text()).toContain('trial 4')
    w.unmount()
  })

  it('shows 2,000 trials a hundred at a time', async () => {
    const trials = Array.from({ length: 2000 }, (_, i) => done(i, i / 1000, 5))
    const { w } = await open(study(trials), trials)
    expect(w.findAll('[data-testid="study-trial"]')).toHaveLength(100)
    await w.get('[data-testid="trials-next"]').trigger('click')
    expect(w.findAll('[data-testid="study-trial"]')[0].attributes('data-index')).toBe('100')
    expect(w.get('[data-testid="trials-page"]').text()).toBe('Trials 101–200 of 2000')
    w.unmount()
  })

  it('pauses, resumes, asks before cancelling and extends', async () => {
    const trials = ledger()
    const { w, called } = await open(study(trials), trials)
    expect(w.find('[data-testid="study-resume"]').exists()).toBe(false)
    await w.get('[data-testid="study-pause"]').trigger('click')
    await flushPromises()
    expect(called('studies.pause')).toEqual([{ id: 4 }])
    expect(w.get('[data-testid="study-status"]').attributes('data-status')).toBe('paused')
    expect(w.get('[data-testid="study-status-message"]').text()).toBe('paused')

    await w.get('[data-testid="study-resume"]').trigger('click')
    await flushPromises()
    expect(called('studies.resume')).toEqual([{ id: 4 }])
    expect(w.find('[data-testid="study-status-message"]').exists()).toBe(false)

    await w.get('[data-testid="study-cancel"]').trigger('click')
    await w.get('[data-testid="confirm-no"]').trigger('click')
    expect(called('studies.cancel')).toEqual([])
    await w.get('[data-testid="study-cancel"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(called('studies.cancel')).toEqual([{ id: 4 }])
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(w.get('[data-testid="study-status"]').attributes('data-status')).toBe('cancelled')
    expect(w.find('[data-testid="study-cancel"]').exists()).toBe(false)
    w.unmount()
  })

  it('extends with more points and repeats, refusing nothing to add', async () => {
    const trials = ledger()
    const { w, called } = await open(study(trials, { status: 'finished' }), trials)
    await w.get('[data-testid="study-extend"]').trigger('click')
    expect(w.get('[data-testid="extend-problem"]').text()).toBe('Add points or repeats: at least one above 0')
    expect(w.get('[data-testid="extend-submit"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="extend-n"]').setValue('4')
    await w.get('[data-testid="extend-repeats"]').setValue('1')
    await w.get('[data-testid="study-extend-form"]').trigger('submit')
    await flushPromises()
    expect(called('studies.extend')).toEqual([{ id: 4, n: 4, repeats: 1 }])
    expect(w.find('[data-testid="study-extend-form"]').exists()).toBe(false)

    await w.get('[data-testid="study-export"]').trigger('click')
    await flushPromises()
    expect(w.get('[data-testid="study-export-text"]').text()).toContain('name: lr sweep')
    w.unmount()
  })

  it('words the status message and trial messages in Chinese from their codes', async () => {
    const trials = ledger()
    const s = study(trials, { status: 'finished', statusMessage: 'budget of 3 trials reached', statusCoded: msg('studies.status.budgetTrials', { max: 3 }) })
    const { w } = await open(s, trials, {}, 'zh-CN')
    expect(w.get('[data-testid="study-status-message"]').text()).toBe('已达到 3 个试验的预算')
    expect(w.findAll('[data-testid="trial-message"]')[2].text()).toBe('在第 2 步剪枝：目前最好值 0.851 劣于 5 个已完成试验在该步的中位数 0.8。')
    expect(w.get('[data-testid="study-eta"]').text()).toBe('40 秒')
    w.unmount()
  })

  it('reads the study again when the engine says it changed, at most twice a second', async () => {
    const trials = ledger()
    const { w, fake, called } = await open(study(trials), trials)
    const before = called('studies.get').length
    for (let i = 0; i < 10; i++) fake.emit('studies.changed', { id: 4 })
    fake.emit('studies.changed', { id: 9 })
    await new Promise((r) => setTimeout(r, 50))
    await flushPromises()
    expect(called('studies.get').length - before).toBe(1)
    w.unmount()
  })
})
