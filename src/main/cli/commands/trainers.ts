import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg, type CodedMessage } from '../../../shared/messages'
import { parseMetricFile, type ParsedMetricFile } from '../../engine/command/metrics/parse-file'
import { fileAccessProblem } from '../../engine/datasets/dataset-error'
import { table } from '../format'
import type { CliLocale } from '../locale'

export const trainersUsage = `  trainers parse-log FILE [--json]             which metric series a stdout log, .jsonl file,
                                               trainer_state.json or TensorBoard events file yields`

const lineRules = `A log line is read by the first rule that fits it:
  paramscope: {"step": 10, "loss": 0.4}    a JSON object after the prefix
  {'loss': 1.94, 'epoch': 0.68}            a dict alone on its line (a Hugging Face Trainer's logs)
  epoch: 1 step=20 loss=0.3                a line made only of name=value or name: value pairs
Progress bars, URLs and sentences yield nothing. Files: JSON lines ({"step": 1, "loss": 0.4} or
{"name": "loss", "value": 0.4, "step": 1}), trainer_state.json, events.out.tfevents.*`

/** A value as the table shows it: whole numbers whole, others to six significant digits. */
const shown = (v: number): string => (Number.isInteger(v) || !Number.isFinite(v) ? String(v) : String(+v.toPrecision(6)))

function summary(parsed: ParsedMetricFile) {
  return parsed.series.map((s) => ({
    name: s.name,
    channel: s.channel,
    points: s.points.length,
    firstStep: s.points[0]?.step ?? null,
    lastStep: s.points.at(-1)?.step ?? null,
    // JSON has no NaN or Infinity: they travel as text.
    lastValue: s.points.at(-1)?.value ?? null,
    dropped: s.dropped
  }))
}

const jsonNumber = (v: number | null): number | string | null => (v === null || Number.isFinite(v) ? v : String(v))

/**
 * `paramscope trainers parse-log FILE`: the format tester. Needs no data folder; prints the series
 * the file yields (a table, or --json) on stdout and what was skipped on stderr.
 */
export async function trainersParseLog(argv: string[], locale: CliLocale): Promise<number> {
  const options = { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } as const
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  if (values.help) {
    process.stdout.write(`Usage: paramscope\n${trainersUsage}\n\n${lineRules}\n`)
    return 0
  }
  const [file, extra] = positionals
  if (!file) throw AppError.coded('INVALID_INPUT', msg('metrics.parseLog.needsFile'), { usage: true })
  if (extra !== undefined) throw AppError.coded('INVALID_INPUT', msg('cli.unexpectedArgument', { value: extra }))
  let bytes: Buffer
  try {
    bytes = readFileSync(file)
  } catch (err) {
    throw AppError.coded('INVALID_INPUT', msg('common.inFile', { file, problem: fileAccessProblem(err) }))
  }
  const parsed = parseMetricFile(file, bytes)
  const series = summary(parsed)
  const word = (m: CodedMessage) => formatMessage(locale, m)
  if (values.json) {
    const out = {
      file,
      kind: parsed.kind,
      series: series.map((s) => ({ ...s, lastValue: jsonNumber(s.lastValue) })),
      warnings: parsed.warnings.map((w) => ({ ...w, message: formatMessage('en', w) }))
    }
    process.stdout.write(`${JSON.stringify(out)}\n`)
  } else {
    const kind = msg(`metrics.parseLog.kinds.${parsed.kind}`)
    process.stdout.write(`${word(msg(series.length ? 'metrics.parseLog.readAs' : 'metrics.parseLog.none', { file, kind, count: series.length }))}\n`)
    if (series.length) {
      const h = (k: 'name' | 'channel' | 'points' | 'first' | 'last' | 'value') => word(msg(`metrics.parseLog.headers.${k}`))
      const rows = series.map((s) => [s.name, s.channel, String(s.points), String(s.firstStep), String(s.lastStep), s.lastValue === null ? '' : shown(s.lastValue)])
      process.stdout.write(`${table([h('name'), h('channel'), h('points'), h('first'), h('last'), h('value')], rows)}\n`)
    }
  }
  for (const w of parsed.warnings) process.stderr.write(`paramscope: ${word(w)}\n`)
  return 0
}
