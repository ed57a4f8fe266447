/**
 * A study over a command trainer through the whole pipeline — definition, ledger, scheduler, real
 * processes, metric ingest, analysis: a Node script reports an additive function of its three
 * inputs, so the Sobol indices the study's analysis finds are known (0.2, 0.8 and 0).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Study } from '../../../shared/api'
import { StudyDefinition } from '../../../shared/schemas/studies'
import type { Engine } from '../types'
import { engineWithScripts } from './testing'

// y = x1 + 2·x2 on uniform inputs: the shares of variance are 1/5 and 4/5; x3 does nothing.
const script = `
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.slice(2).split('=')))
const y = Number(args.x1) + 2 * Number(args.x2) + 0 * Number(args.x3)
console.log('paramscope: ' + JSON.stringify({ step: 1, y }))
`

const L = (en: string) => ({ en, 'zh-CN': en })
const x = (name: string) => ({ key: `inputs.${name}`, group: 'inputs', type: 'float', default: 0, min: -1, max: 1, label: L(name), help: L(name) })

let dir: string
let engine: Engine

beforeAll(async () => {
  const made = await engineWithScripts('paramscope-command-study-', { 'f.mjs': script }, { maxConcurrentRuns: 2 })
  dir = made.dir
  engine = made.engine
  const work = made.work
  await engine.api['trainers.add']({
    definition: {
      name: 'additive',
      label: L('Additive'),
      description: L('x1 + 2·x2'),
      command: [process.execPath, join(work, 'f.mjs'), '${args}'],
      groups: [{ id: 'inputs', label: L('Inputs') }],
      params: [x('x1'), x('x2'), x('x3')],
      stopGraceSeconds: 1
    },
    replace: false
  })
})
afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function finished(id: number, timeoutMs: number): Promise<Study> {
  const start = Date.now()
  for (;;) {
    const study = await engine.api['studies.get']({ id })
    if (study.status === 'finished' || study.status === 'cancelled') return study
    if (Date.now() - start > timeoutMs) throw new Error(`study ${id} still ${study.status}: ${JSON.stringify(study.counts)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('a study over a command trainer', () => {
  it('runs a Saltelli design as real processes and recovers the known Sobol indices', async () => {
    const experiment = await engine.api['experiments.create']({ name: 'additive', description: '' })
    const range = { type: 'float', low: -1, high: 1, log: false }
    const study = await engine.api['studies.create']({
      experimentId: experiment.id,
      start: true,
      definition: StudyDefinition.parse({
        name: 'additive sweep',
        trainer: 'additive',
        space: { params: { 'inputs.x1': range, 'inputs.x2': range, 'inputs.x3': range } },
        design: { method: 'saltelli', n: 64, secondOrder: false },
        objective: { metric: 'y', direction: 'min' },
        seed: 4
      })
    })
    const done = await finished(study.id, 240_000)
    expect(done.counts).toMatchObject({ finished: 64 * 5, failed: 0, running: 0, queued: 0 })
    const r = await engine.api['analysis.run']({ requestId: 'additive', source: { kind: 'study', studyId: study.id, includePruned: false }, target: 'objective', goal: 'min', method: 'sobol' })
    expect(r.method).toBe('sobol')
    const s1 = Object.fromEntries(r.params.map((p) => [p.name, p.S1 as number]))
    expect(s1['inputs.x1']).toBeCloseTo(0.2, 1)
    expect(s1['inputs.x2']).toBeCloseTo(0.8, 1)
    expect(Math.abs(s1['inputs.x3'])).toBeLessThan(0.05)
  }, 300_000)

  it('still asks a built-in trainer’s study for its dataset, on the dataset field', async () => {
    const experiment = await engine.api['experiments.create']({ name: 'mlp', description: '' })
    const refused = engine.api['studies.create']({
      experimentId: experiment.id,
      definition: StudyDefinition.parse({
        name: 'no data',
        trainer: 'mlp',
        space: { params: { 'optimizer.lr': { type: 'float', low: 1e-3, high: 1e-1, log: true } } },
        design: { method: 'lhs', n: 2 }
      }),
      start: false
    })
    await expect(refused).rejects.toMatchObject({ details: { issues: [expect.objectContaining({ field: 'dataset' })] } })
  })
})
