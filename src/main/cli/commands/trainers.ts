import { readFileSync, writeFileSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg, type CodedMessage } from '../../../shared/messages'
import { readCommandTrainerFile } from '../../engine/command/definition'
import { parseMetricFile, type ParsedMetricFile } from '../../engine/command/metrics/parse-file'
import { fileAccessProblem } from '../../engine/datasets/dataset-error'
import { trainerDefinitions } from '../../engine/trainers/registry'
import { openContext } from '../context'
import { table } from '../format'
import type { CliLocale } from '../locale'

export const trainersUsage = `  trainers list [--json]                       built-in and command trainers
  trainers add FILE.yaml [--replace]           register your own script as a command trainer
  trainers remove NAME                         forget a command trainer (its runs stay)
  trainers export NAME [--out FILE] [--json]   its definition as YAML (or JSON), to stdout or FILE
  trainers parse-log FILE [--json]             which metric series a stdout log, .jsonl file,
                                               trainer_state.json or TensorBoard events file yields
  trainers draft [--name N] [--cwd DIR] [--out FILE] [--json] -- CMD ARG...
                                               draft a definition from \`CMD ARG... --help\` (argparse,
                                               HfArgumentParser) as YAML, to edit and then add`

/** The subcommands `trainersCommand` runs (parse-log needs no data folder and runs on its own). */
export const trainersSubcommands = ['list', 'add', 'remove', 'export', 'draft'] as const

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

/**
 * `paramscope trainers draft -- CMD ARG...`: the definition drafted from the command's --help, as
 * YAML on stdout (or --out FILE; .json writes the definition without the comments), through the
 * engine's `trainers.draft`. The command runs in --cwd, else here, and that folder is the draft's cwd.
 */
async function trainersDraft(
  v: { data?: string; name?: string; cwd?: string; out?: string; json?: boolean },
  command: string[],
  locale: CliLocale
): Promise<number> {
  if (command.length === 0) throw AppError.coded('INVALID_INPUT', msg('commandDraft.cli.needsCommand'), { usage: true })
  const out = v.out
  if (out !== undefined && !['.yaml', '.yml', '.json'].includes(extname(out).toLowerCase())) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.fileExtension', { file: out }))
  const ctx = await openContext(v.data)
  try {
    const draft = await ctx.call('trainers.draft', { command, cwd: resolve(v.cwd ?? '.'), ...(v.name !== undefined ? { name: v.name } : {}) })
    if (v.json) process.stdout.write(`${JSON.stringify(draft)}\n`)
    if (out === undefined) {
      if (!v.json) process.stdout.write(draft.text)
      return 0
    }
    writeFileSync(out, extname(out).toLowerCase() === '.json' ? `${JSON.stringify(parseYaml(draft.text), null, 2)}\n` : draft.text)
    const name = String((parseYaml(draft.text) as { name?: unknown }).name ?? '')
    const style = msg(`commandDraft.styles.${draft.style}`)
    process.stderr.write(`paramscope: ${formatMessage(locale, msg('commandDraft.cli.wrote', { name, params: draft.params, style, file: out }))}\n`)
    return 0
  } finally {
    await ctx.engine.close()
  }
}

/** The command line a definition runs, as a user would read it: each argument quoted when it needs to be. */
const commandLine = (command: string[]): string => command.map((a) => (/^[\w@%+=:,./${}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')

/**
 * `paramscope trainers list|add|remove|export`: the registered command trainers, through the
 * engine API like every other command. `add` reads the file here, so a relative `cwd` is taken
 * from the file's folder.
 */
export async function trainersCommand(argvWithCommand: string[], locale: CliLocale): Promise<number> {
  // `trainers draft … -- CMD ARG...`: what follows `--` is the script's command, its options its own.
  const dashes = argvWithCommand.indexOf('--')
  const argv = dashes < 0 ? argvWithCommand : argvWithCommand.slice(0, dashes)
  const command = dashes < 0 ? undefined : argvWithCommand.slice(dashes + 1)
  const options = {
    data: { type: 'string' },
    name: { type: 'string' },
    cwd: { type: 'string' },
    json: { type: 'boolean', default: false },
    replace: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  } as const
  const { values: v, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [sub, arg, extra] = positionals
  if (v.help || !sub) {
    process.stdout.write(`Usage: paramscope\n${trainersUsage}\n`)
    return v.help ? 0 : 2
  }
  const word = (m: CodedMessage) => formatMessage(locale, m)
  if (sub === 'draft') return trainersDraft(v, command ?? positionals.slice(1), locale)
  if (extra !== undefined || (sub === 'list' && arg !== undefined)) throw AppError.coded('INVALID_INPUT', msg('cli.unexpectedArgument', { value: extra ?? arg! }))
  if (sub === 'add' && !arg) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.cli.addNeedsFile'), { usage: true })
  if ((sub === 'remove' || sub === 'export') && !arg) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.cli.nameNeeded', { action: sub }), { usage: true })
  if (v.out !== undefined && !['.yaml', '.yml', '.json'].includes(extname(v.out).toLowerCase())) throw AppError.coded('INVALID_INPUT', msg('commandTrainers.fileExtension', { file: v.out }))
  // Read before the engine opens: a bad file is refused without touching the data folder.
  const definition = sub === 'add' ? readCommandTrainerFile(arg!, Object.keys(trainerDefinitions)) : undefined
  const ctx = await openContext(v.data)
  try {
    switch (sub) {
      case 'list': {
        const trainers = await ctx.call('trainers.list', {})
        if (v.json) {
          process.stdout.write(`${JSON.stringify(trainers)}\n`)
          return 0
        }
        const h = (k: 'name' | 'kind' | 'label' | 'params') => word(msg(`commandTrainers.cli.headers.${k}`))
        const kind = (id: string) => word(msg(`commandTrainers.cli.kinds.${id in trainerDefinitions ? 'builtin' : 'command'}`))
        process.stdout.write(`${table([h('name'), h('kind'), h('label'), h('params')], trainers.map((t) => [t.id, kind(t.id), t.label[locale], String(t.params.length)]))}\n`)
        return 0
      }
      case 'add': {
        const { trainer, replaced } = await ctx.call('trainers.add', { definition: definition as unknown as Record<string, unknown>, replace: v.replace })
        if (v.json) process.stdout.write(`${JSON.stringify({ trainer, replaced })}\n`)
        else process.stdout.write(`${word(msg(replaced ? 'commandTrainers.cli.replaced' : 'commandTrainers.cli.added', { name: trainer.id, command: commandLine(definition!.command) }))}\n`)
        return 0
      }
      case 'remove':
        await ctx.call('trainers.remove', { name: arg! })
        process.stdout.write(`${word(msg('commandTrainers.cli.removed', { name: arg! }))}\n`)
        return 0
      case 'export': {
        const format = v.json || (v.out !== undefined && extname(v.out).toLowerCase() === '.json') ? 'json' : 'yaml'
        const { text } = await ctx.call('trainers.export', { name: arg!, format })
        if (v.out === undefined) process.stdout.write(text)
        else {
          writeFileSync(v.out, text)
          process.stderr.write(`paramscope: ${word(msg('commandTrainers.cli.exported', { name: arg!, file: v.out }))}\n`)
        }
        return 0
      }
      default:
        throw AppError.coded('INVALID_INPUT', msg('metrics.parseLog.needsSub'), { usage: true })
    }
  } finally {
    await ctx.engine.close()
  }
}
