// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Experiment } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { createFakeApi, flushPromises } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import ExperimentsView from './ExperimentsView.vue'

function experiment(id: number, name: string): Experiment {
  return { id, name, description: `about ${name}`, createdAt: 1_700_000_000_000, runCount: 2, activeRunCount: 1 }
}

describe('ExperimentsView', () => {
  it('lists experiments, creates one, and shows a duplicate name next to the name field', async () => {
    const list = [experiment(1, 'lr sweep')]
    const fake = createFakeApi({
      'experiments.list': () => [...list],
      'experiments.create': ({ name, description }) => {
        if (list.some((e) => e.name === name)) throw new AppError('CONFLICT', `An experiment named "${name}" already exists`)
        const created = { ...experiment(list.length + 1, name), description: description ?? '', runCount: 0, activeRunCount: 0 }
        list.unshift(created)
        return created
      }
    })
    const w = mountWithApp(ExperimentsView, { fake })
    await flushPromises()
    const rows = w.findAll('[data-testid="experiment-row"]')
    expect(rows).toHaveLength(1)
    expect(rows[0].text()).toContain('lr sweep')
    expect(rows[0].text()).toContain('about lr sweep')

    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    expect(w.get('[data-testid="experiment-name-error"]').text()).toBe('Enter a name')

    await w.get('[data-testid="experiment-name"]').setValue('lr sweep')
    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    await flushPromises()
    expect(w.get('[data-testid="experiment-name-error"]').text()).toBe('An experiment named “lr sweep” already exists')

    await w.get('[data-testid="experiment-name"]').setValue('batch size')
    expect(w.find('[data-testid="experiment-name-error"]').exists()).toBe(false)
    await w.get('[data-testid="experiment-create-form"]').trigger('submit')
    await flushPromises()
    expect(w.findAll('[data-testid="experiment-row"]').map((r) => r.attributes('data-experiment-id'))).toEqual(['2', '1'])
    expect((w.get('[data-testid="experiment-name"]').element as HTMLInputElement).value).toBe('')
  })

  it('reloads the list when the engine says experiments changed', async () => {
    const list = [experiment(1, 'a')]
    const fake = createFakeApi({ 'experiments.list': () => [...list] })
    const w = mountWithApp(ExperimentsView, { fake }, { props: {} })
    await flushPromises()
    list.unshift(experiment(2, 'made by the CLI'))
    fake.emit('experiments.changed', {})
    await flushPromises()
    expect(w.findAll('[data-testid="experiment-row"]')).toHaveLength(2)
  })

  it('shows a failed load with its error code in the chosen language', async () => {
    const fake = createFakeApi({ 'experiments.list': () => Promise.reject(new AppError('UNAUTHORIZED', 'Missing token')) })
    const w = mountWithApp(ExperimentsView, { fake, locale: 'zh-CN' })
    await flushPromises()
    expect(w.get('[data-testid="error-notice"]').text()).toContain('未授权')
    expect(w.get('[data-testid="error-notice"]').text()).toContain('Missing token')
  })
})
