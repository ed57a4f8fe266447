import { describe, expect, it } from 'vitest'
import { AppError, clipText, quoteInput, toErrorPayload, MAX_ISSUES, MAX_MESSAGE_CHARS, errorText } from './errors'

const huge = 'x'.repeat(3_000_000)

describe('quoting input in messages', () => {
  it('keeps short text whole and cuts long text to its start and its length', () => {
    expect(clipText('short')).toBe('short')
    expect(clipText('y'.repeat(200))).toBe('y'.repeat(200))
    expect(clipText(huge)).toBe(`${'x'.repeat(200)}… (3000000 characters)`)
    expect(quoteInput('adam')).toBe('"adam"')
    expect(quoteInput(huge)).toBe(`"${'x'.repeat(200)}"… (3000000 characters)`)
    expect(quoteInput(0.5)).toBe('0.5')
  })

  it('never cuts a character made of two UTF-16 units in half', () => {
    const clipped = clipText(`${'a'.repeat(199)}${'😀'.repeat(10)}`)
    expect(clipped.startsWith(`${'a'.repeat(199)}…`)).toBe(true)
    expect(clipped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
  })
})

describe('error payloads', () => {
  it('lists the first issues in the message and counts the rest', () => {
    const issues = Array.from({ length: 25 }, (_, i) => ({ field: `k${i}`, message: 'is not a parameter of this trainer' }))
    const err = AppError.fromIssues('INVALID_CONFIG', issues, 'Invalid config')
    expect(err.message).toContain('k19: is not a parameter')
    expect(err.message).not.toContain('k20:')
    expect(err.message.endsWith('; and 5 more')).toBe(true)
    expect(err.details?.issues).toHaveLength(25)
  })

  it('caps what any error quotes back, whoever built it', () => {
    const fromEngine = new AppError('NOT_FOUND', `No file at ${huge}`, { issues: [{ field: huge, message: `no file ${huge}`, rule: 'x', values: { got: huge, n: 3 } }] })
    const payload = toErrorPayload(fromEngine)
    expect(payload.code).toBe('NOT_FOUND')
    expect(JSON.stringify(payload).length).toBeLessThan(10_000)
    expect(payload.message).toBe(`No file at ${huge}`.slice(0, MAX_MESSAGE_CHARS) + '… (3000011 characters)')
    expect(payload.details?.issues?.[0]).toMatchObject({ field: clipText(huge), rule: 'x', values: { got: clipText(huge), n: 3 } })
    expect(toErrorPayload(new Error(huge)).message.length).toBeLessThan(MAX_MESSAGE_CHARS + 50)
  })

  it('carries at most MAX_ISSUES issues and says how many it left out', () => {
    const issues = Array.from({ length: MAX_ISSUES + 7 }, (_, i) => ({ field: `k${i}`, message: 'bad' }))
    const payload = toErrorPayload(new AppError('INVALID_CONFIG', 'bad', { issues }))
    expect(payload.details?.issues).toHaveLength(MAX_ISSUES)
    expect(payload.details?.omittedIssues).toBe(7)
  })

  it('leaves ordinary errors as they were', () => {
    expect(toErrorPayload(new AppError('CONFLICT', 'taken'))).toEqual({ code: 'CONFLICT', message: 'taken' })
    expect(toErrorPayload(new Error('disk on fire'))).toEqual({ code: 'INTERNAL', message: 'disk on fire' })
  })
})

describe('coded errors', () => {
  it('keep the English message and carry the code for another language', () => {
    const err = AppError.coded('DATASET_INVALID', { code: 'file.empty' }, { file: 'a.csv' })
    expect(err.message).toBe('the file is empty')
    expect(errorText(err.toJSON(), 'zh-CN')).toBe('文件为空')
    expect(errorText({ code: 'INTERNAL', message: 'boom' }, 'zh-CN')).toBe('boom')
  })

  it('word a list of issues by their rules, quoting an uncoded one in English', () => {
    const err = AppError.fromIssues('INVALID_CONFIG', [
      { field: 'optimizer.lr', message: 'must be ≥ 0 (got -1)', rule: 'min', values: { bound: 0, got: -1 } },
      { field: 'x', message: 'odd' }
    ], { code: 'run.notStarted' })
    expect(err.message).toBe('The run was not started: optimizer.lr: must be ≥ 0 (got -1); x: odd')
    expect(errorText(toErrorPayload(err), 'zh-CN')).toBe('运行未开始：optimizer.lr：必须 ≥ 0（当前为 -1）；x：odd')
  })
})
