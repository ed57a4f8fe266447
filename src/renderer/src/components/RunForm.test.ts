// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { useRunForm } from '../composables/use-run-form'
import { createAppI18n } from '../i18n'
import { trainerFixture } from '../testing/fixtures'
import RunForm from './RunForm.vue'

// A host that owns the form state, as NewRunView does.
const Host = defineComponent({
  setup() {
    const form = useRunForm(() => trainerFixture)
    return () => h(RunForm, { trainer: trainerFixture, form })
  }
})

const field = (w: ReturnType<typeof mount>, key: string) => w.get(`[data-testid="field-${key}"]`)

describe('RunForm', () => {
  function mountForm(locale: 'en' | 'zh-CN' = 'en') {
    return mount(Host, { global: { plugins: [createAppI18n(locale)] } })
  }

  it('builds one section per group in schema order, undeclared groups last, with typed inputs and defaults', () => {
    const w = mountForm()
    const groups = w.findAll('details').map((d) => d.attributes('data-testid'))
    expect(groups).toEqual(['group-optimizer', 'group-data', 'group-(other)'])
    expect(w.get('[data-testid="group-optimizer"] summary').text()).toContain('Optimizer')
    expect((field(w, 'optimizer.lr').element as HTMLInputElement).value).toBe('1e-3')
    expect(field(w, 'data.batch_size').attributes('type')).toBe('text')
    expect(field(w, 'data.batch_size').attributes('inputmode')).toBe('numeric')
    expect(field(w, 'optimizer.name').element.tagName).toBe('SELECT')
    expect(field(w, 'runtime.shuffle').attributes('type')).toBe('checkbox')
    expect(w.get('[data-testid="param-optimizer.lr"]').text()).toContain('usually 1e-4 – 0.01')
    expect(w.get('[data-testid="param-data.batch_size"]').text()).toContain('default: 32')
    expect(w.find('[data-testid^="changed-"]').exists()).toBe(false)
  })

  it('shows schema labels in the chosen language', () => {
    const w = mountForm('zh-CN')
    expect(w.get('[data-testid="group-optimizer"] summary').text()).toContain('优化器')
    expect(w.get('[data-testid="param-optimizer.lr"]').text()).toContain('学习率')
  })

  it('marks values that differ from the default, but not the same value in other notation', async () => {
    const w = mountForm()
    await field(w, 'optimizer.lr').setValue('0.001')
    expect(w.find('[data-testid="changed-optimizer.lr"]').exists()).toBe(false)
    await field(w, 'optimizer.lr').setValue('3e-4')
    expect(w.find('[data-testid="changed-optimizer.lr"]').exists()).toBe(true)
    await field(w, 'runtime.shuffle').setValue(false)
    expect(w.find('[data-testid="changed-runtime.shuffle"]').exists()).toBe(true)
    await field(w, 'optimizer.name').setValue('sgd')
    expect(w.get('[data-testid="param-optimizer.name"]').classes()).toContain('is-changed')
  })

  it('refuses a list typed into a number field instead of joining its digits, in both languages', async () => {
    for (const [locale, words] of [['en', 'takes one number, not a list (got "16,64,256")'], ['zh-CN', '只能填一个数字，不能填列表（当前为 "16,64,256"）']] as const) {
      const w = mountForm(locale)
      await field(w, 'data.batch_size').setValue('16,64,256')
      expect(w.get('[data-testid="error-data.batch_size"]').text()).toContain(words)
      expect(w.get('[data-testid="param-data.batch_size"] label').text()).toContain(locale === 'en' ? 'Batch size' : '批大小')
    }
  })

  it('shows inline errors as the user types and clears them when the value is fixed', async () => {
    const w = mountForm()
    await field(w, 'optimizer.lr').setValue('-1')
    expect(w.get('[data-testid="error-optimizer.lr"]').text()).toBe('must be > 0 (got -1)')
    await field(w, 'data.batch_size').setValue('2.5')
    expect(w.get('[data-testid="error-data.batch_size"]').text()).toBe('must be a whole number (got 2.5)')
    await field(w, 'optimizer.lr').setValue('1e-2')
    expect(w.find('[data-testid="error-optimizer.lr"]').exists()).toBe(false)
  })

  it('words inline errors in the chosen language', async () => {
    const w = mountForm('zh-CN')
    await field(w, 'optimizer.lr').setValue('-1')
    expect(w.get('[data-testid="error-optimizer.lr"]').text()).toBe('必须 > 0（当前为 -1）')
  })

  it('resets every field to its default', async () => {
    const w = mountForm()
    const reset = w.get('[data-testid="reset-defaults"]')
    expect(reset.attributes('disabled')).toBeDefined()
    await field(w, 'optimizer.lr').setValue('-5')
    await field(w, 'runtime.shuffle').setValue(false)
    await reset.trigger('click')
    expect((field(w, 'optimizer.lr').element as HTMLInputElement).value).toBe('1e-3')
    expect((field(w, 'runtime.shuffle').element as HTMLInputElement).checked).toBe(true)
    expect(w.find('.field-error').exists()).toBe(false)
    expect(w.find('[data-testid^="changed-"]').exists()).toBe(false)
  })
})
