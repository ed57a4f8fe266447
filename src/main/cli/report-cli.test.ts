import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedStudy } from '../engine/report/seed'
import { openStore, STORE_FILE } from '../engine/store'
import { requireBuilt, runCli } from './testing'

/** `paramscope report` as a user runs it: the built CLI on a data folder holding a finished study. */
const dir = mkdtempSync(join(tmpdir(), 'paramscope-report-cli-'))
const data = join(dir, 'home')
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeAll(() => {
  requireBuilt()
  const store = openStore(join(data, STORE_FILE))
  seedStudy(store, { experiment: '学习率', runs: 6, name: (i) => (i === 0 ? '基线运行' : `trial-${i}`) })
  store.close()
})

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--data', data, ...args], { env: { ...process.env, PARAMSCOPE_LANG: 'en', ...env }, timeoutMs: 120_000 })

describe('paramscope report', () => {
  it('writes the HTML of a study in Chinese with --html alone, needing no browser', () => {
    const out = join(dir, 'study.html')
    const r = cli(['report', '--study', '1', '--html', out, '--lang', 'zh-CN'], { PARAMSCOPE_CHROMIUM: '/no/such/chromium' })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`已写出 ${out}`)
    const html = readFileSync(out, 'utf8')
    expect(html).toContain('研究报告')
    expect(html).toContain('基线运行')
    expect(html).not.toMatch(/<script|https?:\/\//i)
  })

  it('reports an experiment by name as JSON', () => {
    const out = join(dir, 'experiment.html')
    const r = cli(['report', '--experiment', '学习率', '--html', out, '--json'])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ path: out, format: 'html', runs: 6, printer: null })
  })

  it('names what is wrong with the command line', () => {
    expect(cli(['report', '--out', join(dir, 'a.pdf')]).stderr).toMatch(/report needs one of --study ID, --experiment NAME or --runs ID/)
    expect(cli(['report', '--study', '1']).stderr).toMatch(/report needs --out FILE\.pdf or --html FILE\.html/)
    expect(cli(['report', '--study', '1', '--out', join(dir, 'a.txt')]).stderr).toMatch(/--out must name a \.pdf file, not .*a\.txt/)
    const bad = cli(['report', '--runs', '1,x', '--html', join(dir, 'a.html')])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/x/)
    expect(cli(['report', '--study', '1', '--html', join(dir, 'a.html'), '--paper', 'a3']).stderr).toMatch(/a3/)
    expect(cli(['report', '--experiment', 'nope', '--html', join(dir, 'a.html')]).stderr).toMatch(/No experiment nope/)
    expect(cli(['report', '--study', '1', '--out', join(dir, 'b.pdf')], { PARAMSCOPE_CHROMIUM: '/no/such/chromium' }).stderr).toMatch(/PARAMSCOPE_CHROMIUM is set to \/no\/such\/chromium/)
    expect(existsSync(join(dir, 'b.pdf'))).toBe(false)
  })

  it('prints the PDF with a Chromium this machine has, in letter landscape', { timeout: 180_000 }, () => {
    const out = join(dir, 'study.pdf')
    const html = join(dir, 'beside.html')
    const r = cli(['report', '--study', '1', '--out', out, '--html', html, '--paper', 'letter', '--landscape', '--metric', 'val/accuracy', '--json'])
    if (r.code !== 0 && /No Chromium to print/.test(r.stderr)) return // a machine without one: the refusal itself is tested in report.test.ts
    expect(r.stderr).toBe('')
    const result = JSON.parse(r.stdout) as { path: string; htmlPath: string; printer: string }
    expect(result).toMatchObject({ path: out, htmlPath: html, format: 'pdf', runs: 6 })
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-')
    expect(readFileSync(html, 'utf8')).toContain('@page { size: letter landscape;')
  })
})
