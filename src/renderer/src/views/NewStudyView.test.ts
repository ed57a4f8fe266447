// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { MethodInput, Study, TrainerInfo } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { FileSource } from '../api/file-source'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import { COUNT_DEBOUNCE_MS } from './NewStudyView.count'
import NewStudyView from './NewStudyView.vue'

const l = (en: string, zh: string) => ({ en, 'zh-CN': zh })
/** The shared fixture with a hidden-size parameter and a validation loss to optimise. */
const trainer: TrainerInfo = {
  ...trainerFixture,
  groups: [...trainerFixture.groups, { id: 'model', label: l('Model', '模型') }, { id: 'training', label: l('Training', '训练') }],
  params: [
    ...trainerFixture.params,
    { key: 'model.hidden', group: 'model', label: l('Hidden size', '隐藏层大小'), help: l('Units per layer', '每层单元数'), type: 'int', default: 64, min: 1, max: 4096, usual: [16, 256] },
    { key: 'training.seed', group: 'training', label: l('Seed', '随机种子'), help: l('Seeds the run', '运行的随机种子'), type: 'int', default: 42, min: 0, max: 2147483647 }
  ],
  metrics: [{ name: 'val/loss', label: l('Validation loss', '验证损失'), goal: 'min' }, ...trainerFixture.metrics]
}
const info = { version: '0.1.0', dataDir: '/tmp', platform: 'linux', providers: ['cpu'], nativeDialogs: false }

/** A design of as many rows as n asks for (LHS, random), as the engine gives it. */
const design: FakeHandlers['designs.generate'] = ({ space, method, n }) => ({
  method,
  seed: 0,
  names: Object.keys((space as { params: object }).params),
  rows: Array.from({ length: n }, () => []),
  meta: {}
})
const estimate: FakeHandlers['studies.estimate'] = ({ trials }) => ({ medianRunSeconds: 30, runsMeasured: 5, estimatedSeconds: Math.ceil(trials / 2) * 30 })

async function setup(handlers: FakeHandlers, locale: 'en' | 'zh-CN' = 'en') {
  const fake = createFakeApi({
    'app.info': () => info,
    'trainers.list': () => [trainer],
    'designs.generate': design,
    'studies.estimate': estimate,
    ...handlers
  })
  const blank = { render: () => null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/experiments/:id', component: blank },
      { path: '/experiments/:id/new-study', component: blank },
      { path: '/studies/:id', name: 'study', component: blank }
    ]
  })
  await router.push('/experiments/5/new-study')
  const files: FileSource = { kind: 'upload', pathOf: async (file) => `/library/uploads/1-aa-${file.name}` }
  const w = mountWithApp(NewStudyView, { fake, router, locale, files }, { props: { id: 5 } })
  await flushPromises()
  return { fake, router, w }
}

/** Past the builder's debounce, with the engine's answers in. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, COUNT_DEBOUNCE_MS + 30))
  await flushPromises()
}

async function sweepLrAndHidden(w: Awaited<ReturnType<typeof setup>>['w']) {
  await w.get('[data-testid="sweep-optimizer.lr"]').setValue(true)
  await w.get('[data-testid="sweep-model.hidden"]').setValue(true)
  await w.get('[data-testid="study-method"]').setValue('lhs')
  await w.get('[data-testid="study-n"]').setValue('8')
  await w.get('[data-testid="study-repeats"]').setValue('2')
  await settle()
}

const studyOf = (experimentId: number, definition: unknown): Study => ({ id: 7, experimentId, definition }) as unknown as Study

describe('NewStudyView', () => {
  it('sweeps exactly the ticked parameters, counts LHS n=8 × 2 repeats as 16 trials and creates the study', async () => {
    let created: MethodInput<'studies.create'> | undefined
    const { w, fake, router } = await setup({
      'studies.create': (input) => {
        created = input
        return studyOf(input.experimentId, input.definition)
      }
    })
    expect(w.find('[data-testid="sweep-data.target"]').exists()).toBe(false)
    await sweepLrAndHidden(w)
    // Ticking turns the field into its range, starting from the usual range.
    expect((w.get('[data-testid="low-optimizer.lr"]').element as HTMLInputElement).value).toBe('1e-4')
    expect((w.get('[data-testid="log-optimizer.lr"]').element as HTMLInputElement).checked).toBe(true)
    expect(w.find('[data-testid="field-optimizer.lr"]').exists()).toBe(false)
    expect((w.get('[data-testid="step-model.hidden"]').element as HTMLInputElement).value).toBe('1')
    await w.get('[data-testid="high-model.hidden"]').setValue('512')
    await settle()

    expect(w.get('[data-testid="trial-count"]').attributes('data-trials')).toBe('16')
    expect(w.get('[data-testid="trial-count"]').text()).toContain('8 points × 2 repeats = 16 trials')
    const asked = fake.calls.filter((c) => c.method === 'designs.generate').at(-1)!.input as MethodInput<'designs.generate'>
    expect(Object.keys((asked.space as { params: object }).params)).toEqual(['optimizer.lr', 'model.hidden'])
    expect(asked).toMatchObject({ method: 'lhs', n: 8 })

    await w.get('[data-testid="study-name"]').setValue('lr × hidden')
    await w.get('[data-testid="dataset-path"]').setValue('/data/iris.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(created).toBeDefined()
    const d = created!.definition!
    expect(created!.start).toBe(true)
    expect(created!.experimentId).toBe(5)
    expect(d.space.params).toEqual({
      'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-2, log: true, baseline: 0.001 },
      'model.hidden': { type: 'int', low: 16, high: 512, log: false, step: 1, baseline: 64 }
    })
    expect(d.design).toEqual({ method: 'lhs', n: 8 })
    expect(d.repeats).toBe(2)
    expect(d.dataset).toBe('/data/iris.csv')
    expect(d.objective).toEqual({ metric: 'val/loss', direction: 'min', value: 'last' })
    // The base config holds the unswept values only.
    expect(d.config).toMatchObject({ 'data.batch_size': 32, 'optimizer.name': 'adamw' })
    expect(d.config).not.toHaveProperty('optimizer.lr')
    expect(d.config).not.toHaveProperty('model.hidden')
    expect(router.currentRoute.value.fullPath).toBe('/studies/7')
  })

  it('sweeps a command trainer with no dataset field and no dataset in the study', async () => {
    let created: MethodInput<'studies.create'> | undefined
    const script: TrainerInfo = { ...trainer, id: 'node-quadratic', datasetKinds: [], metrics: [{ name: 'loss', label: l('loss', 'loss') }] }
    const { w, router } = await setup({
      'trainers.list': () => [trainer, script],
      'studies.create': (input) => {
        created = input
        return studyOf(input.experimentId, input.definition)
      }
    })
    await w.get('[data-testid="trainer-select"]').setValue('node-quadratic')
    expect(w.find('[data-testid="dataset-path"]').exists()).toBe(false)
    expect(w.get('[data-testid="study-own-data"]').text()).toContain('reads its own data')
    await w.get('[data-testid="sweep-optimizer.lr"]').setValue(true)
    await w.get('[data-testid="study-method"]').setValue('grid')
    await w.get('[data-testid="study-n"]').setValue('3')
    await w.get('[data-testid="study-name"]').setValue('lr grid')
    await settle()
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.find('[data-testid="error-dataset"]').exists()).toBe(false)
    const d = created!.definition!
    expect([d.trainer, d.dataset, d.datasetVersionId, d.objective?.metric]).toEqual(['node-quadratic', undefined, undefined, 'loss'])
    expect(Object.keys(d.space.params)).toEqual(['optimizer.lr'])
    expect(router.currentRoute.value.fullPath).toBe('/studies/7')
  })

  it('sweeps a choice over the values left ticked, and TPE counts n × repeats without a design', async () => {
    const { w, fake } = await setup({})
    await w.get('[data-testid="sweep-optimizer.name"]').setValue(true)
    await w.get('[data-testid="choice-optimizer.name-sgd"]').setValue(false)
    await w.get('[data-testid="study-method"]').setValue('tpe')
    await w.get('[data-testid="study-n"]').setValue('20')
    await w.get('[data-testid="study-repeats"]').setValue('3')
    await settle()
    expect(w.get('[data-testid="trial-count"]').attributes('data-trials')).toBe('60')
    expect(fake.calls.map((c) => c.method)).not.toContain('designs.generate')
    await w.get('[data-testid="choice-optimizer.name-adamw"]').setValue(false)
    expect(w.get('[data-testid="error-sweep-optimizer.name-choices"]').text()).toBe('Tick at least one value')
  })

  it('shows the estimate from earlier runs, capped by the trial budget, and says when there is none', async () => {
    const { w, fake } = await setup({})
    await sweepLrAndHidden(w)
    expect(w.get('[data-testid="study-estimate"]').text()).toBe('About 4m 00s: median run 30s over 5 earlier runs of this trainer')
    await w.get('[data-testid="budget-trials"]').setValue('10')
    await w.get('[data-testid="study-concurrency"]').setValue('4')
    await settle()
    expect(w.get('[data-testid="trial-count-capped"]').text()).toContain('10')
    expect(fake.calls.filter((c) => c.method === 'studies.estimate').at(-1)!.input).toEqual({ trainer: 'mlp', trials: 10, concurrency: 4 })

    const none = await setup({ 'studies.estimate': () => ({ medianRunSeconds: null, runsMeasured: 0, estimatedSeconds: null }) }, 'zh-CN')
    await sweepLrAndHidden(none.w)
    expect(none.w.get('[data-testid="study-estimate"]').text()).toBe('此训练器没有以往的运行，无法估计耗时')

    // Trials at once past the engine's bound: refused by the builder in words, the count still shown.
    await w.get('[data-testid="study-concurrency"]').setValue('2000')
    await settle()
    expect(w.get('[data-testid="error-concurrency"]').text()).toBe('Type a whole number from 1 to 1024')
    expect(w.get('[data-testid="trial-count"]').attributes('data-trials')).toBe('10')
    expect(w.find('[data-testid="trial-count-error"]').exists()).toBe(false)
    // An estimate the engine cannot give leaves the count standing.
    const failing = await setup({ 'studies.estimate': () => Promise.reject(new Error('engine gone')) })
    await sweepLrAndHidden(failing.w)
    expect(failing.w.get('[data-testid="trial-count"]').attributes('data-trials')).toBe('16')
    expect(failing.w.find('[data-testid="trial-count-error"]').exists()).toBe(false)

    const one = await setup({ 'studies.estimate': () => ({ medianRunSeconds: 0.74, runsMeasured: 1, estimatedSeconds: 5.92 }) })
    await sweepLrAndHidden(one.w)
    expect(one.w.get('[data-testid="study-estimate"]').text()).toBe('About 5.9s: median run 0.7s over 1 earlier run of this trainer')
  })

  it('refuses repeats over a swept seed, or on a trainer without one, before asking the engine', async () => {
    const { w, fake } = await setup({}, 'zh-CN')
    await sweepLrAndHidden(w)
    expect(w.find('[data-testid="error-repeats"]').exists()).toBe(false)
    await w.get('[data-testid="sweep-training.seed"]').setValue(true)
    await settle()
    expect(w.get('[data-testid="error-repeats"]').text()).toBe('已扫描随机种子：请在按种子重复与扫描种子之间二选一')
    await w.get('[data-testid="study-name"]').setValue('seeds')
    await w.get('[data-testid="dataset-path"]').setValue('/data/iris.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(fake.calls.some((c) => c.method === 'studies.create')).toBe(false)
    await w.get('[data-testid="study-repeats"]').setValue('1')
    expect(w.find('[data-testid="error-repeats"]').exists()).toBe(false)

    const seedless = { ...trainer, params: trainer.params.filter((p) => p.key !== 'training.seed') }
    const other = await setup({ 'trainers.list': () => [seedless] })
    await sweepLrAndHidden(other.w)
    expect(other.w.get('[data-testid="error-repeats"]').text()).toBe('This trainer has no seed to repeat over: keep 1')
  })

  it('refuses a range it can check itself, by field, without asking the engine', async () => {
    const { w, fake } = await setup({})
    await w.get('[data-testid="sweep-optimizer.lr"]').setValue(true)
    await w.get('[data-testid="low-optimizer.lr"]').setValue('0.1')
    await w.get('[data-testid="high-optimizer.lr"]').setValue('0.01')
    await settle()
    expect(w.get('[data-testid="error-sweep-optimizer.lr-high"]').text()).toBe('High must be above low')
    await w.get('[data-testid="low-optimizer.lr"]').setValue('0')
    expect(w.get('[data-testid="error-sweep-optimizer.lr-low"]').text()).toBe('must be > 0 (got 0)')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-name"]').text()).toBe('Give the study a name')
    expect(fake.calls.map((c) => c.method)).not.toContain('studies.create')
    expect(fake.calls.map((c) => c.method)).not.toContain('designs.generate')
  })

  it('puts each refusal of the engine next to its field, in the window language', async () => {
    const refuse = () => {
      throw AppError.fromIssues('INVALID_INPUT', [
        { field: 'space.params.model.hidden.high', message: 'must be <= 4096 (got 9000)', rule: 'max', values: { bound: 4096, got: '9000' } },
        { field: 'design.n', message: 'a sobol design needs n >= 2' },
        { field: 'config.data.batch_size', message: 'must be >= 1 (got 0)', rule: 'min', values: { bound: 1, got: '0' } },
        { field: 'dataset', message: 'file not found: /nope.csv' }
      ])
    }
    const { w, router } = await setup({ 'studies.create': refuse }, 'zh-CN')
    await sweepLrAndHidden(w)
    await w.get('[data-testid="study-name"]').setValue('s')
    await w.get('[data-testid="dataset-path"]').setValue('/nope.csv')
    await w.get('form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="error-sweep-model.hidden-high"]').text()).toBe('必须 ≤ 4096（当前为 9000）')
    expect(w.get('[data-testid="error-design.n"]').text()).toBe('a sobol design needs n >= 2')
    expect(w.get('[data-testid="error-data.batch_size"]').text()).toBe('必须 ≥ 1（当前为 0）')
    expect(w.get('[data-testid="error-dataset"]').text()).toBe('file not found: /nope.csv')
    expect(router.currentRoute.value.fullPath).toBe('/experiments/5/new-study')
    // Editing the range takes the engine's word for it away.
    await w.get('[data-testid="high-model.hidden"]').setValue('256')
    expect(w.find('[data-testid="error-sweep-model.hidden-high"]').exists()).toBe(false)
  })
})
