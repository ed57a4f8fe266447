import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import type { EngineApi } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import type { ReportRequest, ReportResult } from '../../../shared/schemas/report'
import { printWithChromium, requireChromium, type ChromiumPrinter, type PrintOptions } from './chromium'
import { renderReportHtml } from './html'
import { buildReportModel, type ReportDeps } from './model'

export interface ReportsDeps extends ReportDeps {
  /**
   * How the desktop app prints (Electron's webContents.printToPDF, wired outside the engine);
   * absent on the command line and the server, which print with a Chromium this machine has.
   */
  printPdf?: (html: string, o: PrintOptions) => Promise<Buffer>
  /** The engine's Chromium printer, kept warm between reports; absent: one Chromium per print. */
  printer?: ChromiumPrinter
}

function checkExtension(flag: string, path: string, allowed: string[]): string {
  if (!allowed.includes(extname(path).toLowerCase())) throw AppError.coded('INVALID_INPUT', msg('report.error.outExtension', { flag, ext: allowed[0]!, path }))
  return resolve(path)
}

/** Writes beside the target and renames, so a reader never sees half a report. */
function writeWhole(path: string, data: string | Buffer): number {
  mkdirSync(dirname(path), { recursive: true })
  const temp = `${path}.${process.pid}.partial`
  try {
    writeFileSync(temp, data)
    renameSync(temp, path)
  } catch (err) {
    rmSync(temp, { force: true })
    throw err
  }
  return typeof data === 'string' ? Buffer.byteLength(data) : data.length
}

/** Builds a report's HTML and, when asked, prints it to PDF; both in the request's language and paper. */
export async function createReport(deps: ReportsDeps, request: ReportRequest): Promise<ReportResult> {
  const out = checkExtension('out', request.out, request.format === 'pdf' ? ['.pdf'] : ['.html', '.htm'])
  const htmlOut = request.htmlOut ? checkExtension('htmlOut', request.htmlOut, ['.html', '.htm']) : null
  // Find the printer first: a machine without one hears so before the report is built.
  const chromium = request.format === 'pdf' && !deps.printPdf ? await requireChromium() : null
  const model = await buildReportModel(deps, request)
  const printOptions = { paper: request.paper, landscape: request.landscape }
  const html = renderReportHtml(model, { lang: request.lang, ...printOptions, printer: chromium ?? (request.format === 'pdf' ? 'Electron' : undefined) })
  if (htmlOut) writeWhole(htmlOut, html)
  if (request.format === 'html') {
    const bytes = writeWhole(out, html)
    return { path: out, format: 'html', bytes, htmlPath: htmlOut, runs: model.rows.length, printer: null }
  }
  const printed = deps.printPdf
    ? { pdf: await deps.printPdf(html, printOptions), printer: 'electron' }
    : deps.printer
      ? await deps.printer.print(html, printOptions, chromium!)
      : await printWithChromium(html, printOptions, chromium!)
  const bytes = writeWhole(out, printed.pdf)
  return { path: out, format: 'pdf', bytes, htmlPath: htmlOut, runs: model.rows.length, printer: printed.printer }
}

export function createReportsApi(deps: ReportsDeps): Pick<EngineApi, 'reports.create'> {
  return { 'reports.create': (input) => createReport(deps, input) }
}
