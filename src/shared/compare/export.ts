/**
 * A table as shown (its columns in order, its rows) in the formats people paste elsewhere: CSV
 * (RFC 4180), JSON, Markdown and LaTeX (booktabs; longtable past one page). Pure: the CLI, the
 * window and the report call the same functions.
 */
export type Cell = string | number | boolean | null

export interface ExportTable {
  columns: { key: string; label: string }[]
  rows: Record<string, Cell>[]
}

export const exportFormats = ['csv', 'json', 'md', 'tex'] as const
export type ExportFormat = (typeof exportFormats)[number]

/** Rows past which a LaTeX table becomes a longtable that breaks across pages with its header repeated. */
export const LONGTABLE_ROWS = 40

/** A cell as text: numbers in full precision (JSON's shortest round-trip form), empty for null. */
export function cellText(v: Cell | undefined): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'
  return String(v)
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** RFC 4180: CRLF line ends, fields with a comma, quote or line break in quotes, quotes doubled. */
export function toCsv(table: ExportTable): string {
  const lines = [table.columns.map((c) => csvField(c.label)), ...table.rows.map((r) => table.columns.map((c) => csvField(cellText(r[c.key]))))]
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`
}

/** An array of objects keyed by column label, in column order; a non-finite number is null. */
export function toJson(table: ExportTable): string {
  const rows = table.rows.map((r) =>
    Object.fromEntries(table.columns.map((c) => {
      const v = r[c.key] ?? null
      return [c.label, typeof v === 'number' && !Number.isFinite(v) ? null : v]
    }))
  )
  return `${JSON.stringify(rows, null, 2)}\n`
}

function mdCell(text: string): string {
  // A pipe would end the cell and a line break the row; backslashes first so the escapes stay readable.
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>')
}

/** A GitHub-flavoured Markdown table; numbers right-aligned. */
export function toMarkdown(table: ExportTable): string {
  const numeric = table.columns.map((c) => table.rows.length > 0 && table.rows.every((r) => r[c.key] === null || r[c.key] === undefined || typeof r[c.key] === 'number'))
  const head = `| ${table.columns.map((c) => mdCell(c.label)).join(' | ')} |`
  const rule = `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`
  const body = table.rows.map((r) => `| ${table.columns.map((c) => mdCell(cellText(r[c.key]))).join(' | ')} |`)
  return `${[head, rule, ...body].join('\n')}\n`
}

const texSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}'
}

export function texEscape(text: string): string {
  return text.replace(/[\\&%$#_{}~^]/g, (ch) => texSpecials[ch]!).replace(/\r?\n/g, ' ')
}

/**
 * A booktabs table (needs \usepackage{booktabs}; longtable too past LONGTABLE_ROWS rows). Chinese
 * text needs a CJK-capable engine (xelatex with xeCJK, or ctex), as any LaTeX document with it does.
 */
export function toLatex(table: ExportTable, options: { caption?: string } = {}): string {
  const numeric = table.columns.map((c) => table.rows.some((r) => typeof r[c.key] === 'number') && table.rows.every((r) => r[c.key] === null || r[c.key] === undefined || typeof r[c.key] === 'number'))
  const spec = numeric.map((n) => (n ? 'r' : 'l')).join('')
  const head = `${table.columns.map((c) => texEscape(c.label)).join(' & ')} \\\\`
  const body = table.rows.map((r) => `${table.columns.map((c) => texEscape(cellText(r[c.key]))).join(' & ')} \\\\`)
  const caption = options.caption ? `\\caption{${texEscape(options.caption)}}` : ''
  if (table.rows.length > LONGTABLE_ROWS) {
    return [
      `\\begin{longtable}{${spec}}`,
      ...(caption ? [`${caption} \\\\`] : []),
      '\\toprule',
      head,
      '\\midrule',
      '\\endfirsthead',
      '\\toprule',
      head,
      '\\midrule',
      '\\endhead',
      '\\bottomrule',
      '\\endlastfoot',
      ...body,
      '\\end{longtable}',
      ''
    ].join('\n')
  }
  return ['\\begin{table}[htbp]', '\\centering', ...(caption ? [caption] : []), `\\begin{tabular}{${spec}}`, '\\toprule', head, '\\midrule', ...body, '\\bottomrule', '\\end{tabular}', '\\end{table}', ''].join('\n')
}

export function exportTable(table: ExportTable, format: ExportFormat, options: { caption?: string } = {}): string {
  switch (format) {
    case 'csv':
      return toCsv(table)
    case 'json':
      return toJson(table)
    case 'md':
      return toMarkdown(table)
    case 'tex':
      return toLatex(table, options)
  }
}
