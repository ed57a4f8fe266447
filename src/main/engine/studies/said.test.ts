import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { catalogs, formatMessage, hasMessage, messageLocales, msg, placeholders } from '../../../shared/messages'
import type { PruneReasonCode } from './pruners/curves'
import { pruneMessage, pruneReasonText } from './pruners/messages'
import { errorReason, runEnded, studySaid, studySays, trialSaid } from './said'
import { openTestStore, tempStoreFile } from '../store/testing'
import { StudyDefinition } from '../../../shared/schemas/studies'

const pruneCodes: PruneReasonCode[] = ['median', 'rung', 'bracketRung', 'rungBootstrap', 'nonFinite']

describe('study and trial messages', () => {
  it('word every study, trial and pruner code in English and Chinese, with the same placeholders', () => {
    const groups = ['status', 'trial', 'pruned'] as const
    for (const group of groups) {
      const english = catalogs.en.studies[group]
      expect(Object.keys(catalogs['zh-CN'].studies[group]).sort(), group).toEqual(Object.keys(english).sort())
      for (const [key, text] of Object.entries(english)) {
        const chinese = (catalogs['zh-CN'].studies[group] as Record<string, string>)[key]
        expect(chinese, `${group}.${key}`).toMatch(/[\u4e00-\u9fff]/)
        expect(placeholders(chinese), `${group}.${key}`).toEqual(placeholders(text))
      }
    }
    for (const code of pruneCodes) expect(hasMessage(pruneMessage({ code, values: {} }).code), code).toBe(true)
  })

  it('keep the English beside the code, and null clears both', () => {
    expect(studySaid('studies.status.budgetTrials', { max: 3 })).toEqual({
      statusMessage: 'budget of 3 trials reached',
      statusCoded: { code: 'studies.status.budgetTrials', values: { max: 3 } }
    })
    expect(formatMessage('zh-CN', studySaid('studies.status.budgetTrials', { max: 3 }).statusCoded!)).toBe('已达到 3 个试验的预算')
    expect(studySays(null)).toEqual({ statusMessage: null, statusCoded: null })
    expect(trialSaid('studies.trial.requeued').message).toBe('queued again; resumes from its last checkpoint')
  })

  it('word a pruned trial with its numbers to three digits, in each language', () => {
    const reason = { code: 'median' as const, values: { step: 2, best: 0.85123, median: 0.8, trials: 5 } }
    expect(pruneMessage(reason)).toEqual({ code: 'studies.pruned.median', values: { step: '2', best: '0.851', median: '0.8', trials: '5' } })
    expect(pruneReasonText('zh-CN', reason)).toBe('在第 2 步剪枝：目前最好值 0.851 劣于 5 个已完成试验在该步的中位数 0.8。')
  })

  it('say why a run failed its trial: its status, worded, and its reason, coded where the run has one', () => {
    const crashed = runEnded({ id: 7, status: 'crashed', statusMessage: 'exit 3', statusReason: null })
    expect(formatMessage('en', crashed)).toBe('run 7 crashed: exit 3')
    expect(formatMessage('zh-CN', crashed)).toMatch(/^运行 7 \S+：exit 3$/)
    const killed = runEnded({ id: 8, status: 'crashed', statusMessage: 'killed by SIGTERM', statusReason: { rule: 'killed', values: { signal: 'SIGTERM' } } })
    expect(formatMessage('zh-CN', killed)).toContain('训练进程被 SIGTERM 终止')
    expect(formatMessage('en', runEnded({ id: 9, status: 'diverged', statusMessage: null, statusReason: null }))).toBe('run 9 diverged')
    expect(errorReason(AppError.coded('INVALID_INPUT', msg('problems.required')))).toEqual({ code: 'problems.required', values: {} })
    expect(errorReason(new Error('disk full'))).toBe('disk full')
  })
})

describe('the ledger', () => {
  it('keeps a message code beside the English, and drops the code when a message comes without one', () => {
    for (const locale of messageLocales) expect(hasMessage('studies.status.paused'), locale).toBe(true)
    const store = openTestStore(tempStoreFile())
    const experimentId = store.experiments.create({ name: 'exp' }).id
    const definition = StudyDefinition.parse({
      name: 's',
      trainer: 'mlp',
      dataset: '/d.csv',
      space: { params: { 'optimizer.lr': { type: 'float', low: 0.001, high: 0.1 } } },
      design: { method: 'lhs', n: 2 },
      seed: 1
    })
    const study = store.studies.create({ experimentId, name: 's', trainer: 'mlp', definition })
    expect(store.studies.get(study.id)!.statusCoded).toBeNull()
    store.studies.update(study.id, { status: 'paused', ...studySaid('studies.status.pausedByProcess', { pid: 12 }) })
    expect(store.studies.get(study.id)).toMatchObject({ statusMessage: 'paused by process 12', statusCoded: { code: 'studies.status.pausedByProcess', values: { pid: 12 } } })
    store.studies.update(study.id, { status: 'running', statusMessage: null })
    expect(store.studies.get(study.id)).toMatchObject({ statusMessage: null, statusCoded: null })

    store.studies.enqueue(study.id, [{ params: { 'optimizer.lr': 0.01 }, repeat: 0, seed: null, hash: 'h1' }])
    const [t] = store.studies.trials(study.id)
    store.studies.updateTrial(t.id, { status: 'queued', ...trialSaid('studies.trial.requeued') })
    expect(store.studies.getTrial(t.id)!.messageCoded).toEqual({ code: 'studies.trial.requeued', values: {} })
    // Claiming it again clears the message and its code.
    const claimed = store.studies.claimNext(study.id, { pid: 1, start: 's', instance: 'i' })!
    expect(claimed).toMatchObject({ message: null, messageCoded: null })
    store.studies.updateTrial(t.id, { status: 'failed', message: 'plain English' })
    expect(store.studies.getTrial(t.id)).toMatchObject({ message: 'plain English', messageCoded: null })
  })
})
