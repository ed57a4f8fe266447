// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
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
})
