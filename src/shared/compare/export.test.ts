import { describe, expect, it } from 'vitest'
import { cellText, exportTable, LONGTABLE_ROWS, toCsv, toJson, toLatex, toMarkdown, type ExportTable } from './export'

const awkward: ExportTable = {
  columns: [
    { key: 'name', label: 'name' },
    { key: 'params.optimizer.lr', label: 'params.optimizer.lr' },
    { key: 'metrics.val/loss', label: 'val/loss | last' },
    { key: 'ok', label: 'ok' },
    { key: 'notes', label: 'notes, "quoted"' }
  ],
  rows: [
    { name: '基线运行', 'params.optimizer.lr': 0.001, 'metrics.val/loss': 0.4123456789012345, ok: true, notes: 'a, b\nnext "line"' },
    { name: 'run | pipe', 'params.optimizer.lr': 1e-7, 'metrics.val/loss': null, ok: false, notes: '50% of $x_1$ & {y} #2 ~ ^ \\ back' },
    { name: ' padded ', 'params.optimizer.lr': -3, 'metrics.val/loss': NaN, ok: null, notes: '' }
  ]
}

const texts = (t: ExportTable): string[][] => [t.columns.map((c) => c.label), ...t.rows.map((r) => t.columns.map((c) => cellText(r[c.key])))]

/** An RFC 4180 reader written apart from the writer, so a shared mistake cannot hide. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else field += ch
  }
  return rows
}

/** A Markdown table reader: cells split on unescaped pipes, escapes undone, <br> back to a line break. */
function readMarkdown(text: string): string[][] {
  const lines = text.trimEnd().split('\n')
  const cells = (line: string): string[] =>
    line
      .slice(2, -2)
      .split(/(?<!\\) \| /)
      .map((c) => c.replace(/\\([\\|])/g, '$1').replace(/<br>/g, '\n'))
  expect(lines[1]).toMatch(/^\| (-{3}:?)( \| -{3}:?)* \|$/)
  return [cells(lines[0]!), ...lines.slice(2).map(cells)]
}

const texUnescape: Record<string, string> = { '\\textbackslash{}': '\\', '\\textasciitilde{}': '~', '\\textasciicircum{}': '^' }
/** The cells of a tabular body: rows end in \\, cells split on unescaped &, escapes undone. */
function readLatexRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.endsWith(' \\\\') && !l.startsWith('\\caption'))
    .map((l) =>
      l
        .slice(0, -3)
        .split(/(?<!\\) & /)
        .map((c) => c.replace(/\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\([&%$#_{}])/g, (m, ch: string | undefined) => ch ?? texUnescape[m]!))
    )
}

describe('table export', () => {
  it('writes RFC 4180 CSV that a CSV reader gives back cell for cell', () => {
    const csv = toCsv(awkward)
    expect(csv.endsWith('\r\n')).toBe(true)
    expect(parseCsv(csv)).toEqual(texts(awkward))
  })

  it('writes JSON that JSON.parse gives back, non-finite numbers as null', () => {
    const rows = JSON.parse(toJson(awkward)) as Record<string, unknown>[]
    expect(rows[0]).toEqual({ name: '基线运行', 'params.optimizer.lr': 0.001, 'val/loss | last': 0.4123456789012345, ok: true, 'notes, "quoted"': 'a, b\nnext "line"' })
    expect(rows[2]!['val/loss | last']).toBeNull()
    expect(Object.keys(rows[1]!)).toEqual(awkward.columns.map((c) => c.label))
  })

  it('writes a Markdown table whose pipes and line breaks are escaped', () => {
    const md = toMarkdown(awkward)
    const back = readMarkdown(md)
    expect(back.map((r) => r.map((c) => c.trim()))).toEqual(texts(awkward).map((r) => r.map((c) => c.trim())))
    expect(md.split('\n')[1]).toBe('| --- | ---: | ---: | --- | --- |')
  })

  it('writes a booktabs LaTeX table with every special escaped', () => {
    const tex = toLatex(awkward, { caption: 'Runs of lr_sweep' })
    expect(tex).toContain('\\begin{tabular}{lrrll}')
    expect(tex).toContain('\\toprule')
    expect(tex).toContain('\\caption{Runs of lr\\_sweep}')
    expect(readLatexRows(tex)).toEqual(texts(awkward).map((r) => r.map((c) => c.replace(/\n/g, ' '))))
  })

  it('breaks a long LaTeX table across pages with its header repeated', () => {
    const long: ExportTable = { columns: [{ key: 'i', label: 'run #' }], rows: Array.from({ length: LONGTABLE_ROWS + 1 }, (_, i) => ({ i })) }
    const tex = exportTable(long, 'tex')
    expect(tex).toContain('\\begin{longtable}{r}')
    expect(tex.match(/run \\# \\\\/g)).toHaveLength(2)
    expect(tex).toContain('\\endhead')
    expect(readLatexRows(tex).slice(2).map((r) => Number(r[0]))).toEqual(long.rows.map((r) => r.i))
    expect(exportTable({ ...long, rows: long.rows.slice(0, LONGTABLE_ROWS) }, 'tex')).toContain('\\begin{tabular}')
  })

  it('keeps numbers in full precision in every format', () => {
    const t: ExportTable = { columns: [{ key: 'x', label: 'x' }], rows: [{ x: 0.1 + 0.2 }, { x: 1e-300 }, { x: 12345678901234567890 }] }
    for (const format of ['csv', 'md', 'tex'] as const) for (const r of t.rows) expect(exportTable(t, format)).toContain(String(r.x))
    expect((JSON.parse(toJson(t)) as { x: number }[]).map((r) => r.x)).toEqual(t.rows.map((r) => r.x))
  })
})
