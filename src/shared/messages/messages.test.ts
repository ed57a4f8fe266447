import { describe, expect, it } from 'vitest'
import { en } from './en'
import { zhCN } from './zh-CN'
import { formatMessage, hasMessage, messageText, msg, placeholders, reasonMessage } from './index'
import { codedLogLine, logText } from './log-lines'

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

describe('coded log lines', () => {
  it('keep the English readable and word the line in the reader language', () => {
    const line = codedLogLine(msg('log.oneHot', { column: 'region', levels: 4 }))
    expect(line.startsWith('region: one-hot, 4 levels\u001f')).toBe(true)
    const text = `plain line\n${line}\n`
    expect(logText(text, 'en')).toBe('plain line\nregion: one-hot, 4 levels\n')
    expect(logText(text, 'zh-CN')).toBe('plain line\nregion：独热编码，4 个水平\n')
    // A line cut mid-way (still arriving) shows its English.
    expect(logText(line.slice(0, -3), 'zh-CN')).toBe('region: one-hot, 4 levels')
  })

  it('word a run end reason by its rule', () => {
    expect(formatMessage('zh-CN', reasonMessage({ rule: 'killed', values: { signal: 'SIGTERM' } })!)).toBe('训练进程被 SIGTERM 终止')
    expect(reasonMessage({ rule: 'diskFull', values: { dir: '/d', free: '0 B', unsaved: 0 } })?.code).toBe('reasons.diskFullKept')
    expect(reasonMessage({ rule: 'noSuchRule', values: {} })).toBeUndefined()
  })
})
