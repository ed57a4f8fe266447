import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { mlpGroups, mlpParamSpecs } from '../trainers/mlp/params'
import { parseSpace, parseSpaceText, readSpaceFile } from './space'
import { spaceFromTrainer } from './space-from-trainer'
import { gridLevels, levelValues, unitOf, valueAt } from './space-values'

const example = {
  params: {
    'optimizer.lr': { type: 'float', low: 1e-5, high: 0.1, log: true },
    'model.layers': { type: 'int', low: 1, high: 4 },
    'optimizer.name': { type: 'categorical', choices: ['adamw', 'sgd'] }
  }
}

function issuesOf(fn: () => unknown) {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return (err as AppError).details!.issues!.map((i) => i.field)
  }
  throw new Error('expected an error')
}

describe('search space format', () => {
  it('reads the issue’s example as JSON and as YAML', () => {
    const space = parseSpace(example)
    expect(space.params.map((p) => [p.name, p.type])).toEqual([['optimizer.lr', 'float'], ['model.layers', 'int'], ['optimizer.name', 'categorical']])
    const yaml = 'params:\n  optimizer.lr: {type: float, low: 1.0e-5, high: 0.1, log: true}\n  model.layers:\n    type: int\n    low: 1\n    high: 4\n  optimizer.name: {type: categorical, choices: [adamw, sgd]}\n'
    expect(parseSpaceText(yaml, 'yaml')).toEqual(space)
    const dir = mkdtempSync(join(tmpdir(), 'space-'))
    writeFileSync(join(dir, 's.json'), JSON.stringify(example))
    expect(readSpaceFile(join(dir, 's.json'))).toEqual(space)
    writeFileSync(join(dir, 'bad.yaml'), 'params: [1, 2')
    expect(() => readSpaceFile(join(dir, 'bad.yaml'))).toThrow(/bad.yaml: not valid YAML/)
  })

  it('reports every problem at once, each naming its parameter and key', () => {
    const fields = issuesOf(() =>
      parseSpace({
        params: {
          lr: { type: 'float', low: 0, high: 1, log: true },
          layers: { type: 'int', low: 1.5, high: 4 },
          opt: { type: 'categorical', choices: [] },
          wd: { type: 'float', low: 1, high: 0 },
          bs: { type: 'integer', low: 1, high: 2 },
          x: { type: 'float', low: 0, high: 1, lo: 3 }
        }
      })
    )
    expect(fields).toEqual(['params.lr.low', 'params.layers.low', 'params.opt.choices', 'params.wd.high', 'params.bs.type', 'params.x.lo'])
    expect(() => parseSpace({ params: {} })).toThrow(/at least one parameter/)
  })
})

describe('unit coordinates to values', () => {
  const [lr, layers, name] = parseSpace(example).params
  it('maps log-scale parameters in log space', () => {
    expect(valueAt(lr, 0)).toBeCloseTo(1e-5, 15)
    expect(valueAt(lr, 0.5)).toBeCloseTo(1e-3, 12)
    expect(valueAt(lr, 1)).toBeCloseTo(0.1, 12)
    expect(unitOf(lr, 1e-4)).toBeCloseTo(0.25, 12)
  })

  it('gives integers and categories equal shares of the cube, with round trips', () => {
    expect([0, 0.24, 0.25, 0.5, 0.99, 1].map((u) => valueAt(layers, u))).toEqual([1, 1, 2, 3, 4, 4])
    expect([0, 0.49, 0.5, 1].map((u) => valueAt(name, u))).toEqual(['adamw', 'adamw', 'sgd', 'sgd'])
    for (const v of [1, 2, 3, 4]) expect(valueAt(layers, unitOf(layers, v))).toBe(v)
    expect(valueAt(name, unitOf(name, 'sgd'))).toBe('sgd')
  })

  it('steps floats and log integers, and lists grid levels in the parameter’s measure', () => {
    const [wd, bs] = parseSpace({ params: { wd: { type: 'float', low: 0, high: 0.3, step: 0.1 }, bs: { type: 'int', low: 8, high: 12, log: true } } }).params
    expect(levelValues(wd)).toEqual([0, 0.1, 0.2, 0.3])
    expect(valueAt(wd, 0.6)).toBe(0.2)
    expect(gridLevels(bs, 10).map((u) => valueAt(bs, u))).toEqual([8, 9, 10, 11, 12])
    expect(gridLevels(lr, 3).map((u) => valueAt(lr, u) as number).map((v) => Math.log10(v))).toEqual([-5, -3, -1].map((e) => expect.closeTo(e, 10)))
  })
})

describe('spaces from a trainer schema', () => {
  const trainer = { params: mlpParamSpecs(['cpu']) }
  it('derives ranges, log scales, choices and baselines, and says what it skipped', () => {
    expect(mlpGroups.length).toBeGreaterThan(0)
    const { space, skipped } = spaceFromTrainer(trainer)
    const lr = space.params.find((p) => p.name === 'optimizer.lr')!
    expect(lr).toMatchObject({ type: 'float', low: 1e-4, high: 1e-2, log: true })
    const names = trainer.params.find((p) => p.key === 'optimizer.name')!
    const choices = names.type === 'choice' ? names.choices.map((c) => c.value) : []
    expect(choices).toContain('adamw')
    expect(space.params.find((p) => p.name === 'optimizer.name')).toMatchObject({ type: 'categorical', choices, baseline: names.default })
    expect(skipped.map((s) => s.name)).toContain('data.target')
    expect(skipped.every((s) => s.reason.length > 0)).toBe(true)
  })

  it('refuses a chosen key it cannot search, naming it', () => {
    expect(spaceFromTrainer(trainer, ['optimizer.lr', 'model.layers']).space.params).toHaveLength(2)
    expect(issuesOf(() => spaceFromTrainer(trainer, ['data.target', 'optimizer.nope']))).toEqual(['data.target', 'optimizer.nope'])
  })
})
