// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { createFakeApi } from '../testing/fake-api'
import { mountWithApp } from '../testing/mount'
import ErrorNotice from './ErrorNotice.vue'

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
    expect(shown(invalid, 'zh-CN')).toBe('Invalid value: optimizer.lr: must be > 0 (got 0)')
  })

  it('words a run refused for memory with its estimate, what is available and the fields to lower', () => {
    const values = { estimate: '14.2 GB', available: '7.63 GB', fields: 'model.hidden_size, model.layers' }
    const refused = AppError.fromIssues('INVALID_CONFIG', [{ field: 'model.hidden_size', message: 'the run would need about 14.2 GB of memory', rule: 'memory', values }], 'The run was not started')
    expect(shown(refused, 'zh-CN')).toBe('该运行预计需要约 14.2 GB 内存，超过可用的 7.63 GB。请减小 model.hidden_size, model.layers。')
    expect(shown(refused, 'en')).toBe('The run would need about 14.2 GB of memory, more than the 7.63 GB available. Lower model.hidden_size, model.layers.')
  })
})
