/** `paramscope datasets …` built, against a real data folder. */
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'

let dir: string
let data: string

const paramscope = (...args: string[]) => runCli(['--data', data, ...args])

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex')

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-datasets-cli-'))
  data = join(dir, 'home')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope datasets', () => {
  it('imports files, names each dataset, and refuses a bad one with its reason', () => {
    const csv = join(dir, 'iris.csv')
    writeFileSync(csv, 'sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n')
    const jsonl = join(dir, 'notes.jsonl')
    writeFileSync(jsonl, '{"text":"hello","label":1}\n{"text":"world","label":0}\n')
    const empty = join(dir, 'empty.csv')
    writeFileSync(empty, '')

    const r = paramscope('datasets', 'import', csv, empty, jsonl, '--json')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/empty\.csv: .*empty/)
    const out = JSON.parse(r.stdout)
    expect(out).toEqual([
      { path: csv, id: expect.any(Number), name: 'iris.csv', format: 'csv', rows: 3, columns: 3, sha256: sha256(csv) },
      { path: empty, error: expect.stringContaining('empty.csv') },
      { path: jsonl, id: expect.any(Number), name: 'notes.jsonl', format: 'jsonl', rows: 2, columns: 2, sha256: sha256(jsonl) }
    ])

    const listed = JSON.parse(paramscope('datasets', 'list', '--json').stdout)
    expect(listed.map((d: { id: number }) => d.id).sort()).toEqual([out[0].id, out[2].id].sort())
    expect(listed.every((d: { status: string }) => d.status === 'ok')).toBe(true)

    const shown = JSON.parse(paramscope('datasets', 'show', String(out[0].id), '--json').stdout)
    expect(shown).toMatchObject({ id: out[0].id, rows: 3, versions: [] })
    expect(shown.profile.columns.map((c: { name: string; type: string }) => [c.name, c.type])).toEqual([
      ['sepal', 'number'],
      ['petal', 'number'],
      ['species', expect.stringMatching(/categorical|text/)]
    ])
  })

  it('copies into the library on --copy and prints a table without --json', () => {
    const csv = join(dir, 'copy me.csv')
    writeFileSync(csv, 'a,b\n1,2\n3,4\n')
    const r = paramscope('datasets', 'import', csv, '--copy')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/copy me\.csv +csv +2 +2 /)
    const copied = JSON.parse(paramscope('datasets', 'list', '--json').stdout).find((d: { name: string }) => d.name === 'copy me.csv')
    expect(copied.copied).toBe(true)
    expect(copied.path.startsWith(join(data, 'library'))).toBe(true)
  })

  it('refuses a missing subcommand or id', () => {
    expect(paramscope('datasets').code).toBe(2)
    const r = paramscope('datasets', 'show', '999', '--json')
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('Dataset 999 does not exist')
  })
})
