// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { TrainerInfo } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import en from '../i18n/trainers-en'
import { createAppI18n, locales } from '../i18n'
import { createFakeApi } from '../testing/fake-api'
import { trainerFixture } from '../testing/fixtures'
import { mountWithApp } from '../testing/mount'
import TrainersView from './TrainersView.vue'

const script: TrainerInfo = { ...trainerFixture, id: 'my-script', command: ['${python}', 'train.py', '--name', 'my run', '${args}'] }

function setUp(add: (input: { definition: Record<string, unknown>; replace?: boolean }) => unknown) {
  const registered: TrainerInfo[] = [trainerFixture, script]
  const fake = createFakeApi({
    'trainers.list': () => registered,
    'trainers.add': (input) => add(input) as never,
    'trainers.export': ({ name }) => ({ name, text: `name: ${name}\ncommand: [python3, train.py]\n` })
  })
  return fake
}

const leaves = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`]))

describe('TrainersView', () => {
  it('lists built-in and command trainers, a command trainer with its command line and actions', async () => {
    const fake = setUp(() => undefined)
    const page = mountWithApp(TrainersView, { fake })
    await flushPromises()
    const rows = page.findAll('[data-testid="trainer-row"]')
    expect(rows.map((r) => r.attributes('data-kind'))).toEqual(['builtin', 'command'])
    expect(rows[1]!.get('[data-testid="trainer-command"]').text()).toBe('${python} train.py --name "my run" ${args}')
    expect(rows[0]!.find('[data-testid="trainer-remove"]').exists()).toBe(false)

    await rows[1]!.get('[data-testid="trainer-edit"]').trigger('click')
    await flushPromises()
    expect((page.get('[data-testid="trainer-definition"]').element as HTMLTextAreaElement).value).toContain('name: my-script')
  })

  it('names each problem by field in the window language, and replaces a taken name only after asking', async () => {
    const calls: boolean[] = []
    const fake = setUp(({ replace }) => {
      calls.push(replace ?? false)
      if (calls.length === 1) {
        throw AppError.fromIssues('INVALID_INPUT', [codedIssue('params.0.max', msg('commandTrainers.problems.minAboveMax', { min: 5, max: 1 }))], msg('commandTrainers.invalid'))
      }
      if (!replace) throw AppError.coded('CONFLICT', msg('commandTrainers.cli.exists', { name: 'my-script' }))
      return { trainer: script, replaced: true }
    })
    const page = mountWithApp(TrainersView, { fake, locale: 'zh-CN' })
    await flushPromises()
    await page.get('[data-testid="trainer-definition"]').setValue('name: my-script\ncommand: [python3, train.py]\n')
    await page.get('[data-testid="trainer-register"]').trigger('click')
    await flushPromises()
    const issue = page.get('[data-testid="trainer-issue"]')
    expect(issue.attributes('data-field')).toBe('params.0.max')
    expect(issue.text()).toContain('params.0.max')
    expect(issue.text()).not.toContain('min 5 is above max 1')

    await page.get('[data-testid="trainer-register"]').trigger('click')
    await flushPromises()
    expect(page.get('[data-testid="confirm-dialog"]').text()).toContain('my-script')
    await page.get('[data-testid="confirm-yes"]').trigger('click')
    await flushPromises()
    expect(calls).toEqual([false, false, true])
    expect(page.get('[data-testid="trainer-registered"]').text()).toBe('已替换命令训练器 my-script。')
  })

  it('says what is wrong with text that is not YAML before asking the engine', async () => {
    const fake = setUp(() => undefined)
    const page = mountWithApp(TrainersView, { fake })
    await flushPromises()
    await page.get('[data-testid="trainer-definition"]').setValue('name: [unclosed\n')
    await page.get('[data-testid="trainer-register"]').trigger('click')
    await flushPromises()
    expect(page.get('[data-testid="trainer-problem"]').text()).toMatch(/not valid YAML/)
    expect(fake.calls.map((c) => c.method)).not.toContain('trainers.add')
  })
})

describe('Draft from --help', () => {
  it('sends the command as an argument list and puts the draft in the editor', async () => {
    const inputs: unknown[] = []
    const fake = createFakeApi({
      'trainers.list': () => [trainerFixture],
      'trainers.draft': (input) => {
        inputs.push(input)
        return { text: 'name: train\ncommand: [python3, train.py, ${args}]\n', params: 3, style: 'argparse' as const }
      }
    })
    const page = mountWithApp(TrainersView, { fake, locale: 'zh-CN' })
    await flushPromises()
    await page.get('[data-testid="draft-command"]').setValue('python3 "my train.py" --config a.json')
    await page.get('[data-testid="draft-cwd"]').setValue('/home/me/project')
    await page.get('[data-testid="draft-run"]').trigger('click')
    await flushPromises()
    expect(inputs).toEqual([{ command: ['python3', 'my train.py', '--config', 'a.json'], cwd: '/home/me/project' }])
    expect((page.get('[data-testid="trainer-definition"]').element as HTMLTextAreaElement).value).toContain('name: train')
    expect(page.get('[data-testid="draft-done"]').text()).toBe('已生成 3 个参数（argparse 帮助）；请编辑定义后再注册。')
  })
})

describe('trainers messages', () => {
  // vue-i18n compiles a message on first use: a stray brace, `|` or `@` only fails on screen.
  it('compile and render in every language', () => {
    for (const locale of locales) {
      const { t } = createAppI18n(locale).global
      for (const key of leaves(en)) {
        const text = t(`trainers.${key}`, { name: 'n', count: 2, style: 's', file: 'f', reason: 'r', got: 'g', example: 'e' }, 2)
        expect(text, `${locale} trainers.${key}`).not.toMatch(/^trainers\.|\{\w+\}/)
      }
    }
  })
})
