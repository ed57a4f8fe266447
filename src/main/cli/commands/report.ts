import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import type { ReportRequestInput, ReportSource } from '../../../shared/api'
import { ReportRequest } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg } from '../../../shared/messages'
import { openContext, type CliContext } from '../context'
import { oneOf, runIdsFlag, studyIdFlag } from '../flags'
import { pickCliLocale, type CliLocale } from '../locale'

export const reportUsage = `  report --study ID | --experiment NAME | --runs ID,... --out FILE.pdf [--html FILE.html]
         [--paper a4|letter] [--landscape] [--metric NAME] [--goal min|max] [--json]
                                               a comparison report as PDF (printed by a Chromium this
                                               machine has) and/or self-contained HTML, in --lang`

const options = {
  data: { type: 'string' },
  study: { type: 'string' },
  experiment: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  html: { type: 'string' },
  paper: { type: 'string', default: 'a4' },
  landscape: { type: 'boolean', default: false },
  metric: { type: 'string' },
  goal: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values']

async function sourceOf(ctx: CliContext, v: Values): Promise<ReportSource> {
  if (v.study !== undefined) {
    return { kind: 'study', studyId: studyIdFlag(v.study) }
  }
  if (v.runs !== undefined) {
    return { kind: 'runs', runIds: runIdsFlag(v.runs) }
  }
  const found = (await ctx.call('experiments.list', {})).find((e) => e.name === v.experiment)
  if (!found) throw AppError.coded('NOT_FOUND', msg('report.error.noExperiment', { name: v.experiment ?? '' }))
  return { kind: 'experiment', experimentId: found.id }
}

/**
 * `paramscope report`: one call of reports.create. `--out FILE.pdf` prints the PDF (with
 * `--html FILE.html` beside it); `--html` alone writes only the HTML and needs no browser. The
 * report speaks the CLI's language (`--lang`, read by the entry, else the environment).
 */
export async function reportCommand(argv: string[], locale: CliLocale = pickCliLocale(undefined)): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  if (v.help) {
    process.stdout.write(`Usage: paramscope\n${reportUsage}\n`)
    return 0
  }
  if ([v.study, v.experiment, v.runs].filter((x) => x !== undefined).length !== 1) throw AppError.coded('INVALID_INPUT', msg('report.error.oneSource'), { usage: true })
  if (v.out === undefined && v.html === undefined) throw AppError.coded('INVALID_INPUT', msg('report.error.needsOut'), { usage: true })
  if (v.out !== undefined && extname(v.out).toLowerCase() !== '.pdf') throw AppError.coded('INVALID_INPUT', msg('report.error.outExtension', { flag: '--out', ext: '.pdf', path: v.out }))
  if (v.html !== undefined && !['.html', '.htm'].includes(extname(v.html).toLowerCase()))
    throw AppError.coded('INVALID_INPUT', msg('report.error.outExtension', { flag: '--html', ext: '.html', path: v.html }))
  const paper = oneOf('paper', v.paper, ['a4', 'letter'] as const)
  const goal = oneOf('goal', v.goal, ['min', 'max'] as const)
  const ctx = await openContext(v.data)
  try {
    const source = await sourceOf(ctx, v)
    const pdf = v.out !== undefined
    const input: ReportRequestInput = {
      source,
      lang: locale,
      paper,
      landscape: v.landscape,
      format: pdf ? 'pdf' : 'html',
      out: pdf ? v.out! : v.html!,
      htmlOut: pdf ? v.html : undefined,
      metric: v.metric,
      goal
    }
    const result = await ctx.call('reports.create', ReportRequest.parse(input))
    if (v.json) process.stdout.write(`${JSON.stringify(result)}\n`)
    else {
      process.stdout.write(`${formatMessage(locale, msg('report.written', { path: result.path, bytes: result.bytes }))}\n`)
      if (result.htmlPath) process.stdout.write(`${formatMessage(locale, msg('report.writtenHtml', { path: result.htmlPath }))}\n`)
    }
    return 0
  } finally {
    await ctx.engine.close()
  }
}
