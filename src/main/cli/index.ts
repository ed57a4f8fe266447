/** `paramscope`: the engine from a terminal. Each subcommand is a thin call through the contract. */
import { parseArgs } from 'node:util'
import { AppError, errorText, toErrorPayload } from '../../shared/errors'
import { formatMessage, msg } from '../../shared/messages'
import { analyzeCommand, analyzeUsage } from './commands/analyze'
import { datasetsImport, datasetsList, datasetsShow } from './commands/datasets'
import { designCommand, designUsage } from './commands/design'
import { reportCommand, reportUsage } from './commands/report'
import { runsTransferCommand, runsTransferUsage } from './commands/runs-transfer'
import { runCommand } from './commands/run'
import { runsExportModel, runsList, runsLog, runsMetrics, runsResume, runsShow } from './commands/runs'
import { serveCommand } from './commands/serve'
import { studyCommand, studyUsage } from './commands/study'
import { trainersCommand, trainersParseLog, trainersSubcommands, trainersUsage } from './commands/trainers'
import { openContext } from './context'
import { exitWhenFlushed, guardOutput } from './exit'
import { table } from './format'
import { isKnownLang, pickCliLocale, takeLang, type CliLocale } from './locale'

const usage = `Usage: paramscope <command> [options]

  serve [--port N] [--host H] [--max-runs N] [--data DIR]
                                               serve the app and API (127.0.0.1, token required)
  trainers [--json]                            list trainers and their parameters
${trainersUsage}
  run --trainer ID [--dataset FILE] [--set key=value ...] [--config FILE.json|.yaml]
      [--experiment NAME] [--name NAME] [--json]
                                               train to the end; Ctrl-C cancels
  runs list [--experiment NAME] [--limit N | --all] [--json]
                                               the newest 1000 runs unless --limit or --all says otherwise
  runs show ID [--json]
  runs log ID                                  the run's log, in the chosen language
  runs metrics ID --metric NAME [--json]
  runs resume ID [--json]                      continue a cancelled or interrupted run from its checkpoint
  runs export-model ID --out FILE.onnx [--checkpoint best|latest] [--force] [--json]
                                               write a standalone inference model (LoRA merged);
                                               --force replaces an existing FILE.onnx
${runsTransferUsage}
  datasets import FILE... [--copy] [--json]    import data files; Ctrl-C cancels
  datasets list [--json]
  datasets show ID [--json]                    one dataset with its profile and versions
${designUsage}
${analyzeUsage}
${studyUsage}
${reportUsage}

  --data DIR   data folder (default: $PARAMSCOPE_HOME or the desktop app's folder)
  --lang en|zh-CN
               language of messages and the run log (default: $PARAMSCOPE_LANG, else the
               locale: LC_ALL, LC_MESSAGES, LANG; Chinese for zh*, else English)
  --max-runs N trainers at once; more runs wait queued (default: $PARAMSCOPE_MAX_RUNS or one per core)`

const options = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  port: { type: 'string', default: '0' },
  host: { type: 'string', default: '127.0.0.1' },
  trainer: { type: 'string' },
  dataset: { type: 'string' },
  set: { type: 'string', multiple: true },
  config: { type: 'string' },
  experiment: { type: 'string' },
  name: { type: 'string' },
  metric: { type: 'string' },
  copy: { type: 'boolean', default: false },
  out: { type: 'string' },
  checkpoint: { type: 'string', default: 'best' },
  force: { type: 'boolean', default: false },
  limit: { type: 'string' },
  all: { type: 'boolean', default: false },
  'max-runs': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

function parsePort(text: string): number {
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw AppError.coded('INVALID_INPUT', msg('cli.badPort', { value: text }))
  return port
}

function parseMaxRuns(text: string | undefined): number | undefined {
  if (text === undefined) return undefined
  const n = Number(text)
  if (!Number.isInteger(n) || n < 1) throw AppError.coded('INVALID_INPUT', msg('cli.badMaxRuns', { value: text }))
  return n
}

/** A refusal of the command line itself, followed by the usage. */
const usageError = (message: ReturnType<typeof msg>): AppError => AppError.coded('INVALID_INPUT', message, { usage: true })

/** The language messages are worded in: the environment's until `--lang` is read. */
let locale: CliLocale = pickCliLocale(undefined)

async function main(argvWithLang: string[]): Promise<number> {
  const { lang, rest: argv } = takeLang(argvWithLang)
  if (lang !== undefined && !isKnownLang(lang)) throw AppError.coded('INVALID_INPUT', msg('cli.unknownLang', { value: lang }))
  locale = pickCliLocale(lang)
  // A design needs only its search space: no engine, no data folder, its own options.
  if (argv[0] === 'design') return designCommand(argv.slice(1))
  // An analysis takes its own options (and --data, before or after the command word).
  const at = argv[0] === '--data' ? 2 : 0
  if (argv[at] === 'analyze') return analyzeCommand([...argv.slice(0, at), ...argv.slice(at + 1)], locale)
  if (argv[at] === 'trainers' && argv[at + 1] === 'parse-log') return trainersParseLog(argv.slice(at + 2), locale)
  if (argv[at] === 'trainers' && (trainersSubcommands as readonly string[]).includes(argv[at + 1] ?? '')) return trainersCommand([...argv.slice(0, at), ...argv.slice(at + 1)], locale)
  if (argv[at] === 'study') return studyCommand([...argv.slice(0, at), ...argv.slice(at + 1)], locale)
  if (argv[at] === 'runs' && (argv[at + 1] === 'import' || argv[at + 1] === 'export')) return runsTransferCommand(argv[at + 1] as 'import' | 'export', [...argv.slice(0, at), ...argv.slice(at + 2)], locale)
  if (argv[at] === 'report') return reportCommand([...argv.slice(0, at), ...argv.slice(at + 1)], locale)
  const { values, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [command, sub, arg] = positionals
  if (values.help || !command) {
    process.stdout.write(`${usage}\n`)
    return command || values.help ? 0 : 2
  }
  const known = ['serve', 'trainers', 'run', 'runs', 'datasets']
  if (!known.includes(command)) throw usageError(msg('cli.unknownCommand', { command }))
  if (command === 'run' && !values.trainer) throw usageError(msg('cli.runNeeds'))
  if (command === 'runs' && !['list', 'show', 'log', 'metrics', 'resume', 'export-model'].includes(sub ?? '')) throw usageError(msg('cli.runsNeeds'))
  if (command === 'datasets' && !['import', 'list', 'show'].includes(sub ?? '')) throw usageError(msg('cli.datasetsNeeds'))

  const ctx = await openContext(values.data, { maxConcurrentRuns: parseMaxRuns(values['max-runs']) })
  try {
    switch (command) {
      case 'serve':
        return await serveCommand(ctx, { host: values.host, port: parsePort(values.port) })
      case 'trainers': {
        const trainers = await ctx.call('trainers.list', {})
        if (values.json) process.stdout.write(`${JSON.stringify(trainers)}\n`)
        else process.stdout.write(`${table(['id', 'version', 'parameters', 'description'], trainers.map((t) => [t.id, t.version, String(t.params.length), t.description.en]))}\n`)
        return 0
      }
      case 'run':
        return await runCommand(ctx, {
          trainer: values.trainer!,
          dataset: values.dataset,
          sets: values.set ?? [],
          config: values.config,
          experiment: values.experiment ?? 'Default',
          name: values.name,
          json: values.json,
          locale
        })
      case 'datasets':
        if (sub === 'import') return await datasetsImport(ctx, positionals.slice(2), { copy: values.copy, json: values.json, locale })
        return sub === 'list' ? await datasetsList(ctx, values.json) : await datasetsShow(ctx, arg, values.json)
      default:
        if (sub === 'list') return await runsList(ctx, { experiment: values.experiment, limit: values.limit, all: values.all, json: values.json, locale })
        if (sub === 'show') return await runsShow(ctx, arg, values.json, locale)
        if (sub === 'log') return await runsLog(ctx, arg, locale)
        if (sub === 'resume') return await runsResume(ctx, arg, values.json, locale)
        if (sub === 'export-model') return await runsExportModel(ctx, arg, { out: values.out, checkpoint: values.checkpoint, force: values.force, json: values.json })
        return await runsMetrics(ctx, arg, values.metric, values.json)
    }
  } finally {
    await ctx.engine.close()
  }
}

/** Node's own refusals of the arguments, worded where we know their shape. */
function parseArgsText(err: Error): string {
  const unknown = /^Unknown option '([^']+)'/.exec(err.message)
  if (unknown) return formatMessage(locale, msg('cli.unknownOption', { option: unknown[1]! }))
  const missing = /^Option '([^' ]+)[^']*' argument missing/.exec(err.message)
  if (missing) return formatMessage(locale, msg('cli.optionValueMissing', { option: missing[1]! }))
  const positional = /^Unexpected argument '([^']+)'/.exec(err.message)
  if (positional) return formatMessage(locale, msg('cli.unexpectedArgument', { value: positional[1]! }))
  return err.message
}

guardOutput()
main(process.argv.slice(2)).then(
  (code) => exitWhenFlushed(code),
  (err: unknown) => {
    const payload = toErrorPayload(err)
    const invalidArg = (err as NodeJS.ErrnoException)?.code?.startsWith?.('ERR_PARSE_ARGS')
    const text = invalidArg ? parseArgsText(err as Error) : errorText(payload, locale)
    process.stderr.write(`paramscope: ${text}${payload.details?.usage ? `\n\n${usage}` : ''}\n`)
    return exitWhenFlushed(invalidArg || payload.code !== 'INTERNAL' ? 2 : 1)
  }
)
