import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { api } from '../../../shared/api'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import { newRun, openTestStore, tempStoreFile } from '../store/testing'
import { createStudyEstimate, median } from './estimate'

describe('studies.estimate', () => {
  it('takes the median duration of finished runs of the trainer, in waves of the runs allowed at once', async () => {
    const store = openTestStore(tempStoreFile())
    const experimentId = store.experiments.create({ name: 'exp' }).id
    const add = (trainer: string, status: 'finished' | 'failed' | 'running', seconds: number | null) => {
      const { id } = store.runs.insert(newRun(experimentId, { trainer }))
      const startedAt = 1_700_000_000_000
      store.runs.update(id, { status, startedAt, endedAt: seconds === null ? null : startedAt + seconds * 1000 })
    }
    add('mlp', 'finished', 10)
    add('mlp', 'finished', 30)
    add('mlp', 'finished', 20)
    add('mlp', 'finished', 40)
    // Neither failed nor running runs, nor other trainers' runs, say how long a trial takes.
    add('mlp', 'failed', 1000)
    add('mlp', 'running', null)
    add('char-lm', 'finished', 500)
    const estimate = createStudyEstimate(store, 3)
    expect(await estimate({ trainer: 'mlp', trials: 16, concurrency: 4 })).toEqual({ medianRunSeconds: 25, runsMeasured: 4, estimatedSeconds: 6 * 25 })
    expect(await estimate({ trainer: 'mlp', trials: 16, concurrency: 2 })).toEqual({ medianRunSeconds: 25, runsMeasured: 4, estimatedSeconds: 8 * 25 })
    expect(await estimate({ trainer: 'mlp', trials: 16 })).toMatchObject({ estimatedSeconds: 6 * 25 })
    expect(await estimate({ trainer: 'text-classifier', trials: 16 })).toEqual({ medianRunSeconds: null, runsMeasured: 0, estimatedSeconds: null })
  })

  it('is a method of the engine contract', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-estimate-'))
    const engine = await createEngine({ dataDir: dir, launcher: createNodeLauncher(), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), maxConcurrentRuns: 2, gpus: [] })
    onTestFinished(async () => {
      await engine.close()
      rmSync(dir, { recursive: true, force: true })
    })
    const out = await engine.api['studies.estimate'](api['studies.estimate'].input.parse({ trainer: 'mlp', trials: 4 }))
    expect(api['studies.estimate'].output.parse(out)).toEqual({ medianRunSeconds: null, runsMeasured: 0, estimatedSeconds: null })
  })

  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})
