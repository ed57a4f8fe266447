import type { Run } from '../../../shared/api'
import { isActiveStatus } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, msg } from '../../../shared/messages'
import type { CliLocale } from '../locale'
import { applySets, readConfigFile } from '../config-input'
import type { CliContext } from '../context'
import { progressLine, runEndText, runJson, runText } from '../format'

export interface RunArgs {
  trainer: string
  /** The data file; a command trainer reads its own data and takes none. */
  dataset?: string
  sets: string[]
  config?: string
  experiment: string
  name?: string
  json: boolean
  locale: CliLocale
}

async function experimentId(ctx: CliContext, name: string): Promise<number> {
  const found = (await ctx.call('experiments.list', {})).find((e) => e.name === name)
  return found ? found.id : (await ctx.call('experiments.create', { name, description: '' })).id
}

/** Runs one training to its end, with a progress line; Ctrl-C cancels. Returns the exit code. */
export async function runCommand(ctx: CliContext, args: RunArgs): Promise<number> {
  const trainer = (await ctx.call('trainers.list', {})).find((t) => t.id === args.trainer)
  if (!trainer) throw AppError.coded('INVALID_INPUT', msg('cli.unknownTrainer', { value: args.trainer }))
  const base = args.config ? readConfigFile(args.config) : {}
  const config = applySets(trainer, base, args.sets)
  const expId = await experimentId(ctx, args.experiment)

  return followRun(ctx, () => ctx.call('runs.start', { experimentId: expId, trainer: args.trainer, config, dataset: args.dataset, name: args.name }), args.json, args.locale)
}

/**
 * Launches a run (a start or a resume) and follows it to its end with a progress line; Ctrl-C
 * or SIGTERM cancels it. Prints the run and returns the exit code.
 */
export async function followRun(ctx: CliContext, launch: () => Promise<Run>, json: boolean, locale: CliLocale): Promise<number> {
  let lastLoss: number | undefined
  let current: Run | undefined
  const tty = process.stderr.isTTY
  let lastPrint = 0
  const finished = new Promise<void>((resolve) => {
    ctx.engine.events.subscribe((event, payload) => {
      if (event === 'run.metrics') {
        const p = payload as { runId: number; series: Record<string, { values: number[] }> }
        const loss = p.series['train/loss']?.values
        if (current && p.runId === current.id && loss?.length) lastLoss = loss[loss.length - 1]
      } else if (event === 'run.updated') {
        const run = payload as Run
        if (!current || run.id !== current.id) return
        current = run
        const now = Date.now()
        if (tty) process.stderr.write(`\r${progressLine(run, lastLoss, locale)}\x1b[K`)
        else if (now - lastPrint > 2000 || !isActiveStatus(run.status)) {
          process.stderr.write(`${progressLine(run, lastLoss, locale)}\n`)
          lastPrint = now
        }
        if (!isActiveStatus(run.status)) resolve()
      }
    })
  })

  current = await launch()
  let cancelling = false
  const cancel = () => {
    if (cancelling) return
    cancelling = true
    process.stderr.write(`\n${formatMessage(locale, msg('cli.cancelling'))}\n`)
    void ctx.call('runs.cancel', { id: current!.id }).catch(() => undefined)
  }
  let interrupts = 0
  const onSigint = () => {
    interrupts += 1
    if (interrupts > 1) process.exit(130)
    cancel()
  }
  // SIGTERM (a service manager, `timeout`) and SIGHUP (the terminal went away) stop the run the
  // same way: cancelled, not orphaned. They may come more than once (to the process and to its
  // group); only a second Ctrl-C means "quit at once".
  process.on('SIGINT', onSigint)
  process.on('SIGTERM', cancel)
  process.on('SIGHUP', cancel)
  if (isActiveStatus(current.status)) await finished
  process.off('SIGINT', onSigint)
  process.off('SIGTERM', cancel)
  process.off('SIGHUP', cancel)
  if (tty) process.stderr.write('\n')

  const detail = await ctx.call('runs.get', { id: current.id })
  if (json) process.stdout.write(`${JSON.stringify(runJson(detail))}\n`)
  else process.stdout.write(`${runText(detail, locale)}\n`)
  if (detail.status === 'finished') return 0
  const why = runEndText(detail, locale)
  const ended = why ? msg('cli.runEndedBecause', { id: detail.id, status: detail.status, message: why }) : msg('cli.runEnded', { id: detail.id, status: detail.status })
  process.stderr.write(`paramscope: ${formatMessage(locale, ended)}\n`)
  return detail.status === 'cancelled' ? 130 : 1
}
