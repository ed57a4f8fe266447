import { describe, expect, it } from 'vitest'
import { en } from './en'
import { zhCN } from './zh-CN'
import { formatMessage, hasMessage, messageText, msg, placeholders } from './index'

function leaves(obj: object, prefix = ''): [string, string][] {
  return Object.entries(obj).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? leaves(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v as string]]))
}

describe('the engine message catalog', () => {
  it('has every code in both languages, with the same placeholders and no empty text', () => {
    const english = leaves(en)
    expect(leaves(zhCN).map(([code]) => code)).toEqual(english.map(([code]) => code))
    for (const [code, text] of english) {
      const chinese = messageText('zh-CN', code)!
      expect(chinese.trim(), code).not.toBe('')
      expect(placeholders(chinese), code).toEqual(placeholders(text))
    }
  })

  it('avoids the characters vue-i18n reads as syntax', () => {
    for (const [code, text] of [...leaves(en), ...leaves(zhCN)]) expect(text, code).not.toMatch(/[@|%]|\{(?!\w+\})/)
  })

  it('fills values and words nested messages and lists in the same language', () => {
    const problem = msg('file.fieldCount', { count: 2, width: 3 })
    const message = msg('common.inFileAt', { file: 'a.csv', place: msg('common.atLine', { line: 3 }), problem })
    expect(formatMessage('en', message)).toBe('a.csv: line 3: 2 fields where the header has 3')
    expect(formatMessage('zh-CN', message)).toBe('a.csv：第 3 行：有 2 个字段，而表头有 3 个')
    const list = msg('common.issueList', { prefix: msg('run.notStarted'), issues: [msg('common.fieldIssue', { field: 'x', problem: msg('problems.required') }), 'y: as said'] })
    expect(formatMessage('en', list)).toBe('The run was not started: x: must not be empty; y: as said')
    expect(formatMessage('zh-CN', list)).toBe('运行未开始：x：不能为空；y: as said')
  })

  it('falls back to English, then to the code, for a code it lacks', () => {
    expect(hasMessage('file.empty')).toBe(true)
    expect(hasMessage('file.nothingLikeThis')).toBe(false)
    expect(formatMessage('zh-CN', { code: 'file.nothingLikeThis' })).toBe('file.nothingLikeThis')
    expect(formatMessage('en', { code: 'problems.min', values: { bound: 1 } })).toBe('must be ≥ 1 (got {got})')
  })
})
