import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { createFakeApi, createStoreContext } from '../testing/fake-api'
import { runFixture } from '../testing/fixtures'
import { useExperimentsStore } from './experiments'
import { useRunsStore } from './runs'

const experiment = (id: number) => ({ id, name: `e${id}`, description: '', createdAt: 0, runCount: 1, activeRunCount: 0 })

describe('runs and experiments stores', () => {
  it('forget a deleted run, and the runs of a deleted experiment, and keep them when the engine refuses', async () => {
    let refuse = true
    const fake = createFakeApi({
      'runs.list': ({ experimentId }) => [runFixture({ id: experimentId! * 10, experimentId, status: 'finished' }), runFixture({ id: experimentId! * 10 + 1, experimentId, status: 'finished' })],
      'runs.delete': () => ({ ok: true as const }),
      'experiments.list': () => [experiment(1), experiment(2)],
      'experiments.delete': () => {
        if (refuse) throw new AppError('CONFLICT', 'Experiment "e2" has 1 active run(s); cancel them first')
        return { ok: true as const }
      }
    })
    const ctx = createStoreContext(fake)
    const runs = ctx.run(() => useRunsStore())
    const experiments = ctx.run(() => useExperimentsStore())
    await Promise.all([runs.loadExperiment(1), runs.loadExperiment(2), experiments.load()])
    experiments.visit(2)

    await runs.remove(10)
    expect(runs.ofExperiment(1).map((r) => r.id)).toEqual([11])

    await expect(experiments.remove(2)).rejects.toMatchObject({ code: 'CONFLICT' })
    expect([experiments.list.map((e) => e.id), runs.ofExperiment(2).length, experiments.lastVisitedId]).toEqual([[1, 2], 2, 2])

    refuse = false
    await experiments.remove(2)
    expect([experiments.list.map((e) => e.id), runs.ofExperiment(2).length, experiments.lastVisitedId]).toEqual([[1], 0, null])
    expect(runs.ofExperiment(1).map((r) => r.id)).toEqual([11])
  })

  it("keeps a run's end that came by event before the answer to its cancel", async () => {
    const fake = createFakeApi({
      'runs.list': () => [runFixture({ id: 1, experimentId: 1, status: 'running' })],
      'runs.cancel': () => {
        // The trainer ends at once: its end goes out by event before the answer arrives.
        fake.emit('run.updated', runFixture({ id: 1, experimentId: 1, status: 'cancelled' }))
        return runFixture({ id: 1, experimentId: 1, status: 'running' })
      }
    })
    const ctx = createStoreContext(fake)
    const runs = ctx.run(() => useRunsStore())
    await runs.loadExperiment(1)
    await runs.cancel(1)
    expect(runs.byId[1]!.status).toBe('cancelled')
  })

  it('keeps what came by event while a resume was asked, not its stale queued answer', async () => {
    const fake = createFakeApi({
      'runs.list': () => [runFixture({ id: 1, experimentId: 1, status: 'crashed' }), runFixture({ id: 2, experimentId: 1, status: 'cancelled' })],
      'runs.resume': ({ id }) => {
        // Run 1 starts and ends at once, by event, before the answer leaves; run 2 sends nothing.
        if (id === 1) {
          fake.emit('run.updated', runFixture({ id: 1, experimentId: 1, status: 'running' }))
          fake.emit('run.updated', runFixture({ id: 1, experimentId: 1, status: 'finished' }))
        }
        return runFixture({ id, experimentId: 1, status: 'queued' })
      }
    })
    const ctx = createStoreContext(fake)
    const runs = ctx.run(() => useRunsStore())
    await runs.loadExperiment(1)
    await runs.resume(1)
    await runs.resume(2)
    expect([runs.byId[1]!.status, runs.byId[2]!.status]).toEqual(['finished', 'queued'])
  })
})
