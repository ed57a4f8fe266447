/** `paramscope design` from the built CLI: CSV on stdout, the seed on stderr, errors naming the field. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'

let dir: string
let space: string

const paramscope = (...args: string[]) => runCli(args, { timeoutMs: 30000, env: { ...process.env, PARAMSCOPE_HOME: join(dir, 'never') } })

const rowsOf = (csv: string) => csv.trim().split('\n').map((l) => l.split(','))

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-design-'))
  space = join(dir, 'space.yaml')
  writeFileSync(space, 'params:\n  optimizer.lr: {type: float, low: 1.0e-5, high: 0.1, log: true}\n  model.layers: {type: int, low: 1, high: 4}\n  optimizer.name: {type: categorical, choices: [adamw, sgd]}\n')
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope design', () => {
  it('prints a Latin hypercube as CSV with a header of parameter names, repeatable by seed', () => {
    const r = paramscope('design', '--method', 'lhs', '--n', '8', '--space', space, '--seed', '5')
    expect(r.code, r.stderr).toBe(0)
    const [header, ...rows] = rowsOf(r.stdout)
    expect(header).toEqual(['optimizer.lr', 'model.layers', 'optimizer.name'])
    expect(rows).toHaveLength(8)
    // One point per stratum of log10(lr) over [−5, −1].
    const strata = new Set(rows.map((row) => Math.floor(((Math.log10(Number(row[0])) + 5) / 4) * 8)))
    expect(strata.size).toBe(8)
    expect(rows.every((row) => ['1', '2', '3', '4'].includes(row[1]) && ['adamw', 'sgd'].includes(row[2]))).toBe(true)
    expect(r.stderr).toContain('seed=5')
    expect(paramscope('design', '--method', 'lhs', '--n', '8', '--space', space, '--seed', '5').stdout).toBe(r.stdout)
  })

  it('prints Saltelli rows in SALib order and reports a drawn seed', () => {
    const r = paramscope('design', '--method', 'saltelli', '--n', '16', '--space', space, '--first-order', '--replicates', '2')
    expect(r.code, r.stderr).toBe(0)
    const rows = rowsOf(r.stdout).slice(1)
    expect(rows).toHaveLength(16 * 5)
    // Row 1 (AB_1) is A with the first column from B (row 4).
    expect(rows[1]).toEqual([rows[4][0], rows[0][1], rows[0][2]])
    expect(r.stderr).toMatch(/seed=\d+ replicates=2 baseRows=8 secondOrder=false/)
  })

  it('refuses bad input, naming the field', () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ params: { 'optimizer.lr': { type: 'float', low: 0, high: 1, log: true } } }))
    const cases: [string[], RegExp][] = [
      [['--method', 'lhs', '--n', '4', '--space', bad], /params\.optimizer\.lr\.low: must be positive on a log scale/],
      [['--method', 'nope', '--n', '4', '--space', space], /--method: expected one of grid/],
      [['--method', 'ccd', '--n', '1', '--space', space], /params\.optimizer\.name: is categorical/],
      [['--method', 'lhs', '--space', space], /--n is required/],
      [['--method', 'lhs', '--n', '4', '--space', space, '--bogus'], /bogus/]
    ]
    for (const [args, message] of cases) {
      const r = paramscope('design', ...args)
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(message)
    }
    expect(existsSync(join(dir, 'never'))).toBe(false)
  })
})
