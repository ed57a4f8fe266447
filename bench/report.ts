/**
 * The PDF report of a 50-run study, end to end through the engine: the store read, the
 * sensitivity analysis on its worker, the charts drawn by ECharts, the HTML, and Chromium's print.
 * The study is written straight into a real store (report/seed.ts), 50 logged steps a run.
 * Run: npx tsx bench/report.ts   (prints one JSON object; times in milliseconds)
 * REPORT_BENCH_ROUNDS (default 5) sets the rounds; REPORT_BENCH_KEEP=DIR keeps the last PDFs there.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { api } from '../src/shared/api'
import { createEngine } from '../src/main/engine/engine'
import { findChromium, thisHost } from '../src/main/engine/report/chromium'
import { seedStudy } from '../src/main/engine/report/seed'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'
import { openStore, STORE_FILE } from '../src/main/engine/store'

const RUNS = 50
const rounds = Number(process.env.REPORT_BENCH_ROUNDS ?? 5)
const keep = process.env.REPORT_BENCH_KEEP

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-report-bench-'))
  try {
    const dataDir = join(dir, 'home')
    const seedStart = performance.now()
    const store = openStore(join(dataDir, STORE_FILE))
    const { studyId } = seedStudy(store, {
      experiment: 'Learning-rate sweep',
      description: 'Which learning rate and hidden size train the mlp on blobs best? 学习率与隐藏层大小的影响。',
      runs: RUNS,
      name: (i) => (i === 0 ? '基线运行' : `trial-${i}`)
    })
    store.close()
    const seedMs = performance.now() - seedStart
    const engine = await createEngine({ dataDir, launcher: createNodeLauncher(), trainerEntry: 'unused.js', gpus: [] })
    const byLang: Record<string, { ms: number[]; bytes: number }> = {}
    try {
      for (const lang of ['en', 'zh-CN'] as const) {
        const ms: number[] = []
        let bytes = 0
        for (let r = 0; r < rounds; r++) {
          const out = join(dir, `report-${lang}.pdf`)
          const t = performance.now()
          await engine.api['reports.create'](api['reports.create'].input.parse({ source: { kind: 'study', studyId }, lang, format: 'pdf', out, htmlOut: join(dir, `report-${lang}.html`) }))
          ms.push(performance.now() - t)
          bytes = statSync(out).size
        }
        if (keep) {
          mkdirSync(keep, { recursive: true })
          copyFileSync(join(dir, `report-${lang}.pdf`), join(keep, `report-${lang}.pdf`))
          copyFileSync(join(dir, `report-${lang}.html`), join(keep, `report-${lang}.html`))
        }
        byLang[lang] = { ms, bytes }
      }
    } finally {
      await engine.close()
    }
    const stats = (ms: number[]) => {
      const s = [...ms].sort((a, b) => a - b)
      return { min: Math.round(s[0]!), median: Math.round(s[Math.floor(s.length / 2)]!), max: Math.round(s[s.length - 1]!) }
    }
    process.stdout.write(
      `${JSON.stringify({
        bench: 'report-pdf',
        runs: RUNS,
        stepsPerRun: 50,
        rounds,
        chromium: findChromium(await thisHost()),
        seedMs: Math.round(seedMs),
        en: { ...stats(byLang.en!.ms), pdfBytes: byLang.en!.bytes },
        zhCN: { ...stats(byLang['zh-CN']!.ms), pdfBytes: byLang['zh-CN']!.bytes },
        unit: 'ms per report: store read, analysis, charts, HTML and Chromium print (one Chromium kept by the engine, started by the first report: max)'
      })}\n`
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
