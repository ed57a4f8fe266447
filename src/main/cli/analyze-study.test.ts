/**
 * `paramscope analyze --study ID` from the built CLI: a study's swept parameters, its objective as
 * the default target and direction, its design, and the text in the chosen language, through a pipe.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, STORE_FILE } from '../engine/store'
import { newRun } from '../engine/store/testing'
import { checkStudy, parseStudyDefinition } from '../engine/studies/definition'
import { planTrials } from '../engine/studies/plan'
import { trainerDefinitions } from '../engine/trainers/registry'
import { requireBuilt, runCli, runCliThroughPipe, runCliToFile } from './testing'

let dir: string
let data: string
let studyId: number
let prunedStudyId: number

const trainers = { mlp: trainerDefinitions.mlp.info(['cpu']) }

beforeAll(() => {
  requireBuilt(['cli.js', 'analysis-worker.js'])
  dir = mkdtempSync(join(tmpdir(), 'paramscope-analyze-study-'))
  data = join(dir, 'home')
  // A Saltelli study over two mlp parameters whose trials finished, as the ledger records them;
  // val/loss falls with the learning rate alone, so it is the one that matters.
  const store = openStore(join(data, STORE_FILE))
  try {
    const checked = checkStudy(
      parseStudyDefinition({
        name: 'lr and dropout',
        trainer: 'mlp',
        dataset: '/data/blobs.csv',
        space: {
          params: {
            'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-1, log: true },
            'regularization.dropout': { type: 'float', low: 0, high: 0.5, log: false }
          }
        },
        design: { method: 'saltelli', n: 64, secondOrder: false },
        objective: { metric: 'val/loss', direction: 'min' },
        seed: 3
      }),
      trainers
    )
    const experimentId = store.experiments.create({ name: 'sweeps' }).id
    studyId = store.studies.create({ experimentId, name: 'lr and dropout', trainer: 'mlp', definition: checked.definition }).id
    store.studies.enqueue(studyId, planTrials(checked))
    for (const t of store.studies.trials(studyId)) {
      const loss = 2 + Math.log10(t.params['optimizer.lr'] as number) * 0.5 + 0.01 * (t.params['regularization.dropout'] as number)
      const run = store.runs.insert(newRun(experimentId, { config: { ...t.params }, owner: { pid: 1, start: null, instance: 'gone' } }))
      store.metrics.append(run.id, [{ name: 'val/loss', step: 1, value: loss, time: 1 }])
      store.runs.update(run.id, { status: 'finished', endedAt: Date.now() })
      store.studies.updateTrial(t.id, { status: 'finished', runId: run.id, objective: loss, endedAt: Date.now() })
    }
    // An LHS study whose first trial was pruned at step 1: left out unless --include-pruned.
    const lhs = checkStudy(
      parseStudyDefinition({
        name: 'pruned one',
        trainer: 'mlp',
        dataset: '/data/blobs.csv',
        space: { params: { 'optimizer.lr': { type: 'float', low: 1e-4, high: 1e-1, log: true } } },
        design: { method: 'lhs', n: 12 },
        objective: { metric: 'val/loss', direction: 'min' },
        seed: 4
      }),
      trainers
    )
    prunedStudyId = store.studies.create({ experimentId, name: 'pruned one', trainer: 'mlp', definition: lhs.definition }).id
    store.studies.enqueue(prunedStudyId, planTrials(lhs))
    for (const t of store.studies.trials(prunedStudyId)) {
      const pruned = t.index === 0
      const loss = 1 + Math.log10(t.params['optimizer.lr'] as number)
      const run = store.runs.insert(newRun(experimentId, { config: { ...t.params }, owner: { pid: 1, start: null, instance: 'gone' } }))
      store.metrics.append(run.id, [{ name: 'val/loss', step: 1, value: loss, time: 1 }])
      store.runs.update(run.id, { status: pruned ? 'cancelled' : 'finished', endedAt: Date.now() })
      store.studies.updateTrial(t.id, { status: pruned ? 'pruned' : 'finished', runId: run.id, objective: pruned ? null : loss, prunedStep: pruned ? 1 : null, endedAt: Date.now() })
    }
  } finally {
    store.close()
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope analyze --study', () => {
  it('analyses the swept parameters with Sobol on the objective, in English by default', () => {
    const r = runCli(['--data', data, 'analyze', '--study', String(studyId), '--json', '--lang', 'en'])
    expect(r.stderr).toBe('')
    const result = JSON.parse(r.stdout)
    expect(result).toMatchObject({ method: 'sobol', target: 'objective', goal: 'min', n: 64 * 4 })
    expect(result.params.map((p: { name: string }) => p.name)).toEqual(['optimizer.lr', 'regularization.dropout'])
    const lr = result.params.find((p: { name: string }) => p.name === 'optimizer.lr')
    expect(lr.ST).toBeGreaterThan(0.95)
    expect(result.notices.map((n: { code: string }) => n.code)).toContain('studyTrials')
  })

  it('words the analysis in Chinese with --lang zh-CN, whole through a pipe', async () => {
    const r = await runCliThroughPipe(['--data', data, 'analyze', '--study', String(studyId), '--lang', 'zh-CN'])
    const text = r.stdout.toString('utf8')
    expect(text).toContain('objective 的 sobol（越低越好）')
    expect(text).toContain('研究 lr and dropout：分析了 256 个试验中的 256 个')
    expect(text).toContain('参数')
    expect(text).toMatch(/保持不变|计算方式/)
  })

  it('leaves a pruned trial out and says so; --include-pruned takes it in, said in Chinese', async () => {
    const left = runCli(['--data', data, 'analyze', '--study', String(prunedStudyId), '--json', '--lang', 'en'])
    expect(left.stderr).toBe('')
    const result = JSON.parse(left.stdout)
    expect(result.n).toBe(11)
    expect(result.params.map((p: { name: string }) => p.name)).toEqual(['optimizer.lr'])
    expect(result.notices.find((n: { code: string }) => n.code === 'studyPrunedLeftOut')?.params).toEqual({ count: 1 })
    const all = await runCliThroughPipe(['--data', data, 'analyze', '--study', String(prunedStudyId), '--include-pruned', '--lang', 'zh-CN'])
    const text = all.stdout.toString('utf8')
    expect(text).toContain('n=12')
    expect(text).toContain('1 个被剪枝的试验已按其停止前报告的最后值纳入。')
    expect(text).not.toContain('pruned trial')
    // Whole through the pipe: the same bytes as written to a file.
    const args = ['--data', data, 'analyze', '--study', String(prunedStudyId), '--include-pruned', '--lang', 'zh-CN']
    expect(all.code).toBe(0)
    expect(all.stdout.equals(runCliToFile(args).stdout)).toBe(true)
  })

  it('names a study id that is not one, in the chosen language', () => {
    const r = runCli(['--data', data, 'analyze', '--study', 'x1', '--lang', 'zh-CN'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--study：“x1”不是研究 id')
  })
})
