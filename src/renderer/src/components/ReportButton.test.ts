// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import { useAppStore } from '../stores/app'
import ReportButton from './ReportButton.vue'

describe('the Report button', () => {
  it('writes a study report as HTML in Chinese with the chosen paper and shows the file', async () => {
    const fake = createFakeApi({
      'reports.create': (input) => ({ path: `/home/me/${input.out}`, format: input.format ?? 'pdf', bytes: 2048, htmlPath: null, runs: 12, printer: null })
    })
    const w = mountWithApp(ReportButton, { fake, locale: 'zh-CN' }, { props: { source: { kind: 'study', studyId: 3 }, name: 'LR sweep' } })
    expect(w.find('[data-testid="report-panel"]').exists()).toBe(false)
    await w.find('[data-testid="report-open"]').trigger('click')
    expect(w.find('[data-testid="report-open"]').text()).toBe('报告')
    expect((w.find('[data-testid="report-path"]').element as HTMLInputElement).value).toBe('LR-sweep-report.pdf')
    await w.find('[data-testid="report-format"]').setValue('html')
    expect((w.find('[data-testid="report-path"]').element as HTMLInputElement).value).toBe('LR-sweep-report.html')
    await w.find('[data-testid="report-paper"]').setValue('letter')
    await w.find('[data-testid="report-landscape"]').setValue(true)
    await w.find('form').trigger('submit')
    await flushPromises()
    const call = fake.calls.find((c) => c.method === 'reports.create')!
    expect(call.input).toMatchObject({ source: { kind: 'study', studyId: 3 }, lang: 'zh-CN', paper: 'letter', landscape: true, format: 'html', out: 'LR-sweep-report.html' })
    expect(w.find('[data-testid="report-result"]').text()).toContain('已写出 12 次运行')
    expect(w.find('[data-testid="report-written-path"]').text()).toBe('/home/me/LR-sweep-report.html')
  })

  it('shows the engine’s refusal in the reader’s language', async () => {
    const fake = createFakeApi({
      'reports.create': () => {
        throw AppError.coded('UNSUPPORTED', msg('report.error.noChromium'))
      }
    })
    const w = mountWithApp(ReportButton, { fake, locale: 'en' }, { props: { source: { kind: 'experiment', experimentId: 1 }, name: 'x' } })
    await w.find('[data-testid="report-open"]').trigger('click')
    await w.find('form').trigger('submit')
    await flushPromises()
    expect(w.text()).toContain('No Chromium to print the PDF')
  })

  it('writes where the save dialog says in the desktop app, nothing when it is cancelled; asks for a path when there is none', async () => {
    let picked: string | null = null
    const fake = createFakeApi({
      'app.info': () => ({ version: '0.1.0', dataDir: '/d', platform: 'linux-x64', providers: ['cpu'], nativeDialogs: true }),
      'system.pickSaveFile': () => ({ path: picked }),
      'reports.create': (input) => ({ path: input.out, format: input.format ?? 'pdf', bytes: 10, htmlPath: null, runs: 2, printer: null })
    })
    const w = mountWithApp(ReportButton, { fake, locale: 'en' }, { props: { source: { kind: 'runs', runIds: [1, 2] }, name: '//' } })
    await useAppStore().loadInfo()
    await w.find('[data-testid="report-open"]').trigger('click')
    // A name with nothing a file name can keep.
    expect((w.find('[data-testid="report-path"]').element as HTMLInputElement).value).toBe('report-report.pdf')
    await w.find('[data-testid="report-browse"]').trigger('click')
    await flushPromises()
    expect(fake.calls.filter((c) => c.method === 'system.pickSaveFile').map((c) => c.input)).toEqual([{ title: 'Comparison report', defaultPath: 'report-report.pdf', extensions: ['pdf'] }])
    expect(fake.calls.some((c) => c.method === 'reports.create')).toBe(false)
    picked = '/home/me/chosen.pdf'
    await w.find('[data-testid="report-browse"]').trigger('click')
    await flushPromises()
    expect(fake.calls.find((c) => c.method === 'reports.create')!.input).toMatchObject({ out: '/home/me/chosen.pdf', source: { kind: 'runs', runIds: [1, 2] } })
    await w.find('[data-testid="report-path"]').setValue('  ')
    expect(w.find('[role="alert"]').text()).toBe('Name the file to write')
    expect(w.find('[data-testid="report-create"]').attributes('disabled')).toBeDefined()
  })

  it('opens its panel toward the wider side of the window, so none of it is cut off', async () => {
    const w = mountWithApp(ReportButton, { fake: createFakeApi({}), locale: 'en' }, { props: { source: { kind: 'runs', runIds: [1] }, name: 'x' } })
    const at = (left: number) => vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ left, width: 80, top: 0, height: 30, right: left + 80, bottom: 30, x: left, y: 0, toJSON: () => ({}) })
    // A button at the left of the window (the runs table's selection bar), then one at its right (a page header).
    at(40)
    await w.find('[data-testid="report-open"]').trigger('click')
    expect(w.find('[data-testid="report-panel"]').classes()).toContain('opens-right')
    await w.find('[data-testid="report-open"]').trigger('click')
    at(window.innerWidth - 100)
    await w.find('[data-testid="report-open"]').trigger('click')
    expect(w.find('[data-testid="report-panel"]').classes()).not.toContain('opens-right')
    vi.restoreAllMocks()
  })
})
