import { describe, expect, it } from 'vitest'
import { AppError } from '../../../../shared/errors'
import type { ParamValue } from '../../../../shared/schemas/params'
import type { SearchSpace } from '../space'
import { bestIndices, createTpeSampler, type Condition, type TpeOptions, type TpeTrial } from './sampler'

type Params = Record<string, ParamValue>

function optimise(space: SearchSpace, f: (p: Params) => number, seed: number, trials: number, options: TpeOptions = {}, conditions?: Record<string, Condition>): TpeTrial[] {
  const sampler = createTpeSampler({ space, seed, direction: 'min', options, conditions })
  const history: TpeTrial[] = []
  for (let i = 0; i < trials; i++) {
    const params = sampler.suggest(history)
    history.push({ params, value: f(params) })
  }
  return history
}

const best = (history: TpeTrial[]) => Math.min(...history.map((t) => t.value))
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length

const branin = (p: Params) => {
  const x = p.x1 as number
  const y = p.x2 as number
  return (y - (5.1 / (4 * Math.PI ** 2)) * x * x + (5 / Math.PI) * x - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x) + 10
}
const braninSpace: SearchSpace = {
  params: [
    { name: 'x1', type: 'float', low: -5, high: 10, log: false },
    { name: 'x2', type: 'float', low: 0, high: 15, log: false }
  ]
}
const quadratic = (p: Params) => ((p.a as number) - 1) ** 2 + ((p.b as number) + 2) ** 2 + ((p.c as number) - 0.5) ** 2 + ((p.d as number) - 3) ** 2
const quadraticSpace: SearchSpace = { params: ['a', 'b', 'c', 'd'].map((name) => ({ name, type: 'float', low: -5, high: 5, log: false })) }

const mixedSpace: SearchSpace = {
  params: [
    { name: 'lr', type: 'float', low: 1e-5, high: 1, log: true },
    { name: 'units', type: 'int', low: 1, high: 512, log: true, step: 1 },
    { name: 'layers', type: 'int', low: 1, high: 9, log: false, step: 2 },
    { name: 'dropout', type: 'float', low: 0, high: 0.5, log: false, step: 0.05 },
    { name: 'optimizer', type: 'categorical', choices: ['sgd', 'adam', 'rmsprop'] },
    { name: 'momentum', type: 'float', low: 0, high: 0.99, log: false },
    { name: 'nesterov', type: 'categorical', choices: [true, false] }
  ]
}
const sgdOnly: Record<string, Condition> = { momentum: { param: 'optimizer', values: ['sgd'] }, nesterov: { param: 'optimizer', values: ['sgd'] } }
const mixedObjective = (p: Params) =>
  (Math.log10(p.lr as number) + 2.5) ** 2 +
  (Math.log2(p.units as number) - 6) ** 2 / 4 +
  Math.abs((p.layers as number) - 5) +
  ((p.dropout as number) - 0.2) ** 2 * 10 +
  (p.optimizer === 'sgd' ? 1 - (p.momentum as number) : 0.5)

describe('TPE sampler', () => {
  it('finds lower values than random search on Branin and a 4-d quadratic, over 10 seeds at 50 trials', () => {
    for (const [f, space, ratio, minWins] of [
      [branin, braninSpace, 0.75, 6],
      [quadratic, quadraticSpace, 0.5, 8]
    ] as const) {
      for (const multivariate of [true, false]) {
        const tpe: number[] = []
        const random: number[] = []
        for (let seed = 1; seed <= 10; seed++) {
          tpe.push(best(optimise(space, f, seed, 50, { multivariate })))
          // The same sampler kept in its random start-up phase: random search in the same measure.
          random.push(best(optimise(space, f, seed, 50, { nStartupTrials: 50 })))
        }
        expect(mean(tpe), `${f === branin ? 'Branin' : 'quadratic'} multivariate=${multivariate}`).toBeLessThan(ratio * mean(random))
        expect(tpe.filter((v, i) => v < random[i]).length).toBeGreaterThanOrEqual(minWins)
      }
    }
  })

  it('repeats itself for a seed and history, and differs for another seed', () => {
    const a = optimise(mixedSpace, mixedObjective, 7, 30, {}, sgdOnly)
    const b = optimise(mixedSpace, mixedObjective, 7, 30, {}, sgdOnly)
    const c = optimise(mixedSpace, mixedObjective, 8, 30, {}, sgdOnly)
    expect(b).toEqual(a)
    expect(c.slice(12)).not.toEqual(a.slice(12))
    // A fresh sampler given the trial number proposes what the first one did at that trial.
    const fresh = createTpeSampler({ space: mixedSpace, seed: 7, direction: 'min', conditions: sgdOnly })
    expect(fresh.suggest(a.slice(0, 20), { trial: 20 })).toEqual(a[20].params)
  })

  it('minimising f and maximising −f propose the same trials', () => {
    const up = createTpeSampler({ space: quadraticSpace, seed: 3, direction: 'max' })
    const history = optimise(quadraticSpace, quadratic, 3, 25)
    const negated = history.map((t) => ({ ...t, value: -t.value }))
    const down = createTpeSampler({ space: quadraticSpace, seed: 3, direction: 'min' })
    for (const trial of [25, 26, 27]) expect(up.suggest(negated, { trial })).toEqual(down.suggest(history, { trial }))
  })

  it('proposes values of each parameter’s kind inside its range', () => {
    for (const multivariate of [true, false])
      for (const t of optimise(mixedSpace, mixedObjective, 2, 60, { multivariate }, sgdOnly)) {
        const p = t.params
        expect(p.lr as number).toBeGreaterThanOrEqual(1e-5)
        expect(p.lr as number).toBeLessThanOrEqual(1)
        expect(Number.isInteger(p.units) && (p.units as number) >= 1 && (p.units as number) <= 512).toBe(true)
        expect([1, 3, 5, 7, 9]).toContain(p.layers)
        expect(Array.from({ length: 11 }, (_, i) => Number((i * 0.05).toPrecision(12)))).toContain(p.dropout)
        expect(['sgd', 'adam', 'rmsprop']).toContain(p.optimizer)
      }
  })

  it('samples a conditional parameter only when its condition holds and fits it only on trials where it was active', () => {
    for (const multivariate of [true, false]) {
      const history = optimise(mixedSpace, mixedObjective, 4, 80, { multivariate }, sgdOnly)
      for (const t of history) {
        const active = t.params.optimizer === 'sgd'
        expect('momentum' in t.params, JSON.stringify(t.params)).toBe(active)
        expect('nesterov' in t.params).toBe(active)
      }
      expect(history.filter((t) => t.params.optimizer === 'sgd').length).toBeGreaterThan(10)
    }
    // The good sgd trials all had a high momentum; trials of other optimizers carry a value that
    // would pull a model fitted on them low, were it fitted on them.
    const space: SearchSpace = {
      params: [
        { name: 'optimizer', type: 'categorical', choices: ['sgd', 'adam'] },
        { name: 'momentum', type: 'float', low: 0, high: 0.99, log: false }
      ]
    }
    const conditions = { momentum: sgdOnly.momentum }
    const history: TpeTrial[] = []
    for (let i = 0; i < 60; i++) {
      const sgd = i % 2 === 0
      const momentum = sgd ? 0.02 + (i / 60) * 0.95 : 0.05
      history.push({ params: sgd ? { optimizer: 'sgd', momentum } : { optimizer: 'adam', momentum }, value: sgd ? 1 - momentum : 0.5 })
    }
    const sampler = createTpeSampler({ space, seed: 1, direction: 'min', conditions, options: { multivariate: false } })
    const momenta: number[] = []
    for (let trial = 60; trial < 100; trial++) {
      const p = sampler.suggest(history, { trial })
      if (p.optimizer === 'sgd') momenta.push(p.momentum as number)
      else expect(p).not.toHaveProperty('momentum')
    }
    expect(momenta.length).toBeGreaterThan(20)
    expect(momenta.sort((x, y) => x - y)[Math.floor(momenta.length / 2)]).toBeGreaterThan(0.8)
  })

  it('models each parameter alone once the rest outgrows the joint model’s limit', () => {
    const history = optimise(quadraticSpace, quadratic, 5, 60)
    const make = (multivariate: boolean, maxAboveKernels: number) => createTpeSampler({ space: quadraticSpace, seed: 5, direction: 'min', options: { multivariate, maxAboveKernels } })
    for (const trial of [60, 61, 62]) {
      // 60 trials leave 54 in the rest: past a limit of 20, the joint sampler proposes what the per-parameter one does.
      expect(make(true, 20).suggest(history, { trial })).toEqual(make(false, 20).suggest(history, { trial }))
      expect(make(true, 1024).suggest(history, { trial })).not.toEqual(make(false, 1024).suggest(history, { trial }))
    }
  })

  it('ranks finished trials first, then pruned ones by how far they got, earlier trials winning ties', () => {
    const t = (value: number, prunedAt?: number): TpeTrial => ({ params: {}, value, ...(prunedAt === undefined ? {} : { prunedAt }) })
    const trials = [t(5), t(0.1, 3), t(2), t(0.5, 9), t(2), t(NaN), t(0.2, 9), t(1)]
    expect([...bestIndices(trials, 8, 1)]).toEqual([7, 2, 4, 0, 5, 6, 3, 1])
    expect([...bestIndices(trials, 3, 1)]).toEqual([7, 2, 4])
    expect([...bestIndices(trials, 2, -1)]).toEqual([0, 2])
    expect([...bestIndices(trials, 0, 1)]).toEqual([])
  })

  it('keeps away from trials still running', () => {
    const space: SearchSpace = { params: [{ name: 'x', type: 'float', low: 0, high: 1, log: false }] }
    const history: TpeTrial[] = Array.from({ length: 30 }, (_, i) => ({ params: { x: i / 29 }, value: Math.abs(i / 29 - 0.5) }))
    const sampler = createTpeSampler({ space, seed: 9, direction: 'min', options: { multivariate: false } })
    const near = (x: number) => Math.abs(x - 0.5) < 0.03
    let alone = 0
    let crowded = 0
    for (let trial = 30; trial < 70; trial++) {
      if (near(sampler.suggest(history, { trial }).x as number)) alone++
      if (near(sampler.suggest(history, { trial, pending: Array.from({ length: 20 }, (_, k) => ({ x: 0.49 + k * 0.001 })) }).x as number)) crowded++
    }
    expect(crowded).toBeLessThan(alone)
  })

  it('ignores values outside the space, as after the space was narrowed', () => {
    const space: SearchSpace = { params: [{ name: 'x', type: 'float', low: 0, high: 1, log: false }] }
    const history: TpeTrial[] = Array.from({ length: 20 }, (_, i) => ({ params: { x: i % 2 ? 5 : i / 20 }, value: i }))
    const x = createTpeSampler({ space, seed: 1, direction: 'min' }).suggest(history).x as number
    expect(x >= 0 && x <= 1).toBe(true)
  })

  it('names each bad condition and option', () => {
    const fields = (fn: () => unknown) => {
      try {
        fn()
      } catch (err) {
        expect(err).toBeInstanceOf(AppError)
        return (err as AppError).details!.issues!.map((i) => i.field)
      }
      throw new Error('expected an error')
    }
    const make = (conditions: Record<string, Condition>, options?: TpeOptions) => () => createTpeSampler({ space: mixedSpace, seed: 1, direction: 'min', conditions, options })
    expect(fields(make({ ghost: { param: 'optimizer', values: ['sgd'] } }))).toEqual(['conditions.ghost'])
    expect(fields(make({ momentum: { param: 'optimiser', values: ['sgd'] } }))).toEqual(['conditions.momentum.param'])
    expect(fields(make({ momentum: { param: 'optimizer', values: ['lbfgs'] } }))).toEqual(['conditions.momentum.values'])
    expect(fields(make({ momentum: { param: 'units', values: [1000] } }))).toEqual(['conditions.momentum.values'])
    expect(fields(make({ momentum: { param: 'nesterov', values: [true] }, nesterov: { param: 'momentum', values: [0.5] } }))).toEqual(['conditions.momentum'])
    expect(fields(make({}, { nEiCandidates: 0, priorWeight: -1 }))).toEqual(['nEiCandidates', 'priorWeight'])
  })
})
