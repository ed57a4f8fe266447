import analysisEn from '../../../shared/messages/analysis-en'
import analysisZhCN from '../../../shared/messages/analysis-zh-CN'
import { formatMessage, messageText, msg, type CodedMessage, type MessageCode, type MessageLocale, type MessageValue } from '../../../shared/messages'
import type { ReportPaper } from '../../../shared/schemas/report'
import { FONT_STACK, importanceChartSvg, lineChartSvg } from './charts'
import type { Cell, ReportModel } from './model'

export interface HtmlOptions {
  lang: MessageLocale
  paper: ReportPaper
  landscape: boolean
  /** Named in the reproducibility section ("Printed by"), when known before the HTML is written. */
  printer?: string
}

/** Paper sizes in millimetres, portrait. */
const papers: Record<ReportPaper, { w: number; h: number; css: string }> = {
  a4: { w: 210, h: 297, css: 'A4' },
  letter: { w: 215.9, h: 279.4, css: 'letter' }
}
const MARGIN_MM = 12
const PX_PER_MM = 96 / 25.4

/** The width of the page's text block in CSS pixels: what a chart may take. */
export function contentWidthPx(paper: ReportPaper, landscape: boolean): number {
  const p = papers[paper]
  return Math.floor(((landscape ? p.h : p.w) - 2 * MARGIN_MM) * PX_PER_MM) - 4
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)

/** A number as a table shows it: 4 significant digits, no float noise, exponent for the very small or large. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–'
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v)
  const a = Math.abs(v)
  if (a !== 0 && (a < 1e-3 || a >= 1e6)) return v.toExponential(3).replace(/\.?0+e/, 'e')
  return String(Number(v.toPrecision(4)))
}

const formatCell = (v: Cell): string => (typeof v === 'number' ? formatNumber(v) : v === null ? '–' : String(v))

/** Each value's place between worst (0) and best (1) in its column, by the chosen normalization. */
export function cellScores(values: (number | null)[], goal: 'min' | 'max', normalization: ReportModel['normalization']): (number | null)[] {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v))
  if (normalization === 'none' || finite.length < 2) return values.map(() => null)
  const dir = goal === 'max' ? 1 : -1
  if (normalization === 'minmax') {
    const lo = Math.min(...finite)
    const hi = Math.max(...finite)
    if (hi === lo) return values.map(() => null)
    return values.map((v) => (v === null ? null : dir > 0 ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)))
  }
  const mean = finite.reduce((s, v) => s + v, 0) / finite.length
  const std = Math.sqrt(finite.reduce((s, v) => s + (v - mean) ** 2, 0) / (finite.length - 1))
  if (std === 0) return values.map(() => null)
  // z in [-2, 2] spans the scale; beyond it the colour holds.
  return values.map((v) => (v === null ? null : (Math.max(-2, Math.min(2, (dir * (v - mean)) / std)) + 2) / 4))
}

const background = (score: number | null): string => (score === null ? '' : ` style="background:rgba(46,139,87,${(0.06 + 0.54 * score).toFixed(3)})"`)

const css = (o: HtmlOptions): string => {
  const p = papers[o.paper]
  return `@page { size: ${p.css} ${o.landscape ? 'landscape' : 'portrait'}; margin: ${MARGIN_MM}mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: ${FONT_STACK}; font-size: 9.5pt; line-height: 1.4; color: #1b1f24; margin: 0; }
@media screen { body { max-width: ${contentWidthPx(o.paper, o.landscape) + 48}px; margin: 24px auto; padding: 0 24px; } }
h1 { font-size: 17pt; margin: 0 0 2pt; }
h2 { font-size: 12.5pt; margin: 14pt 0 5pt; padding-bottom: 2pt; border-bottom: 1.5px solid #4e79a7; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 10.5pt; margin: 8pt 0 3pt; break-after: avoid; }
p { margin: 3pt 0; }
/* A section's heading and the note under it go to the page its table or chart starts on. */
h2 + p.note, h2 + p.meta, h3 + p.note { break-after: avoid; page-break-after: avoid; }
.meta, .note { color: #57606a; font-size: 8.5pt; }
.pre { white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 6pt; font-size: 8.5pt; }
thead { display: table-header-group; }
tfoot { display: table-footer-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.5pt solid #d0d7de; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eef2f6; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.name { word-break: break-word; }
code, .mono { font-family: "Noto Sans Mono", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 8pt; word-break: break-all; }
figure { margin: 4pt 0 8pt; break-inside: avoid; page-break-inside: avoid; }
figcaption { color: #57606a; font-size: 8.5pt; }
svg { display: block; max-width: 100%; height: auto; }
.best { background: #f3f8f4; border-left: 3px solid #2e8b57; padding: 4pt 8pt; }
.tier-high { color: #b42318; font-weight: 600; } .tier-medium { color: #b54708; } .tier-low, .tier-noise { color: #57606a; } .tier-unclear { color: #6941c6; }
`
}

/** The report as one self-contained HTML page: inline CSS and SVG, no script, no link, no URL. */
export function renderReportHtml(model: ReportModel, o: HtmlOptions): string {
  const t = (code: MessageCode, values: Record<string, MessageValue> = {}): string => escapeHtml(formatMessage(o.lang, msg(code, values)))
  const word = (m: CodedMessage): string => escapeHtml(formatMessage(o.lang, m))
  const analysisWords = o.lang === 'zh-CN' ? analysisZhCN : analysisEn
  const statusWord = (s: string): string => escapeHtml(messageText(o.lang, `status.${s}`) ?? s)
  const width = contentWidthPx(o.paper, o.landscape)
  const e = escapeHtml
  const out: string[] = []

  out.push(`<!DOCTYPE html><html lang="${o.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">`)
  out.push(`<title>${word(model.title)}</title><style>${css(o)}</style></head><body>`)
  const date = `${new Date(model.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`
  out.push(`<header><h1>${word(model.title)}</h1><p class="meta">${t('report.generated', { date, version: model.engineVersion })}</p></header>`)

  // The question and notes.
  out.push(`<section><h2>${t('report.section.question')}</h2>`)
  let said = false
  for (const ex of model.experiments) {
    out.push(`<p><strong>${t('report.experimentLabel')}: ${e(ex.name)}</strong></p>`)
    if (ex.description.trim()) {
      out.push(`<p class="pre">${e(ex.description)}</p>`)
      said = true
    }
  }
  if (model.study) out.push(`<p><strong>${t('report.studyLabel')}: ${e(model.study.name)}</strong> — ${e(model.study.design)}; ${e(model.study.objective)}</p>`)
  for (const n of model.runNotes.slice(0, 20)) {
    out.push(`<p><em>${t('report.runNotes', { run: n.run })}</em>: <span class="pre">${e(n.notes)}</span></p>`)
    said = true
  }
  if (model.runNotes.length > 20) out.push(`<p class="note">${t('report.more', { count: model.runNotes.length - 20 })}</p>`)
  if (!said) out.push(`<p class="note">${t('report.noNotes')}</p>`)
  out.push('</section>')

  // The best configuration.
  out.push(`<section><h2>${t('report.section.best')}</h2>`)
  if (model.best) {
    out.push(`<p class="best">${t('report.bestBy', { metric: model.metric, goal: formatMessage(o.lang, msg(`report.goal.${model.goal}`)), run: model.best.name, value: formatNumber(model.best.value) })}</p>`)
    if (model.best.params.length > 0) {
      out.push(`<table><thead><tr><th>${t('report.col.parameter')}</th><th>${t('report.col.value')}</th></tr></thead><tbody>`)
      for (const [k, v] of model.best.params) out.push(`<tr><td class="mono">${e(k)}</td><td>${e(formatCell(v))}</td></tr>`)
      out.push('</tbody></table>')
    }
  } else out.push(`<p>${t('report.noBest', { metric: model.metric })}</p>`)
  out.push('</section>')

  // The comparison table.
  out.push(`<section><h2>${t('report.section.table')}</h2>`)
  out.push(
    `<p class="note">${t('report.tableNote', { count: model.rows.length, metric: `${model.metric} (${formatMessage(o.lang, msg(`report.goal.${model.goal}`))})`, normalization: formatMessage(o.lang, msg(`report.normalization.${model.normalization}`)) })}</p>`
  )
  const scores = Object.fromEntries(
    model.metrics.map((m) => [
      m,
      cellScores(
        model.rows.map((r) => r.metrics[m] ?? null),
        model.goals[m] ?? 'min',
        model.normalization
      )
    ])
  )
  out.push(`<table class="runs"><thead><tr><th>#</th><th>${t('report.col.run')}</th><th>${t('report.col.status')}</th>`)
  for (const p of model.params) out.push(`<th class="mono">${e(p)}</th>`)
  for (const m of model.metrics) out.push(`<th class="mono">${e(m)} ${model.goals[m] === 'max' ? '↑' : '↓'}</th>`)
  out.push('</tr></thead><tbody>')
  model.rows.forEach((r, i) => {
    out.push(`<tr><td class="num">${i + 1}</td><td class="name">${e(r.name)}</td><td>${statusWord(r.status)}</td>`)
    for (const p of model.params) out.push(`<td class="num">${e(formatCell(r.params[p] ?? null))}</td>`)
    for (const m of model.metrics) out.push(`<td class="num"${background(scores[m]![i] ?? null)}>${formatNumber(r.metrics[m])}</td>`)
    out.push('</tr>')
  })
  out.push('</tbody></table></section>')

  // Curves.
  out.push(`<section><h2>${t('report.section.curves')}</h2>`)
  for (const c of model.curves) {
    if (c.series.length === 0 || c.series.every((s) => s.x.length === 0)) {
      out.push(`<p class="note">${t('report.noCurves', { metric: c.metric })}</p>`)
      continue
    }
    const svg = lineChartSvg({ series: c.series, xName: 'step', yName: c.metric, width })
    out.push(`<figure>${svg}<figcaption>${t('report.curvesNote', { metric: c.metric, shown: c.series.length, count: c.total })}</figcaption></figure>`)
  }
  out.push('</section>')

  // Sensitivity.
  if (model.sensitivity) {
    out.push(`<section><h2>${t('report.section.sensitivity')}</h2>`)
    const s = model.sensitivity
    if (!s.ok) out.push(`<p class="note">${t('report.noSensitivity', { reason: s.reason })}</p>`)
    else {
      out.push(`<p class="note">${t('report.sensitivityNote', { method: (analysisWords.words.requested as Record<string, string>)[s.method] ?? s.method, n: s.n, target: s.target })}</p>`)
      const ranked = [...s.tiers].sort((a, b) => (b.importance ?? -Infinity) - (a.importance ?? -Infinity))
      const charted = ranked.filter((x) => typeof x.importance === 'number')
      if (charted.length > 0)
        out.push(
          `<figure>${importanceChartSvg({
            names: charted.map((x) => x.name),
            values: charted.map((x) => x.importance!),
            lo: charted.map((x) => x.importance_lo ?? null),
            hi: charted.map((x) => x.importance_hi ?? null),
            width: Math.min(width, 640),
            xName: formatMessage(o.lang, msg('report.col.importance'))
          })}</figure>`
        )
      out.push(
        `<table><thead><tr><th>${t('report.col.parameter')}</th><th>${t('report.col.tier')}</th><th>${t('report.col.importance')}</th><th>${t('report.col.interval')}</th><th>${t('report.col.range')}</th></tr></thead><tbody>`
      )
      for (const x of ranked) {
        const interval = x.importance_lo !== undefined && x.importance_lo !== null ? `${formatNumber(x.importance_lo)} – ${formatNumber(x.importance_hi)}` : '–'
        const range = x.low !== undefined && x.low !== null ? `${formatNumber(x.low)} – ${formatNumber(x.high)}` : '–'
        out.push(
          `<tr><td class="mono">${e(x.name)}</td><td class="tier-${x.tier}">${t(`report.tier.${x.tier}`)}</td><td class="num">${formatNumber(x.importance)}</td><td class="num">${interval}</td><td class="num">${range}</td></tr>`
        )
      }
      out.push('</tbody></table>')
      if (s.noise) out.push(`<p class="note">${t('report.noise', { std: formatNumber(s.noise.std), lo: formatNumber(s.noise.std_lo), hi: formatNumber(s.noise.std_hi), groups: s.noise.groups })}</p>`)
    }
    out.push('</section>')
  }

  // Config diff.
  out.push(`<section><h2>${t('report.section.diff')}</h2>`)
  if (model.diff.differing.length === 0) out.push(`<p>${t('report.noDiff')}</p>`)
  else {
    out.push(`<p class="note">${t('report.diffNote', { count: model.diff.differing.length, constant: model.diff.constant.length })}</p>`)
    out.push(`<table><thead><tr><th>${t('report.col.parameter')}</th><th>${t('report.col.values')}</th><th>${t('report.col.bestValue')}</th></tr></thead><tbody>`)
    for (const d of model.diff.differing) {
      const shown = d.values.slice(0, 12).map(formatCell).join(', ')
      const more = d.values.length > 12 ? ` ${t('report.more', { count: d.values.length - 12 })}` : ''
      out.push(`<tr><td class="mono">${e(d.key)}</td><td>${e(shown)}${more}</td><td class="num">${e(formatCell(d.best))}</td></tr>`)
    }
    out.push('</tbody></table>')
  }
  if (model.diff.constant.length > 0) {
    out.push(`<h3>${t('report.constantTitle')}</h3><p class="mono">${model.diff.constant.map((c) => `${e(c.key)} = ${e(formatCell(c.value))}`).join('; ')}</p>`)
  }
  out.push('</section>')

  // Reproducibility.
  const r = model.repro
  const none = `<span class="note">${t('report.repro.none')}</span>`
  const row = (label: string, value: string): string => `<tr><th>${label}</th><td>${value}</td></tr>`
  out.push(`<section><h2>${t('report.section.repro')}</h2><table><tbody>`)
  out.push(
    row(
      t('report.repro.datasets'),
      r.datasets.length === 0 ? none : r.datasets.map((d) => `<span class="mono">${e(d.path)}</span><br><span class="mono">${e(d.hash ?? '–')}</span> (${d.runs})`).join('<br>')
    )
  )
  out.push(row(t('report.repro.trainers'), r.trainers.map(e).join(', ') || none))
  out.push(row(t('report.repro.engines'), r.engines.map(e).join(', ') || none))
  out.push(row(t('report.repro.providers'), r.providers.map(e).join(', ') || none))
  const seeds = r.seeds.length > 30 ? `${r.seeds.slice(0, 30).join(', ')} ${t('report.more', { count: r.seeds.length - 30 })}` : r.seeds.join(', ')
  out.push(row(t('report.repro.seeds'), seeds || none))
  for (const c of r.commands) out.push(row(t('report.repro.command', { trainer: c.trainer }), `<code>${e(c.command)}</code>`))
  out.push(row(t('report.repro.os'), e(r.host.os)))
  out.push(row(t('report.repro.cpu'), e(r.host.cpu)))
  out.push(row(t('report.repro.gpu'), r.host.gpus.map(e).join(', ') || none))
  if (o.printer) out.push(row(t('report.repro.chromium'), e(o.printer)))
  out.push(`</tbody></table><p class="note">${t('report.repro.hostNote')}</p></section>`)

  out.push('</body></html>')
  return out.join('\n')
}
