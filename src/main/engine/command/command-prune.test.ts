/**
 * Pruning of a command trainer's trials through the whole engine: a study over a real Node script
 * whose loss falls step by step (a + 1/step, a step every 60 ms for 40 steps), some offsets `a`
 * clearly worse than others, under the median pruner. The script ignores SIGTERM, as a trainer
 * busy in a step does, so a pruned trial needs the kill after the grace period.
 */
import { rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Series, Study } from '../../../shared/api'
import { StudyDefinition } from '../../../shared/schemas/studies'
import type { Engine } from '../types'
import { RUN_FILES } from './invocation'
import { engineWithScripts, processAlive } from './testing'

const steps = 40
const script = `
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.slice(2).split('=')))
const a = Number(args.offset)
const metric = (m) => console.log('paramscope: ' + JSON.stringify(m))
process.on('SIGTERM', () => console.log('SIGTERM ignored'))
metric({ step: 0, pid: process.pid })
let step = 0
const tick = () => {
  step++
  metric({ step, loss: a + 1 / step })
  if (step < ${steps}) setTimeout(tick, 60)
}
setTimeout(tick, 60)
`

// The offsets in plan order (a categorical grid keeps its choices' order): two start-up trials,
// then good, bad, good, bad. The good ones finish; the bad ones are worse than the median at step 3.
const offsets = [0.2, 0.3, 0.24, 1.5, 0.22, 2]
const graceSeconds = 1
const warmUp = 3

const L = (en: string) => ({ en, 'zh-CN': en })
let dir: string
let engine: Engine

beforeAll(async () => {
  const made = await engineWithScripts('paramscope-command-prune-', { 'train.mjs': script }, { maxConcurrentRuns: 2 })
  dir = made.dir
  engine = made.engine
  const work = made.work
  await engine.api['trainers.add']({
    definition: {
      name: 'falling-loss',
      label: L('Falling loss'),
      description: L('a + 1/step'),
      command: [process.execPath, join(work, 'train.mjs'), '${args}'],
      groups: [{ id: 'training', label: L('Training') }],
      params: [{ key: 'training.offset', group: 'training', type: 'float', default: 0, min: 0, max: 10, label: L('offset'), help: L('offset') }],
      stopGraceSeconds: graceSeconds
    },
    replace: false
  })
})

afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function ended(id: number, timeoutMs: number): Promise<Study> {
  const start = Date.now()
  for (;;) {
    const study = await engine.api['studies.get']({ id })
    if (study.status !== 'running' && study.status !== 'pending') return study
    if (Date.now() - start > timeoutMs) throw new Error(`study ${id} still ${study.status}: ${JSON.stringify(study.counts)}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('pruning a study over a command trainer', () => {
  it('prunes the worse trials at the median rule’s step, kills them within grace + 1 s and keeps their metrics', async () => {
    // Each trial's process, from the pid it reports, and the first moment it was seen gone.
    const pids = new Map<number, number>()
    const goneAt = new Map<number, number>()
    const unsubscribe = engine.events.subscribe((name, payload) => {
      if (name !== 'run.metrics') return
      const { runId, series } = payload as { runId: number; series: Record<string, Series> }
      const pid = series.pid?.values[0]
      if (pid !== undefined) pids.set(runId, pid)
    })
    const watch = setInterval(() => {
      for (const [runId, pid] of pids) if (!goneAt.has(runId) && !processAlive(pid)) goneAt.set(runId, Date.now())
    }, 10)

    const experiment = await engine.api['experiments.create']({ name: 'prune', description: '' })
    const study = await engine.api['studies.create']({
      experimentId: experiment.id,
      start: true,
      definition: StudyDefinition.parse({
        name: 'falling loss',
        trainer: 'falling-loss',
        space: { params: { 'training.offset': { type: 'categorical', choices: offsets } } },
        design: { method: 'grid', n: offsets.length },
        objective: { metric: 'loss', direction: 'min' },
        pruner: { type: 'median', nStartupTrials: 2, nWarmupSteps: warmUp },
        concurrency: 1
      })
    })
    const done = await ended(study.id, 50_000)
    clearInterval(watch)
    unsubscribe()

    expect(done.status).toBe('finished')
    expect(done.counts).toMatchObject({ finished: 4, pruned: 2, failed: 0, running: 0, queued: 0 })
    const trials = await engine.api['studies.trials']({ id: study.id, offset: 0, limit: 100 })
    expect(trials.map((t) => [t.params['training.offset'], t.status, t.prunedStep])).toEqual([
      [0.2, 'finished', null],
      [0.3, 'finished', null],
      [0.24, 'finished', null],
      [1.5, 'pruned', warmUp],
      [0.22, 'finished', null],
      [2, 'pruned', warmUp]
    ])

    for (const t of trials) {
      const a = t.params['training.offset'] as number
      const run = await engine.api['runs.get']({ id: t.runId! })
      const loss = (await engine.api['runs.metrics']({ id: t.runId!, names: ['loss'] })).loss!
      if (t.status === 'finished') {
        expect([run.status, loss.steps.length]).toEqual(['finished', steps])
        expect(t.objective).toBeCloseTo(a + 1 / steps, 9)
        continue
      }
      // Pruned at step 3: its best, a + 1/3, against the median of the finished trials' values there.
      const finishedBefore = trials.filter((f) => f.status === 'finished' && f.index < t.index).map((f) => f.params['training.offset'] as number)
      const sorted = [...finishedBefore].sort((x, y) => x - y)
      const median = (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2 + 1 / warmUp
      // The message gives numbers to three significant digits.
      const shown = (v: number) => String(+v.toPrecision(3))
      expect(t.messageCoded).toEqual({
        code: 'studies.pruned.median',
        values: { step: String(warmUp), best: shown(a + 1 / warmUp), median: shown(median), trials: String(finishedBefore.length) }
      })
      expect(t.message).toBe(
        `Pruned at step ${warmUp}: its best value so far, ${shown(a + 1 / warmUp)}, is worse than the median ${shown(median)} of ${finishedBefore.length} finished trials at that step.`
      )
      expect(t.objective).toBeCloseTo(a + 1 / warmUp, 9)
      // Its run was stopped: the stop file first, SIGTERM (ignored), then the kill after the grace period.
      expect([run.status, run.statusReason?.rule]).toEqual(['cancelled', 'commandTrainers.run.cancelKilled'])
      const decidedAt = statSync(join(dir, 'home', 'runs', String(run.id), RUN_FILES.stop)).mtimeMs
      const pid = pids.get(run.id)!
      expect(processAlive(pid)).toBe(false)
      // Gone when the watch saw it gone or when the engine saw it exit (the watch's timer can starve on a busy machine).
      expect(Math.min(goneAt.get(run.id) ?? Infinity, run.endedAt!) - decidedAt).toBeLessThan((graceSeconds + 1) * 1000)
      // Every point received before the prune is kept: steps 1… in order, each a + 1/step.
      expect(loss.steps.slice(0, warmUp)).toEqual([1, 2, 3])
      expect(loss.steps).toEqual(Array.from({ length: loss.steps.length }, (_, i) => i + 1))
      loss.values.forEach((v, i) => expect(v).toBeCloseTo(a + 1 / (i + 1), 9))
      expect(loss.steps.length).toBeLessThan(steps)
    }
  }, 60_000)
})
