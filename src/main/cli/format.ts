import type { MetricSummary, Run, RunDetail } from '../../shared/api'
import { formatMessage, msg, reasonMessage } from '../../shared/messages'
import type { CliLocale } from './locale'

/** The object `run --json` and `runs show --json` print. */
export function runJson(run: RunDetail) {
  return {
    id: run.id,
    status: run.status,
    statusMessage: run.statusMessage,
    trainer: run.trainer,
    provider: run.provider,
    device: run.device,
    config: run.config,
    metrics: run.metrics
  }
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4))

export function duration(run: Run): string {
  if (!run.startedAt) return '-'
  const ms = (run.endedAt ?? Date.now()) - run.startedAt
  return ms < 60000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.floor(ms / 60000)}m${Math.round((ms % 60000) / 1000)}s`
}

/** Why the run ended, in `locale` where the engine gave the reason as a code, else as it wrote it. */
export function runEndText(run: Run, locale: CliLocale): string | null {
  const coded = run.statusReason ? reasonMessage(run.statusReason) : undefined
  return coded ? formatMessage(locale, coded) : run.statusMessage
}

export function runText(run: RunDetail, locale: CliLocale = 'en'): string {
  const why = runEndText(run, locale)
  const say = (code: Parameters<typeof msg>[0], values: Parameters<typeof msg>[1] = {}) => formatMessage(locale, msg(code, values))
  const lines = [
    `${say('cli.show.head', { id: run.id, name: run.name, status: msg(`status.${run.status}`) })}${why ? `  ${why}` : ''}`,
    say('cli.show.trainer', { trainer: run.trainer, version: run.trainerVersion, engine: run.engineVersion, provider: run.provider ?? '-', device: run.device ?? '-' }),
    say('cli.show.dataset', { path: run.datasetPath ?? '-', sha: run.datasetHash?.slice(0, 12) ?? '-', duration: duration(run), step: run.step, total: run.totalSteps ?? '?' }),
    ...parameterLine(run, locale),
    say('cli.show.config'),
    ...Object.entries(run.config).map(([k, v]) => `  ${k} = ${v}`),
    say('cli.show.metrics'),
    ...Object.entries(run.metrics).map(([k, m]: [string, MetricSummary]) => `  ${k}  ${fmt(m.first)} / ${fmt(m.last)} / ${fmt(m.min)} / ${fmt(m.max)} / ${m.count}`)
  ]
  return lines.join('\n')
}

/** Trainable and total parameter counts, as trainers record them at step 0. */
function parameterLine(run: RunDetail, locale: CliLocale): string[] {
  const [trainable, total] = [run.metrics['params/trainable'], run.metrics['params/total']]
  if (!trainable || !total) return []
  const percent = `${((100 * trainable.last) / total.last).toFixed(2)}%`
  return [formatMessage(locale, msg('cli.show.parameters', { trainable: trainable.last, total: total.last, percent }))]
}

/** One table, columns padded to their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()
  return [line(header), ...rows.map(line)].join('\n')
}

export function progressLine(run: Run, loss: number | undefined, locale: CliLocale = 'en'): string {
  const total = run.totalSteps ?? 0
  const lossText = loss === undefined ? '' : `  train/loss ${fmt(loss)}`
  const status = msg(`status.${run.status}`)
  // A command trainer's script may never say how many steps it takes: then only the step is known.
  if (total <= 0) return `${formatMessage(locale, msg('cli.progressOpen', { id: run.id, status, step: run.step }))}${lossText}`
  const values = { id: run.id, status, step: run.step, total, percent: `${Math.floor((100 * run.step) / total)}%` }
  return `${formatMessage(locale, msg('cli.progress', values))}${lossText}`
}
