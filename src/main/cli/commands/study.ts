import { writeFileSync } from 'node:fs'
import { extname } from 'node:path'
import { parseArgs } from 'node:util'
import { prunerTypes, studyDesignMethods, type Study, type StudyDefinitionInput, type StudyExtension, type Trial } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { formatMessage, hasMessage, msg, type CodedMessage } from '../../../shared/messages'
import { readStudySpaceFile } from '../../engine/studies/definition'
import { applySets, readConfigFile } from '../config-input'
import { type CliContext, openContext } from '../context'
import { oneOf } from '../flags'
import { table } from '../format'
import type { CliLocale } from '../locale'

export const studyUsage = `  study create --trainer T (--dataset FILE | --dataset-version ID) --space FILE --design M
        [--n N] [--seed S] [--repeats R] [--set key=value ...] [--config FILE]
        [--objective METRIC] [--direction min|max] [--objective-value last|best] [--objective-step N]
        [--pruner none|median|asha|hyperband] [--concurrency C] [--priority P] [--max-trials N] [--max-seconds S]
        [--name NAME] [--experiment NAME] [--json]
  study create --file STUDY.yaml|.json [--experiment NAME] [--json]
                                               check and record a study, print its id
                                               M: ${studyDesignMethods.join(', ')}
  study run ID [--json]                        run it in the foreground; Ctrl-C pauses
  study status ID [--json]                     counts per status, best trial, trial list
  study list [--json]
  study resume ID [--json]                     the same as study run
  study pause|cancel ID [--json]               asks the process that runs it (this one, the app or
                                               another terminal) to pause or cancel it
  study extend ID (--n N | --repeats R) [--space FILE]
                                               plan more points or more seeds; --space: a wider
                                               space for the new points (a warm start)
  study export ID [--out FILE.yaml|.json]      the definition that reproduces the study`

const options = {
  data: { type: 'string' },
  json: { type: 'boolean', default: false },
  trainer: { type: 'string' },
  dataset: { type: 'string' },
  'dataset-version': { type: 'string' },
  space: { type: 'string' },
  design: { type: 'string' },
  n: { type: 'string' },
  seed: { type: 'string' },
  repeats: { type: 'string' },
  set: { type: 'string', multiple: true },
  config: { type: 'string' },
  objective: { type: 'string' },
  direction: { type: 'string' },
  'objective-value': { type: 'string' },
  'objective-step': { type: 'string' },
  pruner: { type: 'string' },
  concurrency: { type: 'string' },
  priority: { type: 'string' },
  'max-trials': { type: 'string' },
  'max-seconds': { type: 'string' },
  'max-runs': { type: 'string' },
  name: { type: 'string' },
  experiment: { type: 'string' },
  file: { type: 'string' },
  out: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

type StudyExtensionInput = Pick<StudyExtension, 'space'>

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values']

function whole(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined
  const v = Number(text)
  if (!Number.isInteger(v) || v < min) throw AppError.coded('INVALID_INPUT', msg('cli.wholeAtLeast', { flag, value: text, min }))
  return v
}

function studyId(text: string | undefined): number {
  const id = Number(text)
  if (!Number.isInteger(id) || id < 1) throw AppError.coded('INVALID_INPUT', msg('study.badId', { value: text === undefined ? msg('cli.nothing') : text }))
  return id
}

async function experimentId(ctx: CliContext, name: string): Promise<number> {
  const found = (await ctx.call('experiments.list', {})).find((e) => e.name === name)
  return found ? found.id : (await ctx.call('experiments.create', { name, description: '' })).id
}

/** A definition from the flags; what the flags leave out takes the definition's defaults. */
async function definitionFromFlags(ctx: CliContext, v: Values): Promise<StudyDefinitionInput> {
  if (!v.trainer) throw AppError.coded('INVALID_INPUT', msg('study.createNeeds', { flag: '--trainer' }))
  if (!v.space) throw AppError.coded('INVALID_INPUT', msg('study.createNeeds', { flag: '--space FILE' }))
  const design = oneOf('design', v.design, studyDesignMethods)
  if (!design) throw AppError.coded('INVALID_INPUT', msg('study.designNeeded', { allowed: studyDesignMethods.join(', ') }))
  const trainer = (await ctx.call('trainers.list', {})).find((t) => t.id === v.trainer)
  if (!trainer) throw AppError.coded('INVALID_INPUT', msg('cli.unknownTrainer', { value: v.trainer }))
  const step = whole('objective-step', v['objective-step'], 0)
  const value = oneOf('objective-value', v['objective-value'], ['last', 'best'] as const)
  const maxSeconds = v['max-seconds'] === undefined ? undefined : Number(v['max-seconds'])
  if (maxSeconds !== undefined && !(maxSeconds > 0)) throw AppError.coded('INVALID_INPUT', msg('study.badSeconds', { value: v['max-seconds']! }))
  const pruner = oneOf('pruner', v.pruner, prunerTypes)
  return {
    name: v.name ?? `${v.trainer} ${design}`,
    trainer: v.trainer,
    config: applySets(trainer, v.config ? readConfigFile(v.config) : {}, v.set ?? []),
    ...(v['dataset-version'] === undefined ? { dataset: v.dataset } : { datasetVersionId: whole('dataset-version', v['dataset-version'], 1) }),
    space: readStudySpaceFile(v.space) as StudyDefinitionInput['space'],
    design: { method: design, n: whole('n', v.n, 1) ?? 8 },
    repeats: whole('repeats', v.repeats, 1),
    seed: whole('seed', v.seed, 0),
    objective: {
      metric: v.objective ?? 'val/loss',
      direction: oneOf('direction', v.direction, ['min', 'max'] as const) ?? 'min',
      ...(step === undefined ? { value: value ?? 'last' } : { value: 'at' as const, step })
    },
    budget: { maxTrials: whole('max-trials', v['max-trials'], 1), maxWallSeconds: maxSeconds },
    pruner: pruner === undefined ? undefined : ({ type: pruner } as StudyDefinitionInput['pruner']),
    concurrency: whole('concurrency', v.concurrency, 1),
    // Checked with the rest of the definition, which names the field.
    priority: v.priority === undefined ? undefined : Number(v.priority)
  }
}

const fmt = (v: number | null) => (v === null ? '-' : Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(4) : v.toFixed(5))

const elapsed = (ms: number) => (ms < 60000 ? `${(ms / 1000).toFixed(0)}s` : `${Math.floor(ms / 60000)}m${Math.round((ms % 60000) / 1000)}s`)

/** One line: where the study stands, for the progress line and `study list`. */
export function studyLine(locale: CliLocale, s: Study, sessionMs = 0): string {
  const c = s.counts
  const ended = c.finished + c.failed + c.pruned + c.cancelled
  const status = msg(`study.statuses.${s.status}`)
  const parts = [formatMessage(locale, msg('study.line', { id: s.id, status, ended, planned: s.planned, ...c }))]
  if (s.best) parts.push(formatMessage(locale, msg('study.best', { metric: s.definition.objective.metric, value: fmt(s.best.objective), index: s.best.index })))
  parts.push(elapsed(s.elapsedMs + sessionMs))
  return parts.join(' · ')
}

/** A study's or trial's message in `locale`: from its code where the ledger has one, else the English it kept. */
export function said(locale: CliLocale, coded: CodedMessage | null | undefined, english: string | null): string | null {
  return coded && hasMessage(coded.code) ? formatMessage(locale, coded) : english
}

function trialsTable(locale: CliLocale, trials: Trial[]): string {
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))]
  return table(
    ['#', 'status', 'repeat', ...names, 'objective', 'run', 'message'],
    trials.map((t) => [
      String(t.index),
      t.status,
      String(t.repeat),
      ...names.map((n) => (n in t.params ? String(t.params[n]) : '-')),
      fmt(t.objective),
      t.runId === null ? '-' : String(t.runId),
      said(locale, t.messageCoded, t.message) ?? ''
    ])
  )
}

/** The study line, then why it stopped or paused when it says. */
function studyWithMessage(locale: CliLocale, s: Study): string {
  const message = said(locale, s.statusCoded, s.statusMessage)
  return `${studyLine(locale, s)}${message ? `\n${message}` : ''}`
}

async function status(ctx: CliContext, locale: CliLocale, id: number, json: boolean): Promise<number> {
  const study = await ctx.call('studies.get', { id })
  const trials = await ctx.call('studies.trials', { id })
  if (json) process.stdout.write(`${JSON.stringify({ ...study, trials })}\n`)
  else process.stdout.write(`${studyWithMessage(locale, study)}\n\n${trialsTable(locale, trials)}\n`)
  return 0
}

/** Runs the study here to its end, with a progress line; Ctrl-C or SIGTERM pauses it (twice quits). */
async function runStudy(ctx: CliContext, locale: CliLocale, id: number, json: boolean): Promise<number> {
  const tty = process.stderr.isTTY
  let lastPrint = 0
  const sessionStart = Date.now()
  const show = (s: Study, force = false) => {
    const line = studyLine(locale, s, s.status === 'running' ? Date.now() - sessionStart : 0)
    if (tty) process.stderr.write(`\r${line}\x1b[K`)
    else if (force || Date.now() - lastPrint > 2000) {
      process.stderr.write(`${line}\n`)
      lastPrint = Date.now()
    }
  }
  let current = await ctx.call('studies.get', { id })
  const ended = new Promise<void>((resolve) => {
    ctx.engine.events.subscribe((event, payload) => {
      if (event !== 'studies.changed' || (payload as { id: number }).id !== id) return
      void ctx.call('studies.get', { id }).then((s) => {
        current = s
        show(s)
        if (s.status !== 'running') resolve()
      })
    })
  })
  let interrupts = 0
  const pause = () => {
    interrupts += 1
    if (interrupts > 1) process.exit(130)
    process.stderr.write(`\n${formatMessage(locale, msg('study.pausing'))}\n`)
    void ctx.call('studies.pause', { id }).catch(() => undefined)
  }
  process.on('SIGINT', pause)
  process.on('SIGTERM', pause)
  process.on('SIGHUP', pause)
  current = await ctx.call('studies.resume', { id })
  show(current, true)
  if (current.status === 'running') await ended
  process.off('SIGINT', pause)
  process.off('SIGTERM', pause)
  process.off('SIGHUP', pause)
  current = await ctx.call('studies.get', { id })
  show(current, true)
  if (tty) process.stderr.write('\n')
  if (json) process.stdout.write(`${JSON.stringify(current)}\n`)
  else process.stdout.write(`${studyWithMessage(locale, current)}\n`)
  if (current.status === 'finished') return 0
  return current.status === 'paused' ? 130 : 1
}

/** `paramscope study …`: `argv` is what follows the word `study` (with --data anywhere). */
export async function studyCommand(argv: string[], locale: CliLocale = 'en'): Promise<number> {
  const { values: v, positionals } = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  const [sub, arg] = positionals
  const subs = ['create', 'run', 'status', 'list', 'pause', 'resume', 'cancel', 'extend', 'export']
  if (v.help || !sub) {
    process.stdout.write(`Usage: paramscope\n${studyUsage}\n`)
    return v.help ? 0 : 2
  }
  if (!subs.includes(sub)) throw AppError.coded('INVALID_INPUT', msg('study.subNeeded', { allowed: subs.join(', '), value: sub }))
  const maxRuns = whole('max-runs', v['max-runs'], 1)
  const ctx = await openContext(v.data, { maxConcurrentRuns: maxRuns })
  try {
    switch (sub) {
      case 'create': {
        const experiment = await experimentId(ctx, v.experiment ?? 'Default')
        const study = v.file
          ? await ctx.call('studies.create', { experimentId: experiment, path: v.file })
          : await ctx.call('studies.create', { experimentId: experiment, definition: await definitionFromFlags(ctx, v) })
        process.stdout.write(v.json ? `${JSON.stringify(study)}\n` : `${study.id}\n`)
        if (!v.json) process.stderr.write(`paramscope: ${formatMessage(locale, msg('study.created', { id: study.id, name: study.name, planned: study.planned, seed: study.definition.seed! }))}\n`)
        return 0
      }
      case 'list': {
        const studies = await ctx.call('studies.list', {})
        if (v.json) process.stdout.write(`${JSON.stringify(studies)}\n`)
        else process.stdout.write(`${table(['id', 'name', 'trainer', 'design', 'status', 'progress'], studies.map((s) => [String(s.id), s.name, s.trainer, s.definition.design.method, formatMessage(locale, msg(`study.statuses.${s.status}`)), studyLine(locale, s).split(/[:：]/)[1]!.trim()]))}\n`)
        return 0
      }
      case 'run':
      case 'resume':
        // Trials run only while an engine runs the study: this command's runs it in the foreground.
        return await runStudy(ctx, locale, studyId(arg), v.json)
      case 'status':
        return await status(ctx, locale, studyId(arg), v.json)
      case 'extend': {
        const n = whole('n', v.n, 0) ?? 0
        const repeats = whole('repeats', v.repeats, 0) ?? 0
        const space = v.space ? (readStudySpaceFile(v.space) as StudyExtensionInput['space']) : undefined
        const study = await ctx.call('studies.extend', { id: studyId(arg), n, repeats, space })
        process.stdout.write(v.json ? `${JSON.stringify(study)}\n` : `${studyLine(locale, study)}\n`)
        return 0
      }
      case 'export': {
        const format = v.out && extname(v.out).toLowerCase() === '.json' ? 'json' : 'yaml'
        if (v.out && !['.json', '.yaml', '.yml'].includes(extname(v.out).toLowerCase())) throw AppError.coded('INVALID_INPUT', msg('study.outExtension', { value: v.out }))
        const { text } = await ctx.call('studies.export', { id: studyId(arg), format })
        if (v.out) writeFileSync(v.out, text)
        else process.stdout.write(text)
        return 0
      }
      default: {
        const id = studyId(arg)
        const study = await ctx.call(sub === 'pause' ? 'studies.pause' : 'studies.cancel', { id })
        process.stdout.write(v.json ? `${JSON.stringify(study)}\n` : `${studyLine(locale, study)}\n`)
        return 0
      }
    }
  } finally {
    await ctx.engine.close()
  }
}
