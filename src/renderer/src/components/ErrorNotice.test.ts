// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { AppError, codedIssue } from '../../../shared/errors'
import { formatMessage, messageText, msg, placeholders } from '../../../shared/messages'
import { en } from '../../../shared/messages/en'
import { createAppI18n } from '../i18n'
import { createFakeApi } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import ErrorNotice from './ErrorNotice.vue'

const codes = (obj: object, prefix = ''): string[] =>
  Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? codes(v, `${prefix}${k}.`) : [`${prefix}${k}`]))

const shown = (error: unknown, locale: 'en' | 'zh-CN') =>
  mountWithApp(ErrorNotice, { fake: createFakeApi({}), locale }, { props: { error } }).get('[data-testid="error-notice"] span').text()

describe('ErrorNotice', () => {
  it('words the engine’s refusals in the window language and shows other errors as the engine wrote them', () => {
    const held = new AppError('CONFLICT', 'Run 5 is still running under another ParamScope engine (process 4242)', {
      issues: [{ field: 'id', message: 'Run 5 is still running', rule: 'runHeld', values: { id: 5, pid: 4242 } }]
    })
    expect(shown(held, 'zh-CN')).toBe('运行 5 仍由另一个 ParamScope 引擎（进程 4242）管理；请在那里取消，或等待其结束。')
    expect(shown(held, 'en')).toBe('Run 5 is still active under another ParamScope engine (process 4242); cancel it there or wait until it ends.')
    // A parameter issue needs its field to make sense: the engine's message names it.
    const invalid = AppError.fromIssues('INVALID_CONFIG', [{ field: 'optimizer.lr', message: 'must be > 0 (got 0)', rule: 'minExclusive', values: { bound: 0, got: 0 } }])
    expect(shown(invalid, 'zh-CN')).toBe('取值无效：optimizer.lr：必须 > 0（当前为 0）')
    expect(shown(invalid, 'en')).toBe('Invalid value: optimizer.lr: must be > 0 (got 0)')
  })

  it('words a coded engine error in Chinese, nested parts and file names included', () => {
    const problem = msg('common.inFile', { file: 'fruit.csv', problem: msg('file.at', { place: msg('common.atLine', { line: 3 }), problem: msg('file.fieldCount', { count: 2, width: 3 }) }) })
    const refused = AppError.coded('DATASET_INVALID', problem, { issues: [codedIssue('dataset', problem)] })
    expect(refused.message).toBe('fruit.csv: line 3: 2 fields where the header has 3')
    expect(shown(refused, 'zh-CN')).toBe('fruit.csv：第 3 行：有 2 个字段，而表头有 3 个')
    expect(shown(refused, 'en')).toBe(refused.message)
    // A code this window does not know yet: the engine's English.
    expect(shown(new AppError('CONFLICT', 'Something new', { message: { code: 'run.somethingNew' } }), 'zh-CN')).toBe('Something new')
  })

  it('words a run refused for memory with its estimate, what is available and the fields to lower', () => {
    const values = { estimate: '14.2 GB', available: '7.63 GB', fields: 'model.hidden_size, model.layers' }
    const refused = AppError.fromIssues('INVALID_CONFIG', [{ field: 'model.hidden_size', message: 'the run would need about 14.2 GB of memory', rule: 'memory', values }], 'The run was not started')
    expect(shown(refused, 'zh-CN')).toBe('该运行预计需要约 14.2 GB 内存，超过可用的 7.63 GB。请减小 model.hidden_size, model.layers。')
    expect(shown(refused, 'en')).toBe('The run would need about 14.2 GB of memory, more than the 7.63 GB available. Lower model.hidden_size, model.layers.')
  })
})

describe('the engine catalog inside vue-i18n', () => {
  it('words every code as the CLI does, in both languages', () => {
    const i18n = createAppI18n('en')
    for (const locale of ['en', 'zh-CN'] as const) {
      i18n.global.locale.value = locale
      for (const code of codes(en)) {
        const values = Object.fromEntries(placeholders(messageText('en', code)!).map((p, i) => [p, `v${i}`]))
        expect(i18n.global.t(`engine.${code}`, values), code).toBe(formatMessage(locale, { code, values }))
      }
    }
  })
})
