import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { api } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, type CodedMessage } from '../../../shared/messages'
import { ReportRequest, type ReportRequestInput } from '../../../shared/schemas/report'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import { openStore, STORE_FILE } from '../store'
import { createChromiumPrinter, findChromium, requireChromium, type ChromiumHost } from './chromium'
import { formatNumber } from './html'
import { createReport } from './reports-api'
import { seedStudy } from './seed'

/**
 * Reports end to end: a real store seeded as a finished study, the real engine's analysis, the
 * HTML as written, and PDFs printed by the Chromium this machine has and read back by poppler.
 */
const dir = mkdtempSync(join(tmpdir(), 'paramscope-report-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const CHINESE_RUN = '基线运行'
const sections = {
  en: ['Question and notes', 'Best configuration', 'Comparison table', 'Curves', 'Sensitivity', 'Config diff', 'Reproducibility'],
  'zh-CN': ['问题与备注', '最佳配置', '对比表', '曲线', '敏感性', '配置差异', '可复现性']
} as const

function seeded(name: string, runs: number) {
  const dataDir = join(dir, name)
  const store = openStore(join(dataDir, STORE_FILE))
  try {
    return { dataDir, ...seedStudy(store, { experiment: name, description: 'Which learning rate trains the mlp best?', runs, name: (i) => (i === 0 ? CHINESE_RUN : `trial-${i}`) }) }
  } finally {
    store.close()
  }
}

const pdftotext = (file: string, page?: number): string => {
  const range = page === undefined ? [] : ['-f', String(page), '-l', String(page)]
  const r = spawnSync('pdftotext', ['-layout', ...range, file, '-'], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`pdftotext failed: ${r.stderr}`)
  return r.stdout
}

const pageCount = (file: string): number => Number(/Pages:\s+(\d+)/.exec(spawnSync('pdfinfo', [file], { encoding: 'utf8' }).stdout)![1])

/** Each page rendered small in grey: the share of its pixels that are not white. */
function inkPerPage(file: string): number[] {
  const prefix = join(dir, `ink-${Math.random().toString(36).slice(2)}`)
  const r = spawnSync('pdftoppm', ['-r', '20', '-gray', file, prefix])
  if (r.status !== 0) throw new Error(`pdftoppm failed: ${r.stderr}`)
  const pages = spawnSync('sh', ['-c', 'ls "$1"-*.pgm', 'sh', prefix], { encoding: 'utf8' }).stdout.trim().split('\n').sort()
  return pages.map((page) => {
    const bytes = readFileSync(page)
    // Binary PGM: "P5\n<w> <h>\n<max>\n" then one byte per pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(bytes.subarray(0, 50).toString('latin1'))!
    const pixels = bytes.subarray(header[0].length)
    let dark = 0
    for (const p of pixels) if (p < 200) dark++
    return dark / pixels.length
  })
}

const systemChromium = (() => {
  try {
    return findChromium({ platform: process.platform, env: process.env, exists: (p) => spawnSync('test', ['-x', p]).status === 0 })
  } catch {
    return null
  }
})()

describe('report HTML', () => {
  it('is self-contained: no script, no URL, inline SVG curves, every section and run', async () => {
    const { dataDir, studyId } = seeded('html', 12)
    const store = openStore(join(dataDir, STORE_FILE))
    try {
      for (const lang of ['en', 'zh-CN'] as const) {
        const out = join(dir, `study-${lang}.html`)
        const result = await createReport({ store }, ReportRequest.parse({ source: { kind: 'study', studyId }, lang, format: 'html', out }))
        expect(result).toMatchObject({ format: 'html', runs: 12, printer: null })
        const html = readFileSync(out, 'utf8')
        expect(html).not.toMatch(/<script/i)
        expect(html).not.toMatch(/https?:\/\//i)
        expect(html).not.toMatch(/<link|<img|<iframe|\ssrc=/i)
        // Two curves (the objective and the next metric), each an SVG of line paths.
        const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? []
        expect(svgs.length).toBeGreaterThanOrEqual(2)
        expect(svgs[0]).toMatch(/<path d="M[\d.]+ [\d.]+L/)
        expect(html).toContain(CHINESE_RUN)
        expect(html).toContain('trial-11')
        expect(html).toContain('thead { display: table-header-group; }')
        expect(html).toContain('@page { size: A4 portrait;')
        expect(html).toContain('Noto Sans CJK SC')
        // No analysis was given: every section but sensitivity.
        for (const title of sections[lang].filter((s) => s !== 'Sensitivity' && s !== '敏感性')) expect(html).toContain(title)
      }
    } finally {
      store.close()
    }
  })

  it('refuses an out file of the wrong kind and a run that does not exist, naming them', async () => {
    const { dataDir } = seeded('refusals', 3)
    const store = openStore(join(dataDir, STORE_FILE))
    try {
      await expect(createReport({ store }, ReportRequest.parse({ source: { kind: 'runs', runIds: [1] }, format: 'pdf', out: join(dir, 'x.html') }))).rejects.toThrow(/out must name a \.pdf file/)
      const missing = await createReport({ store }, ReportRequest.parse({ source: { kind: 'runs', runIds: [1, 999] }, format: 'html', out: join(dir, 'x.html') })).catch((e: AppError) => e)
      expect(missing).toBeInstanceOf(AppError)
      expect(formatMessage('zh-CN', (missing as AppError).details!.message as CodedMessage)).toBe('没有运行 999')
    } finally {
      store.close()
    }
  })
})

describe('finding a Chromium', () => {
  const host = (files: string[], env: Record<string, string> = {}, playwright?: string): ChromiumHost => ({
    platform: 'linux',
    env: { PATH: '/opt/bin:/usr/local/bin', ...env },
    exists: (p) => files.includes(p),
    playwrightPath: () => playwright
  })

  it('takes the variable, then PATH, then the usual places, then Playwright’s own', () => {
    expect(findChromium(host(['/x/chrome', '/usr/bin/chromium'], { PARAMSCOPE_CHROMIUM: '/x/chrome' }))).toBe('/x/chrome')
    expect(findChromium(host(['/usr/local/bin/google-chrome', '/usr/bin/chromium']))).toBe('/usr/local/bin/google-chrome')
    expect(findChromium(host(['/opt/google/chrome/chrome']))).toBe('/opt/google/chrome/chrome')
    expect(findChromium(host(['/pw/chrome'], {}, '/pw/chrome'))).toBe('/pw/chrome')
    expect(findChromium(host([]))).toBeNull()
    expect(() => findChromium(host([], { PARAMSCOPE_CHROMIUM: '/nope' }))).toThrow(/PARAMSCOPE_CHROMIUM is set to \/nope/)
  })

  it('says what to install when there is none, in English and Chinese', async () => {
    const err = (await requireChromium(host([])).catch((e: AppError) => e)) as AppError
    expect(err.code).toBe('UNSUPPORTED')
    const coded = err.details!.message as CodedMessage
    expect(coded.code).toBe('report.error.noChromium')
    expect(formatMessage('en', coded)).toMatch(/install Chromium, Google Chrome or Microsoft Edge/)
    expect(formatMessage('zh-CN', coded)).toMatch(/请安装 Chromium/)
  })
})

/** poppler-utils reads the PDFs back; `.ci/run` installs it (and Chromium) where apt-get can. */
const hasPoppler = ['pdftotext', 'pdftoppm'].every((tool) => spawnSync(tool, ['-v']).error === undefined)

describe.skipIf(!systemChromium || !hasPoppler)('report PDF printed by Chromium', () => {
  it('prints a study in en and zh-CN with names, values, section titles and sensitivity, no blank page', { timeout: 240_000 }, async () => {
    const { dataDir, studyId } = seeded('pdf', 16)
    const engine = await createEngine({ dataDir, launcher: createNodeLauncher(), trainerEntry: 'unused.js', gpus: [] })
    try {
      const store = openStore(join(dataDir, STORE_FILE))
      const best = store.studies.best(studyId, 'min')!
      store.close()
      for (const lang of ['en', 'zh-CN'] as const) {
        const out = join(dir, `study-${lang}.pdf`)
        const input: ReportRequestInput = { source: { kind: 'study', studyId }, lang, format: 'pdf', out, paper: lang === 'en' ? 'letter' : 'a4', landscape: lang === 'en' }
        const result = await engine.api['reports.create'](api['reports.create'].input.parse(input))
        expect(result.printer).toContain(systemChromium!)
        expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-')
        const text = pdftotext(out)
        for (const title of sections[lang]) expect(text).toContain(title)
        expect(text).toContain(CHINESE_RUN)
        expect(text).toContain('trial-7')
        expect(text).toContain(formatNumber(best.objective))
        // The analysis ran on the study: tiers are worded, one of the swept parameters named.
        expect(text).toMatch(lang === 'en' ? /(high|medium|low|unclear|noise)/ : /(高|中|低|不确定|噪声)/)
        expect(text).toContain('optimizer.lr')
        const ink = inkPerPage(out)
        expect(ink.length).toBe(pageCount(out))
        // No section title is left at a page's foot: what it heads starts on its page.
        for (let page = 1; page <= ink.length; page++) {
          const lines = pdftotext(out, page).split('\n').map((l) => l.trim()).filter(Boolean)
          const last = lines.findLastIndex((l) => (sections[lang] as readonly string[]).includes(l))
          if (last >= 0) expect(lines.length - 1 - last, `page ${page}: "${lines[last]}"`).toBeGreaterThanOrEqual(2)
        }
        for (const share of ink) expect(share).toBeGreaterThan(0.002)
      }
    } finally {
      await engine.close()
    }
  })

  it('keeps its Chromium for the next print while busy, and starts another after it idled or closed', { timeout: 120_000 }, async () => {
    const printer = createChromiumPrinter({ idleMs: 300 })
    const html = '<!doctype html><meta charset="utf-8"><h1>报告 report</h1>'
    const options = { paper: 'a4', landscape: false } as const
    try {
      const [a, b] = await Promise.all([printer.print(html, options, systemChromium!), printer.print(html, options, systemChromium!)])
      await printer.print(html, options, systemChromium!)
      expect(printer.starts).toBe(1)
      for (const { pdf } of [a, b]) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      await new Promise((r) => setTimeout(r, 800))
      await printer.print(html, options, systemChromium!)
      expect(printer.starts).toBe(2)
      await printer.close()
      const again = await printer.print(html, options, systemChromium!)
      expect([printer.starts, again.pdf.subarray(0, 5).toString()]).toEqual([3, '%PDF-'])
    } finally {
      await printer.close()
    }
  })

  it('splits a 200-run table across pages with its header on each', { timeout: 240_000 }, async () => {
    const { dataDir, runIds } = seeded('long', 200)
    const store = openStore(join(dataDir, STORE_FILE))
    try {
      const out = join(dir, 'long.pdf')
      await createReport({ store }, ReportRequest.parse({ source: { kind: 'runs', runIds }, format: 'pdf', out, metric: 'val/loss' }))
      const pages = pageCount(out)
      const tablePages = Array.from({ length: pages }, (_, i) => pdftotext(out, i + 1)).filter((t) => /\btrial-\d+\s+finished\b/.test(t))
      // 200 rows at about 40 a page.
      expect(tablePages.length).toBeGreaterThanOrEqual(4)
      for (const page of tablePages) expect(page).toMatch(/#\s+Run\s+Status\s+model\.hidden_size\s+optimizer\.lr\s+val\/loss/)
      const all = pdftotext(out)
      for (const name of ['trial-1 ', 'trial-100 ', 'trial-199 ', CHINESE_RUN]) expect(all).toContain(name)
      for (const share of inkPerPage(out)) expect(share).toBeGreaterThan(0.002)
    } finally {
      store.close()
    }
  })
})
