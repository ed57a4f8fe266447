import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError } from '../../../shared/errors'
import type { TrainerInfo } from '../../../shared/schemas/params'
import { trainerDefinitions } from '../trainers/registry'
import { activeParams, checkStudy, parseStudyDefinition, parseStudyText, readStudyFile, studyText } from './definition'
import { planTrials } from './plan'

const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))

const base = {
  name: 'mlp sweep',
  trainer: 'mlp',
  dataset: '/data/blobs.csv',
  config: { training: { epochs: 3 } },
  space: {
    params: {
      'optimizer.lr': { type: 'float', low: 0.001, high: 0.1, log: true },
      'model.hidden_size': { type: 'int', low: 8, high: 64 },
      'optimizer.name': { type: 'categorical', choices: ['sgd', 'adamw'] },
      'optimizer.momentum': { type: 'float', low: 0.5, high: 0.95 }
    },
    conditions: { 'optimizer.momentum': { param: 'optimizer.name', equals: 'sgd' } }
  },
  design: { method: 'lhs', n: 6 },
  repeats: 2,
  seed: 11
}

/** The error's field issues as `field: message` lines. */
function issuesOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return ((err as AppError).details as { issues: { field: string; message: string }[] }).issues.map((i) => `${i.field}: ${i.message}`)
  }
  throw new Error('expected an error')
}

describe('study definitions', () => {
  it('fills every default, so an exported file states the whole study', () => {
    const d = parseStudyDefinition(base)
    expect(d).toMatchObject({
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      budget: {},
      pruner: { type: 'none' },
      onEngineStop: 'requeue',
      extensions: []
    })
    expect(parseStudyDefinition({ ...base, pruner: { type: 'median' } }).pruner).toEqual({ type: 'median', nStartupTrials: 5, nWarmupSteps: 0, intervalSteps: 1, nMinTrials: 1 })
  })

  it('names each bad field of the file', () => {
    expect(issuesOf(() => parseStudyDefinition({ ...base, design: { method: 'halton', n: 0 }, repeats: 0, objective: { value: 'at' } }))).toEqual([
      expect.stringMatching(/^design\.method: Invalid option: expected one of "grid"\|.*"tpe"/),
      'design.n: Too small: expected number to be >=1',
      'repeats: Too small: expected number to be >=1',
      'objective.step: give step exactly when value is "at"'
    ])
    expect(issuesOf(() => parseStudyDefinition({ ...base, datasetVersionId: 3 }))).toEqual(['dataset: give a dataset file or a datasetVersionId, not both'])
    expect(issuesOf(() => parseStudyText('name: x\ntrainer: mlp\nsurprise: 1\n', 'yaml', 'study.yaml'))).toContain('(input): Unrecognized key: "surprise"')
    expect(() => parseStudyText('name: [', 'yaml', 'study.yaml')).toThrow(/^study\.yaml: not valid YAML/)
  })

  it('checks the space, the config and the conditions against the trainer schema, all at once', () => {
    const bad = parseStudyDefinition({
      ...base,
      config: { 'optimizer.lr': -1 },
      space: {
        params: {
          'optimizer.lr': { type: 'float', low: 0, high: 0.1 },
          'model.hidden_size': { type: 'float', low: 8, high: 64 },
          'optimizer.name': { type: 'categorical', choices: ['sgd', 'rmsprop'] },
          'model.width': { type: 'int', low: 1, high: 2 },
          'data.batch_size': { type: 'int', low: 9, high: 3 }
        },
        conditions: { 'optimizer.momentum': { param: 'optimizer.name', equals: 'nadam' } }
      }
    })
    expect(issuesOf(() => checkStudy(bad, trainers))).toEqual([
      'config.optimizer.lr: must be > 0 (got -1)',
      'space.params.data.batch_size.high: must be greater than low (9)',
      'space.params.optimizer.lr.low: must be > 0 (got 0)',
      'space.params.model.hidden_size.type: is a whole-number parameter; search it as int',
      expect.stringMatching(/^space\.params\.optimizer\.name\.choices: "rmsprop" must be one of .*adamw/),
      'space.params.model.width: is not a parameter of trainer "mlp"',
      'space.conditions.optimizer.momentum: is not a parameter of the space',
      expect.stringMatching(/^space\.conditions\.optimizer\.momentum\.equals: "nadam" must be one of/)
    ])
    expect(issuesOf(() => checkStudy(parseStudyDefinition({ ...base, trainer: 'xgb' }), trainers))[0]).toMatch(/^trainer: unknown trainer "xgb" \(known: mlp/)
    expect(issuesOf(() => checkStudy(parseStudyDefinition({ ...base, space: { params: { 'training.seed': { type: 'int', low: 1, high: 9 } } } }), trainers))).toEqual([
      'repeats: training.seed is swept; repeat over seeds or sweep it, not both'
    ])
  })

  it('keeps a conditional parameter only while its condition holds', () => {
    const checked = checkStudy(parseStudyDefinition(base), trainers)
    const names = ['optimizer.name', 'optimizer.momentum']
    expect(activeParams(names, ['sgd', 0.7], checked)).toEqual({ 'optimizer.name': 'sgd', 'optimizer.momentum': 0.7 })
    expect(activeParams(names, ['adamw', 0.7], checked)).toEqual({ 'optimizer.name': 'adamw' })
    const trials = planTrials(checked)
    expect(trials.every((t) => ('optimizer.momentum' in t.params) === (t.params['optimizer.name'] === 'sgd'))).toBe(true)
  })

  it('plans n × repeats trials, and the exported file plans the same trials with the same hashes', () => {
    const checked = checkStudy(parseStudyDefinition(base), trainers)
    const trials = planTrials(checked)
    expect(trials).toHaveLength(12)
    expect(new Set(trials.map((t) => t.hash)).size).toBe(12)
    expect(trials.map((t) => t.repeat)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1])
    expect(trials.map((t) => t.seed)).toEqual([11, 11, 11, 11, 11, 11, 12, 12, 12, 12, 12, 12])
    for (const format of ['yaml', 'json'] as const) {
      const again = checkStudy(parseStudyText(studyText(checked.definition, format), format), trainers)
      expect(again.definition).toEqual(checked.definition)
      expect(planTrials(again).map((t) => t.hash)).toEqual(trials.map((t) => t.hash))
    }
  })

  it('extends into a wider space as a warm start, and refuses one that is not wider, naming the field', () => {
    const lr = (low: number, high: number) => ({ 'optimizer.lr': { type: 'float', low, high, log: true } })
    const narrow = checkStudy(parseStudyDefinition({ ...base, space: { params: lr(0.001, 0.01) }, design: { method: 'random', n: 6 }, repeats: 1 }), trainers)
    const wide = checkStudy({ ...narrow.definition, extensions: [{ n: 30, repeats: 0, space: { params: lr(0.0001, 0.1) } }] }, trainers)
    const trials = planTrials(wide)
    expect(trials.slice(0, 6).map((t) => t.hash)).toEqual(planTrials(narrow).map((t) => t.hash))
    const values = trials.map((t) => t.params['optimizer.lr'] as number)
    expect(values.slice(0, 6).every((v) => v >= 0.001 && v <= 0.01)).toBe(true)
    expect(values.slice(6).every((v) => v >= 0.0001 && v <= 0.1)).toBe(true)
    expect(values.slice(6).some((v) => v < 0.001 || v > 0.01)).toBe(true)
    expect(wide.space.params[0]).toMatchObject({ low: 0.0001, high: 0.1 })
    const refused = { ...narrow.definition, extensions: [{ n: 3, repeats: 0, space: { params: { ...lr(0.002, 0.01), 'model.hidden_size': { type: 'int', low: 4, high: 8 } } } }] }
    expect(issuesOf(() => checkStudy(refused, trainers))).toEqual([
      'extensions.0.space.params.optimizer.lr.low: must be at most the earlier low (0.001)',
      'extensions.0.space.params.model.hidden_size: is not swept before this extension; a warm start keeps the same parameters'
    ])
  })

  it('reads a dataset path in a study file from the file\'s folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-study-file-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    mkdirSync(join(dir, 'studies'))
    const file = join(dir, 'studies', 'sweep.yaml')
    writeFileSync(file, studyText(parseStudyDefinition({ ...base, dataset: '../data/blobs.csv' }), 'yaml'))
    expect(readStudyFile(file).dataset).toBe(join(dir, 'data', 'blobs.csv'))
    expect(() => readStudyFile(join(dir, 'studies', 'sweep.txt'))).toThrow(/sweep\.txt: use a \.json, \.yaml or \.yml file/)
  })

  it('draws a seed when none is given and keeps it', () => {
    const checked = checkStudy(parseStudyDefinition({ ...base, seed: undefined }), trainers)
    expect(Number.isInteger(checked.definition.seed)).toBe(true)
    expect(planTrials(checkStudy(checked.definition, trainers)).map((t) => t.hash)).toEqual(planTrials(checked).map((t) => t.hash))
  })

  it('extends with more points and more repeats, keeping the trials planned before in their places', () => {
    const checked = checkStudy(parseStudyDefinition({ ...base, repeats: 1 }), trainers)
    const before = planTrials(checked)
    const extended = checkStudy({ ...checked.definition, extensions: [{ n: 3, repeats: 0 }, { n: 0, repeats: 1 }] }, trainers)
    const after = planTrials(extended)
    expect(after.slice(0, before.length).map((t) => t.hash)).toEqual(before.map((t) => t.hash))
    expect(after).toHaveLength(6 + 3 + 9)
    expect(after.slice(9).every((t) => t.repeat === 1)).toBe(true)
    expect(issuesOf(() => checkStudy({ ...checked.definition, design: { method: 'grid', n: 3 }, extensions: [{ n: 2, repeats: 0 }] }, trainers))).toEqual([
      'extensions.0.n: a grid design has no more points to add; add repeats instead'
    ])
  })
})
