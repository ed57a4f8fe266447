// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Run, Series } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { createFakeApi, flushPromises, type FakeHandlers } from '../testing/fake-api'
import { runFixture, trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import RunView from './RunView.vue'

vi.mock('../charts/echarts', () => ({ init: () => ({ setOption: () => undefined, resize: () => undefined, dispose: () => undefined }) }))

const s = (steps: number[]): Series => ({ steps, values: steps.map((x) => 1 / x), times: steps.map(() => 0) })

/** The run page of `start` against an engine that keeps the run in memory, as runs.update and the rest change it. */
async function open(start: Run, handlers: FakeHandlers = {}, locale: 'en' | 'zh-CN' = 'en', nativeDialogs = false) {
  let run = start
  const fake = createFakeApi({
    'app.info': () => ({ version: '0.1.0', dataDir: '/home/me/.paramscope', platform: 'linux-x64', providers: ['cpu'], nativeDialogs }),
    'runs.get': () => ({ ...run, metrics: {} }),
    'runs.metrics': () => ({ 'train/loss': s([1, 2, 3, 4]) }),
    'runs.log': () => ({ text: '', nextOffset: 0 }),
    'trainers.list': () => [trainerFixture],
    'runs.update': ({ name, notes, tags }) => (run = { ...run, ...(name !== undefined && { name }), ...(notes !== undefined && { notes }), ...(tags !== undefined && { tags }) }),
    ...handlers
  })
  const blank = { render: () => null }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:rest(.*)*', component: blank }] })
  await router.push(`/runs/${start.id}`)
  const w = mountWithApp(RunView, { fake, locale, router }, { props: { id: start.id }, attachTo: document.body })
  await flushPromises()
  const called = (method: string) => fake.calls.filter((c) => c.method === method).map((c) => c.input)
  return { w, fake, router, called }
}

describe('RunView actions', () => {
  it('asks before cancelling: No keeps the run going, Yes cancels it', async () => {
    const run = runFixture({ id: 7, name: 'lr=3e-4' })
    const { w, called } = await open(run, { 'runs.cancel': () => ({ ...run, status: 'cancelled' as const, statusMessage: 'cancelled by the user' }) })
    expect(w.find('[data-testid="run-resume"]').exists()).toBe(false)
    expect(w.find('[data-testid="run-delete"]').exists()).toBe(false)

    w.get<HTMLButtonElement>('[data-testid="cancel-run"]').element.focus()
    await w.get('[data-testid="cancel-run"]').trigger('click')
    const dialog = w.get('[data-testid="confirm-dialog"]')
    expect(dialog.text()).toContain('Cancel run “lr=3e-4”?')
    expect(dialog.attributes('role')).toBe('alertdialog')
    expect(document.activeElement).toBe(w.get('[data-testid="confirm-no"]').element)
    // Tab goes between the two answers only.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab' }))
    expect(document.activeElement).toBe(w.get('[data-testid="confirm-yes"]').element)
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true }))
    expect(document.activeElement).toBe(w.get('[data-testid="confirm-no"]').element)
    await w.get('[data-testid="confirm-no"]').trigger('click')
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(document.activeElement).toBe(w.get('[data-testid="cancel-run"]').element)

    // Escape is a No as well.
    await w.get('[data-testid="cancel-run"]').trigger('click')
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape' }))
    await flushPromises()
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(called('runs.cancel')).toEqual([])

    await w.get('[data-testid="cancel-run"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(called('runs.cancel')).toEqual([{ id: 7 }])
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(w.get('[data-testid="run-status"]').text()).toBe('Cancelled')
    expect(w.find('[data-testid="run-resume"]').exists()).toBe(true)
    w.unmount()
  })

  it('resumes a cancelled run and reads its series anew, and shows a refusal with a retry', async () => {
    const run = runFixture({ id: 3, status: 'cancelled', endedAt: 1_700_000_060_000 })
    let refuse = true
    let resumed = false
    const { w, called } = await open(run, {
      'runs.resume': () => {
        if (refuse) throw new AppError('CONFLICT', 'Run 3 has no checkpoint to resume from: it stopped before its first epoch ended')
        resumed = true
        return { ...run, status: 'queued' as const, endedAt: null, step: 2 }
      },
      // The engine drops the points after the checkpoint (step 2) when the run resumes.
      'runs.metrics': () => ({ 'train/loss': s(resumed ? [1, 2] : [1, 2, 3, 4]) })
    })
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('4')

    await w.get('[data-testid="run-resume"]').trigger('click')
    await flushPromises()
    const notice = w.get('[data-testid="error-notice"]')
    expect(notice.attributes('data-code')).toBe('CONFLICT')
    expect(notice.text()).toContain('no checkpoint to resume from')
    expect(w.get('[data-testid="run-status"]').text()).toBe('Cancelled')

    refuse = false
    await notice.get('button').trigger('click')
    await flushPromises()
    expect(called('runs.resume')).toEqual([{ id: 3 }, { id: 3 }])
    expect(w.find('[data-testid="error-notice"]').exists()).toBe(false)
    expect(w.get('[data-testid="run-status"]').text()).toBe('Queued')
    expect(w.find('[data-testid="run-resume"]').exists()).toBe(false)
    expect(w.find('[data-testid="cancel-run"]').exists()).toBe(true)
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('2')
    w.unmount()
  })

  it('reads the series anew when the run is resumed elsewhere', async () => {
    const run = runFixture({ id: 3, status: 'interrupted', endedAt: 1_700_000_060_000 })
    let resumed = false
    const { w, fake, called } = await open(run, { 'runs.metrics': () => ({ 'train/loss': s(resumed ? [1, 2] : [1, 2, 3, 4]) }) })
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('4')
    // Progress of an ended run changes nothing; the CLI resuming it does.
    fake.emit('run.updated', { ...run, step: 4 })
    await flushPromises()
    expect(called('runs.metrics')).toHaveLength(1)
    resumed = true
    fake.emit('run.updated', { ...run, status: 'running', endedAt: null, step: 2 })
    await flushPromises()
    expect(called('runs.metrics')).toHaveLength(2)
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('2')
    fake.emit('run.metrics', { runId: 3, series: { 'train/loss': s([3]) } })
    await flushPromises()
    expect(w.get('[data-testid="chart-loss"]').attributes('data-points')).toBe('3')
    w.unmount()
  })

  it('offers Resume for interrupted and crashed runs only', async () => {
    for (const [status, offered] of [['interrupted', true], ['crashed', true], ['finished', false], ['failed', false], ['diverged', false]] as const) {
      const { w } = await open(runFixture({ id: 4, status }))
      expect([status, w.find('[data-testid="run-resume"]').exists()]).toEqual([status, offered])
      expect(w.find('[data-testid="run-delete"]').exists()).toBe(true)
      w.unmount()
    }
  })

  it('offers neither Resume nor Export for a run of the user’s own script, which has no model of ours', async () => {
    const script = { ...trainerFixture, id: 'my-script', command: ['${python}', 'train.py', '${args}'] }
    for (const status of ['crashed', 'cancelled', 'finished'] as const) {
      const { w } = await open(runFixture({ id: 8, status, trainer: 'my-script' }), { 'trainers.list': () => [trainerFixture, script] })
      expect([status, w.find('[data-testid="run-resume"]').exists(), w.find('[data-testid="run-export"]').exists()]).toEqual([status, false, false])
      expect(w.find('[data-testid="run-delete"]').exists()).toBe(true)
      w.unmount()
    }
  })

  it('asks before deleting, in the window language, then goes back to the experiment', async () => {
    const run = runFixture({ id: 5, experimentId: 2, name: 'baseline', status: 'finished' })
    const zh = await open(run, {}, 'zh-CN')
    await zh.w.get('[data-testid="run-delete"]').trigger('click')
    expect(zh.w.get('[data-testid="confirm-dialog"]').text()).toContain('删除运行“baseline”？')
    expect(zh.w.get('[data-testid="confirm-yes"]').text()).toBe('删除运行')
    expect(zh.w.get('[data-testid="confirm-no"]').text()).toBe('保留')
    zh.w.unmount()

    const { w, router, called } = await open(run, { 'runs.delete': () => ({ ok: true as const }) })
    await w.get('[data-testid="run-delete"]').trigger('click')
    expect(w.get('[data-testid="confirm-dialog"]').text()).toContain('Delete run “baseline”?')
    await w.get('[data-testid="confirm-no"]').trigger('click')
    expect(called('runs.delete')).toEqual([])
    expect(router.currentRoute.value.path).toBe('/runs/5')

    await w.get('[data-testid="run-delete"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(called('runs.delete')).toEqual([{ id: 5 }])
    expect(router.currentRoute.value.path).toBe('/experiments/2')
    w.unmount()
  })

  it('stays on the run and says why when the engine refuses to delete it', async () => {
    const run = runFixture({ id: 6, status: 'finished' })
    const { w, router } = await open(run, {
      'runs.delete': () => {
        throw new AppError('CONFLICT', 'Run 6 is still running; cancel it first')
      }
    })
    await w.get('[data-testid="run-delete"]').trigger('click')
    await w.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(w.find('[data-testid="confirm-dialog"]').exists()).toBe(false)
    expect(w.get('[data-testid="error-notice"]').text()).toContain('Run 6 is still running; cancel it first')
    expect(router.currentRoute.value.path).toBe('/runs/6')
    w.unmount()
  })

  it('renames a run in place; Escape and an empty name change nothing', async () => {
    const { w, called } = await open(runFixture({ id: 8, name: 'mlp-1', status: 'finished' }))
    await w.get('[data-testid="run-rename"]').trigger('click')
    const input = w.get('[data-testid="run-name-input"]')
    expect((input.element as HTMLInputElement).value).toBe('mlp-1')
    await input.setValue('   ')
    await w.get('[data-testid="run-rename-form"]').trigger('submit')
    expect(w.get('[data-testid="run-name-error"]').text()).toBe('Enter a name')
    await w.get('[data-testid="run-rename-form"]').trigger('keydown', { key: 'Escape' })
    expect(w.get('[data-testid="run-name"]').text()).toBe('mlp-1')
    expect(called('runs.update')).toEqual([])

    await w.get('[data-testid="run-rename"]').trigger('click')
    await w.get('[data-testid="run-name-input"]').setValue('  wide and shallow ')
    await w.get('[data-testid="run-rename-form"]').trigger('submit')
    await flushPromises()
    expect(called('runs.update')).toEqual([{ id: 8, name: 'wide and shallow' }])
    expect(w.get('[data-testid="run-name"]').text()).toBe('wide and shallow')
    w.unmount()
  })

  it('adds and removes tags at once and saves notes when the field is left', async () => {
    const { w, called } = await open(runFixture({ id: 9, status: 'finished', tags: ['baseline'], notes: '' }))
    const tags = () => w.findAll('[data-testid="run-tag-list"] [data-tag]').map((li) => li.attributes('data-tag'))
    expect(tags()).toEqual(['baseline'])

    const field = w.get('[data-testid="run-tags"]')
    await field.setValue('wide, baseline，深')
    await field.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(called('runs.update')).toEqual([{ id: 9, tags: ['baseline', 'wide', '深'] }])
    expect(tags()).toEqual(['baseline', 'wide', '深'])
    expect((field.element as HTMLInputElement).value).toBe('')

    await field.setValue('x'.repeat(65))
    await field.trigger('keydown', { key: ',' })
    expect(w.get('[data-testid="run-tags-error"]').text()).toContain('longer than 64 characters')
    expect(called('runs.update')).toHaveLength(1)

    await w.findAll('[data-testid="run-tag-remove"]')[0].trigger('click')
    await flushPromises()
    expect(called('runs.update')[1]).toEqual({ id: 9, tags: ['wide', '深'] })
    expect(tags()).toEqual(['wide', '深'])

    const notes = w.get('[data-testid="run-notes"]')
    expect(w.get('[data-testid="run-notes-save"]').attributes('disabled')).toBeDefined()
    await notes.setValue('lr too high: loss oscillates')
    await notes.trigger('change')
    await flushPromises()
    expect(called('runs.update')[2]).toEqual({ id: 9, notes: 'lr too high: loss oscillates' })
    expect(w.get('[data-testid="run-notes-saved"]').text()).toBe('Saved')
    expect(w.get('[data-testid="run-notes-save"]').attributes('disabled')).toBeDefined()
    w.unmount()
  })

  it('shows a refused update through the error notice, in Chinese too', async () => {
    const { w } = await open(runFixture({ id: 9, status: 'finished' }), { 'runs.update': () => Promise.reject(new AppError('NOT_FOUND', 'Run 9 does not exist')) }, 'zh-CN')
    expect(w.get('[data-testid="run-tags"]').attributes('placeholder')).toBe('输入标签后按回车')
    await w.get('[data-testid="run-tags"]').setValue('a')
    await w.get('[data-testid="run-tags"]').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(w.get('[data-testid="error-notice"]').text()).toContain('Run 9 does not exist')
    expect(w.get('[data-testid="error-notice"]').attributes('data-code')).toBe('NOT_FOUND')
    w.unmount()
  })

  it('exports the model to a path beside the data in a browser, and says where it was written', async () => {
    const run = runFixture({ id: 12, name: 'lr=3e-4', status: 'finished', datasetPath: '/data/iris.csv' })
    let exists = true
    const { w, called } = await open(run, {
      'runs.exportModel': ({ out, checkpoint, overwrite }) => {
        if (exists && !overwrite) throw new AppError('CONFLICT', `The model was not exported: out ${out}: a file of that name exists; it is replaced only with overwrite`)
        exists = true
        return { path: out, checkpoint: checkpoint ?? 'best', step: 120, metrics: { 'val/accuracy': 0.9667 }, inputs: ['features'], outputs: ['probabilities'], bytes: 2048 }
      }
    })
    expect(w.find('[data-testid="run-export-panel"]').exists()).toBe(false)
    await w.get('[data-testid="run-export"]').trigger('click')
    expect(w.find('[data-testid="run-export-browse"]').exists()).toBe(false)
    const path = w.get('[data-testid="run-export-path"]')
    expect((path.element as HTMLInputElement).value).toBe('/data/lr=3e-4.onnx')

    await w.get('[data-testid="run-export-panel"] form').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="run-export-panel"] [data-testid="error-notice"]').text()).toContain('a file of that name exists')

    await path.setValue('/models/iris.onnx')
    await w.get('[data-testid="run-export-checkpoint"]').setValue('latest')
    await w.get('[data-testid="run-export-overwrite"]').setValue(true)
    await w.get('[data-testid="run-export-panel"] form').trigger('submit')
    await flushPromises()
    expect(called('runs.exportModel')[1]).toEqual({ id: 12, out: '/models/iris.onnx', checkpoint: 'latest', overwrite: true })
    expect(w.get('[data-testid="run-export-written-path"]').text()).toBe('/models/iris.onnx')
    expect(w.get('[data-testid="run-export-result"]').text()).toContain('Exported the latest checkpoint of step 120 (2.00 KB) to:')
    expect(w.get('[data-testid="run-export-result"]').text()).toContain('Inputs: features. Outputs: probabilities')
    expect(w.get('[data-testid="run-export-result"]').text()).toContain('at that step: val/accuracy 0.9667')
    expect(w.find('[data-testid="run-export-panel"] [data-testid="error-notice"]').exists()).toBe(false)

    await path.setValue(' ')
    expect(w.get('[data-testid="run-export-save"]').attributes('disabled')).toBeDefined()
    await w.get('[data-testid="run-export-close"]').trigger('click')
    expect(w.find('[data-testid="run-export-panel"]').exists()).toBe(false)
    w.unmount()
  })

  it('exports through the save dialog in the desktop app, in Chinese', async () => {
    const run = runFixture({ id: 13, name: 'run 13', status: 'finished', datasetPath: 'C:\\data\\iris.csv' })
    let picked: string | null = null
    const { w, called } = await open(
      run,
      {
        'system.pickSaveFile': () => ({ path: picked }),
        'runs.exportModel': ({ out, checkpoint }) => ({ path: out, checkpoint: checkpoint ?? 'best', step: 40, metrics: {}, inputs: ['x'], outputs: ['y'], bytes: 512 })
      },
      'zh-CN',
      true
    )
    await w.get('[data-testid="run-export"]').trigger('click')
    expect(w.get('[data-testid="run-export"]').text()).toBe('导出模型')
    expect((w.get('[data-testid="run-export-path"]').element as HTMLInputElement).value).toBe('C:\\data\\run-13.onnx')
    await w.get('[data-testid="run-export-browse"]').trigger('click')
    await flushPromises()
    expect(called('system.pickSaveFile')).toEqual([{ title: '导出模型', defaultPath: 'C:\\data\\run-13.onnx', extensions: ['onnx'] }])
    expect(called('runs.exportModel')).toEqual([])

    picked = 'D:\\models\\iris.onnx'
    await w.get('[data-testid="run-export-browse"]').trigger('click')
    await flushPromises()
    // The dialog asked about replacing a file already.
    expect(called('runs.exportModel')).toEqual([{ id: 13, out: 'D:\\models\\iris.onnx', checkpoint: 'best', overwrite: true }])
    expect(w.get('[data-testid="run-export-result"]').text()).toContain('已将第 40 步的最佳检查点（512 B）导出到：')
    w.unmount()
  })

  it('offers neither Resume nor Export on a run imported from another tool', async () => {
    const run = runFixture({ id: 9, name: 'lr-sweep #5', trainer: 'optuna', status: 'cancelled', startedAt: 1, endedAt: 2, source: 'optuna:/s.db#study=lr-sweep&trial=5' })
    const { w } = await open(run)
    expect(w.find('[data-testid="run-resume"]').exists()).toBe(false)
    expect(w.find('[data-testid="run-export"]').exists()).toBe(false)
    expect(w.text()).toContain('lr-sweep #5')
  })
})
