import { describe, expect, it } from 'vitest'
import type { TrainerInfo } from '../../../shared/schemas/params'
import { trainerDefinitions } from '../trainers/registry'
import { activeParams, checkStudy, parseStudyDefinition } from './definition'
import type { SamplerTrial } from './sampler'
import { tpeSampler } from './tpe-adapter'

const trainers: Record<string, TrainerInfo> = Object.fromEntries(Object.entries(trainerDefinitions).map(([id, d]) => [id, d.info(['cpu'])]))

const checked = checkStudy(
  parseStudyDefinition({
    name: 'tpe',
    trainer: 'mlp',
    dataset: '/data/blobs.csv',
    config: { 'optimizer.nesterov': false },
    space: {
      params: {
        'optimizer.lr': { type: 'float', low: 0.0001, high: 0.1, log: true },
        'optimizer.name': { type: 'categorical', choices: ['sgd', 'adamw'] },
        'optimizer.momentum': { type: 'float', low: 0.5, high: 0.95 },
        'model.hidden_size': { type: 'int', low: 4, high: 64 }
      },
      conditions: {
        // A parent the study sweeps, with a value the space lacks (lion), and a parent it holds fixed.
        'optimizer.momentum': { param: 'optimizer.name', equals: ['sgd', 'lion'] },
        'model.hidden_size': { param: 'optimizer.nesterov', equals: true }
      }
    },
    design: { method: 'tpe', n: 40 },
    seed: 9
  }),
  trainers
)

/** A known objective: best near lr = 1e-2, sgd a little better. */
const objective = (p: Record<string, unknown>) => (Math.log10(p['optimizer.lr'] as number) + 2) ** 2 + (p['optimizer.name'] === 'sgd' ? 0 : 0.3)

describe('the TPE sampler behind the runner', () => {
  it('proposes conditional parameters only while active, and the same history proposes alike', () => {
    const sampler = tpeSampler()
    const names = checked.space.params.map((p) => p.name)
    const trials: SamplerTrial[] = []
    for (let index = 0; index < 30; index++) {
      const request = { space: checked.space, conditions: checked.conditions, direction: 'min' as const, trials, seed: 9, index }
      const proposal = sampler.propose(request)
      expect(tpeSampler().propose(request)).toEqual(proposal)
      const params = activeParams(names, names.map((n) => proposal[n]), checked)
      expect('optimizer.momentum' in params).toBe(params['optimizer.name'] === 'sgd')
      expect('model.hidden_size' in params).toBe(false)
      trials.push({ params, repeat: 0, status: 'finished', objective: objective(params), prunedStep: null })
    }
    const late = trials.slice(20).map((t) => t.objective!)
    const early = trials.slice(0, 10).map((t) => t.objective!)
    expect(Math.min(...late)).toBeLessThan(0.3)
    expect(late.reduce((a, b) => a + b) / late.length).toBeLessThan(early.reduce((a, b) => a + b) / early.length)
  })
})
