/**
 * The proof of the whole pipeline on a known answer: the example Ishigami command trainer
 * (resources/trainers/ishigami) registered in a real engine, a Saltelli study of N = 1024 base rows
 * over x1–x3 (5,120 real Node processes through the scheduler, the ledger and the metric ingest),
 * then the study's Sobol analysis against the analytic indices (a = 7, b = 0.1). The design and
 * the analysis are seeded, so the indices are the same every run; the bound is the 0.02.
 * Several minutes on two cores: bench/command-ishigami.ts prints the same as JSON with timings.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api'
import { createEngine } from '../engine'
import type { Engine } from '../types'
import { createNodeLauncher } from '../runs/node-launcher'
import { trainerDefinitions } from '../trainers/registry'
import { readCommandTrainerFile } from './definition'

const N = 1024
const truth = { S1: [0.3139, 0.4424, 0], ST: [0.5576, 0.4424, 0.2437] }
const names = ['ishigami.x1', 'ishigami.x2', 'ishigami.x3']

let dir: string
let engine: Engine
const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-ishigami-test-'))
  engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
    maxConcurrentRuns: 2,
    gpus: []
  })
})
afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a Saltelli study over the Ishigami command trainer', () => {
  it('recovers the analytic S1 and ST within 0.02 at N = 1024 through scheduler, ledger, ingest and analysis', { timeout: 45 * 60_000 }, async () => {
    const definition = readCommandTrainerFile(join(__dirname, '..', '..', '..', '..', 'resources', 'trainers', 'ishigami', 'trainer.yaml'), Object.keys(trainerDefinitions))
    await call('trainers.add', { definition, replace: false })
    const experimentId = (await call('experiments.create', { name: 'ishigami' })).id
    const range = { type: 'float', low: -Math.PI, high: Math.PI, log: false }
    const study = await call('studies.create', {
      experimentId,
      start: true,
      definition: {
        name: `ishigami N=${N}`,
        trainer: 'ishigami',
        space: { params: Object.fromEntries(names.map((n) => [n, range])) },
        design: { method: 'saltelli', n: N, secondOrder: false },
        objective: { metric: 'y', direction: 'min' },
        seed: 1,
        concurrency: 2
      }
    })
    let done = await call('studies.get', { id: study.id })
    while (done.status === 'running' || done.status === 'pending') {
      await new Promise((r) => setTimeout(r, 500))
      done = await call('studies.get', { id: study.id })
    }
    expect(done.status).toBe('finished')
    expect(done.counts).toMatchObject({ finished: N * 5, failed: 0, pruned: 0, cancelled: 0 })

    const result = await call('analysis.run', { requestId: 'ishigami', source: { kind: 'study', studyId: study.id }, target: 'objective', method: 'sobol' })
    const get = (key: 'S1' | 'ST') => names.map((n) => Number(result.params.find((p) => p.name === n)?.[key]))
    const errors = [...get('S1').map((v, i) => Math.abs(v - truth.S1[i]!)), ...get('ST').map((v, i) => Math.abs(v - truth.ST[i]!))]
    expect(errors.every(Number.isFinite)).toBe(true)
    expect(Math.max(...errors)).toBeLessThan(0.02)
  })
})
