/**
 * The study page's work per refresh (it refetches at most twice a second): the trial table's
 * sort, the history chart's series, the slot map and the time left, over a study's whole ledger.
 * Run: npx tsx bench/study-page.ts   (prints one JSON object; times in milliseconds, median of runs)
 */
import { performance } from 'node:perf_hooks'
import type { Study, Trial } from '../src/shared/api'
import { historyData, slotMap, sortTrials, studyEta } from '../src/renderer/src/composables/useStudy'

const statuses = ['finished', 'finished', 'finished', 'pruned', 'failed', 'running', 'queued'] as const

function ledger(n: number): Trial[] {
  return Array.from({ length: n }, (_, i) => {
    const status = statuses[(i * 7919) % statuses.length]
    return {
      id: i + 1,
      studyId: 1,
      index: i,
      hash: `h${i}`,
      params: { 'optimizer.lr': 10 ** (-4 + ((i * 37) % 100) / 33), 'model.hidden_size': 8 * (1 + (i % 8)), 'optimizer.name': i % 2 ? 'adam' : 'sgd' },
      repeat: 0,
      seed: 42,
      status,
      runId: status === 'queued' ? null : i + 1,
      objective: status === 'finished' || status === 'pruned' ? Math.abs(Math.sin(i)) : null,
      prunedStep: status === 'pruned' ? 3 : null,
      message: null,
      attempts: status === 'queued' ? 0 : 1,
      device: status === 'running' ? `cuda:${i % 4}` : null,
      createdAt: 0,
      startedAt: status === 'queued' ? null : i * 1000,
      endedAt: status === 'queued' || status === 'running' ? null : i * 1000 + 5000 + (i % 13) * 100
    }
  })
}

function study(trials: Trial[]): Study {
  const counts = { queued: 0, running: 0, finished: 0, failed: 0, pruned: 0, cancelled: 0 }
  for (const t of trials) counts[t.status]++
  return {
    id: 1,
    experimentId: 1,
    name: 'bench',
    trainer: 'mlp',
    status: 'running',
    statusMessage: null,
    definition: {
      name: 'bench',
      trainer: 'mlp',
      config: {},
      dataset: '/data.csv',
      space: { params: {}, conditions: {} },
      design: { method: 'random', n: trials.length },
      repeats: 1,
      objective: { metric: 'val/loss', direction: 'min', value: 'last' },
      budget: {},
      pruner: { type: 'none' },
      priority: 0,
      onEngineStop: 'requeue',
      extensions: []
    },
    planned: trials.length,
    counts,
    best: null,
    elapsedMs: 0,
    createdAt: 0,
    startedAt: 0,
    endedAt: null
  }
}

function median(runs: number, fn: () => void): number {
  const t: number[] = []
  for (let k = 0; k < runs; k++) {
    const s = performance.now()
    fn()
    t.push(performance.now() - s)
  }
  return Number(t.sort((a, b) => a - b)[Math.floor(runs / 2)].toFixed(2))
}

const result: Record<string, number | string> = {}
for (const n of [2000, 20_000]) {
  const trials = ledger(n)
  const s = study(trials)
  result[`sort_by_objective_${n}_ms`] = median(21, () => sortTrials(trials, 'objective', false))
  result[`history_series_${n}_ms`] = median(21, () => historyData(trials, 'min'))
  result[`slot_map_${n}_ms`] = median(21, () => slotMap(trials))
  result[`eta_${n}_ms`] = median(21, () => studyEta(s, trials))
  result[`refresh_total_${n}_ms`] = median(21, () => {
    sortTrials(trials, 'objective', false)
    historyData(trials, 'min')
    slotMap(trials)
    studyEta(s, trials)
  })
}
result.node = process.version
console.log(JSON.stringify(result))
