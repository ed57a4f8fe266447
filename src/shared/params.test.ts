import { describe, expect, it } from 'vitest'
import { defaultConfig, diffFromDefaults, flattenConfig, nestConfig, parseParamText, validateConfig } from './params'
import type { TrainerInfo } from './schemas/params'

const t = { en: 'x', 'zh-CN': 'x' }
const trainer: Pick<TrainerInfo, 'params'> = {
  params: [
    { key: 'optimizer.lr', group: 'optimizer', label: t, help: t, type: 'float', default: 0.01, min: 0, minExclusive: true, log: true },
    { key: 'data.batch_size', group: 'data', label: t, help: t, type: 'int', default: 32, min: 1 },
    { key: 'optimizer.name', group: 'optimizer', label: t, help: t, type: 'choice', default: 'adamw', choices: [{ value: 'adamw', label: t }, { value: 'sgd', label: t }] },
    { key: 'data.target', group: 'data', label: t, help: t, type: 'string', default: '', optional: true },
    { key: 'training.shuffle', group: 'training', label: t, help: t, type: 'bool', default: true }
  ]
}

describe('validateConfig', () => {
  it('fills defaults', () => {
    const { config, issues } = validateConfig(trainer, {})
    expect(issues).toEqual([])
    expect(config).toEqual(defaultConfig(trainer))
  })

  it('names every bad field with the value it got', () => {
    const { issues } = validateConfig(trainer, { 'optimizer.lr': -0.1, data: { batch_size: 0 }, 'optimizer.name': 'adam', 'x.y': 1 })
    expect(issues.map((i) => i.field).sort()).toEqual(['data.batch_size', 'optimizer.lr', 'optimizer.name', 'x.y'])
    expect(issues.find((i) => i.field === 'optimizer.lr')?.message).toBe('must be > 0 (got -0.1)')
    expect(issues.find((i) => i.field === 'data.batch_size')?.message).toBe('must be ≥ 1 (got 0)')
  })

  it('quotes a huge value or unknown key by its start and length, not whole', () => {
    const huge = 'x'.repeat(3_000_000)
    const { issues } = validateConfig(trainer, { 'optimizer.name': huge, [huge]: 1 })
    expect(issues.find((i) => i.field === 'optimizer.name')?.message).toBe(`must be one of adamw, sgd (got "${'x'.repeat(200)}"… (3000000 characters))`)
    expect(issues.map((i) => i.field)).toContain(`${'x'.repeat(200)}… (3000000 characters)`)
    expect(JSON.stringify(issues).length).toBeLessThan(2000)
  })

  it('refuses a config nested 20,000 deep as an unknown key instead of overflowing the stack', () => {
    let deep: unknown = 1
    for (let i = 0; i < 20_000; i++) deep = { a: deep }
    const { issues } = validateConfig(trainer, { optimizer: { lr: 0.1 }, deep })
    expect(issues).toEqual([{ field: expect.stringMatching(/^deep\.a\.a.*… \(40004 characters\)$/), message: 'is not a parameter of this trainer', rule: 'unknown', values: {} }])
  })

  it('refuses fractions for whole numbers and text for numbers', () => {
    const { issues } = validateConfig(trainer, { 'data.batch_size': 2.5, 'optimizer.lr': 'fast' })
    expect(issues).toHaveLength(2)
  })
})

describe('config shapes', () => {
  it('flattens and nests back', () => {
    const nested = { optimizer: { lr: 0.1, name: 'sgd' }, data: { batch_size: 8 } }
    const flat = flattenConfig(nested)
    expect(flat).toEqual({ 'optimizer.lr': 0.1, 'optimizer.name': 'sgd', 'data.batch_size': 8 })
    expect(nestConfig(flat as never)).toEqual(nested)
  })

  it('parses typed text', () => {
    expect(parseParamText(trainer.params[0], '1e-3')).toBe(0.001)
    expect(parseParamText(trainer.params[4], 'no')).toBe(false)
    expect(Number.isNaN(parseParamText(trainer.params[1], ''))).toBe(true)
  })

  it('refuses a list typed into a number field as a list, naming the field', () => {
    const value = parseParamText(trainer.params[1], '16,64,256')
    expect(value).toBe('16,64,256')
    const { issues } = validateConfig(trainer, { 'data.batch_size': value })
    expect(issues).toEqual([expect.objectContaining({ field: 'data.batch_size', rule: 'list', values: { got: '"16,64,256"' } })])
    expect(issues[0].message).toMatch(/one number, not a list \(got "16,64,256"\)/)
    expect(validateConfig(trainer, { 'optimizer.lr': parseParamText(trainer.params[0], 'fast') }).issues[0]).toMatchObject({ rule: 'number', values: { got: '"fast"' } })
  })

  it('lists keys that differ from defaults', () => {
    expect(diffFromDefaults(trainer, { ...defaultConfig(trainer), 'optimizer.lr': 0.5 })).toEqual(['optimizer.lr'])
  })
})
