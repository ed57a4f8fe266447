/**
 * The built `paramscope runs import` and `runs export` as a user runs them: kinds told from the
 * files, a second import skipped with a count, and an export larger than a pipe holds (64 KiB)
 * arriving whole through a late reader, in every format.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeMlflowSqlite, type MlflowRunSpec } from '../engine/import/testing/mlflow-store'
import { requireBuilt, runCli, runCliThroughPipe } from './testing'

const fixtures = join(__dirname, '../engine/import/fixtures')
let dir: string
let data: string
const withData = (args: string[]) => ['--data', data, ...args]
const RUNS = 600

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-runs-transfer-'))
  data = join(dir, 'home')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope runs import', () => {
  it('imports an Optuna study, then skips it the second time and says how many', () => {
    const first = runCli(withData(['runs', 'import', join(fixtures, 'optuna', 'study.db')]))
    expect(first.stderr).toBe('')
    expect(first.stdout).toBe('12 runs imported into experiment "lr-sweep"; 0 imported before were skipped\n')
    const again = runCli(withData(['--lang', 'zh-CN', 'runs', 'import', join(fixtures, 'optuna', 'study.db')]))
    expect(again.stdout).toBe('已导入 0 个运行到实验“lr-sweep”；跳过之前已导入的 12 个\n')
    const json = runCli(withData(['runs', 'import', join(fixtures, 'mlflow', 'mlruns'), '--experiment', 'from mlflow', '--json']))
    expect(JSON.parse(json.stdout)).toMatchObject({ kind: 'mlflow', imported: 5, skipped: 0, experiments: [{ name: 'from mlflow' }] })
  })

  it('refuses a bad kind and a bad file with a message naming them', () => {
    const kind = runCli(withData(['runs', 'import', join(fixtures, 'wandb', 'runs.csv'), '--kind', 'neptune']))
    expect(kind.code).toBe(2)
    expect(kind.stderr).toContain('--kind neptune: expected one of optuna, mlflow, wandb, csv, jsonl')
    const bad = runCli(withData(['--lang', 'zh-CN', 'runs', 'import', join(fixtures, 'wandb', 'runs.csv'), '--kind', 'optuna']))
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('runs.csv 第 1 行：不是 JSON')
  })
})

describe('paramscope runs export', () => {
  beforeAll(() => {
    // Long names and many params: well past the 64 KiB a pipe holds.
    const runs: MlflowRunSpec[] = Array.from({ length: RUNS }, (_, i) => ({
      runId: `run${String(i).padStart(29, '0')}`,
      name: `运行 ${i} | ${'x'.repeat(60)}`,
      experimentId: 1,
      status: 'FINISHED',
      startTime: 1796390000000 + i,
      endTime: 1796390001000 + i,
      params: { lr: String(10 ** -(1 + (i % 4))), optimizer: i % 2 ? 'adam' : 'sgd', note: 'a, "b" & c_%' },
      metrics: [{ key: 'val/loss', value: 1 / (i + 1), timestamp: 1796390000500 + i, step: 3 }],
      tags: {}
    }))
    const db = join(dir, 'big.db')
    writeMlflowSqlite(db, [{ id: 1, name: 'big' }], runs)
    expect(runCli(withData(['runs', 'import', db])).code).toBe(0)
  })

  for (const format of ['csv', 'json', 'md', 'tex'] as const) {
    it(`writes ${format} whole through a late pipe, the same as to a file`, async () => {
      const piped = await runCliThroughPipe(withData(['runs', 'export', '--experiment', 'big', '--format', format]))
      expect(piped.stderr).toBe('')
      expect(piped.code).toBe(0)
      expect(piped.stdout.length).toBeGreaterThan(64 * 1024)
      const out = join(dir, `big.${format}`)
      expect(runCli(withData(['runs', 'export', '--experiment', 'big', '--format', format, '--out', out])).code).toBe(0)
      expect(piped.stdout.equals(readFileSync(out))).toBe(true)
      const text = piped.stdout.toString('utf8')
      expect(text).toContain(`运行 ${RUNS - 1} `)
      if (format === 'json') {
        const rows = JSON.parse(text) as Record<string, unknown>[]
        expect(rows).toHaveLength(RUNS)
        expect(rows.find((r) => r.name === `运行 0 | ${'x'.repeat(60)}`)).toMatchObject({ 'params.lr': 0.1, 'metrics.val/loss': 1, trainer: 'mlflow', status: 'finished' })
      }
    })
  }

  it('needs a scope and a known format', () => {
    expect(runCli(withData(['runs', 'export', '--format', 'csv'])).stderr).toContain('runs export needs --experiment NAME or --study ID')
    expect(runCli(withData(['runs', 'export', '--experiment', 'big', '--format', 'xlsx'])).stderr).toContain('--format xlsx: expected one of csv, json, md, tex')
  })
})
