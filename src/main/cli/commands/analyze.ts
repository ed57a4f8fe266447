import { parseArgs } from 'node:util'
import { analysisMethods, type AnalysisMethod, type AnalysisSource, type MethodOutput } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { openContext, storelessContext, type CliContext } from '../context'
import { oneOf, runIdsFlag, studyIdFlag } from '../flags'
import { isKnownLang, pickCliLocale, type CliLocale } from '../locale'
import { readSpaceFlag } from '../space-input'
import { analysisText } from './analyze-text'

export const analyzeUsage = `  analyze --from FILE.csv | --experiment NAME | --runs ID,... --target COLUMN [--lang en|zh-CN]
  analyze --study ID [--include-pruned] [--target objective|METRIC]
          [--method ${analysisMethods.join('|')}] [--design saltelli|morris]
          [--space FILE] [--params A,B,...] [--seed S] [--goal min|max] [--reduce last|min|max] [--json]
                                               sensitivity of a target to the parameters; over runs the
                                               target is a metric; a study gives its swept parameters,
                                               its objective (the default target and direction) and its
                                               design; --json prints the result without its rows`

const options = {
  data: { type: 'string' },
  from: { type: 'string' },
  experiment: { type: 'string' },
  runs: { type: 'string' },
  study: { type: 'string' },
  'include-pruned': { type: 'boolean', default: false },
  target: { type: 'string' },
  method: { type: 'string' },
  design: { type: 'string' },
  space: { type: 'string' },
  params: { type: 'string' },
  seed: { type: 'string' },
  goal: { type: 'string' },
  reduce: { type: 'string' },
  json: { type: 'boolean', default: false },
  lang: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof options }>>['values']

async function sourceOf(ctx: CliContext, v: Values): Promise<AnalysisSource> {
  const given = [v.from, v.experiment, v.runs, v.study].filter((x) => x !== undefined).length
  if (given !== 1) throw AppError.coded('INVALID_INPUT', msg('cli.oneSource'))
  if (v.from !== undefined) return { kind: 'csv', path: v.from }
  if (v.study !== undefined) {
    return { kind: 'study', studyId: studyIdFlag(v.study), includePruned: v['include-pruned'] }
  }
  const reduce = oneOf('reduce', v.reduce, ['last', 'min', 'max'] as const) ?? 'last'
  if (v.runs !== undefined) {
    return { kind: 'runs', runIds: runIdsFlag(v.runs), reduce }
  }
  const found = (await ctx.call('experiments.list', {})).find((e) => e.name === v.experiment)
  if (!found) throw AppError.coded('NOT_FOUND', msg('cli.noExperiment', { value: v.experiment ?? '' }))
  return { kind: 'runs', experimentId: found.id, reduce }
}

/**
 * `paramscope analyze`: one call of analysis.run through the contract, on a worker thread of the
 * engine. Ctrl-C cancels it; progress goes to stderr on a terminal. `locale` is the language the
 * command's messages are worded in (`--lang` or the environment, read by the caller).
 */
export async function analyzeCommand(argv: string[], locale: CliLocale = pickCliLocale(undefined)): Promise<number> {
  const { values: v } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  if (v.lang !== undefined && !isKnownLang(v.lang)) throw AppError.coded('INVALID_INPUT', msg('cli.unknownLang', { value: v.lang }))
  // Called without the CLI's entry (which takes --lang out first), the flag is read here. The
  // refusals below are coded and worded by that entry; `locale` is for the analysis text.
  if (v.lang !== undefined) locale = pickCliLocale(v.lang)
  if (v.help) {
    process.stdout.write(`Usage: paramscope\n${analyzeUsage}\n`)
    return 0
  }
  if (!v.target && v.study === undefined) throw AppError.coded('INVALID_INPUT', msg('cli.targetNeeded'))
  let method = oneOf('method', v.method, analysisMethods)
  const design = oneOf('design', v.design, ['saltelli', 'morris'] as const)
  let goal = oneOf('goal', v.goal, ['min', 'max'] as const)
  const seed = v.seed === undefined ? undefined : Number(v.seed)
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) throw AppError.coded('INVALID_INPUT', msg('cli.badSeed', { value: v.seed ?? '' }))
  // Read before the engine opens, so a bad file is named without touching the data folder.
  const space = v.space === undefined ? undefined : await readSpaceFlag(storelessContext(), v.space)
  const ctx = await openContext(v.data)
  const requestId = `cli-${process.pid}`
  const onSigint = () => void ctx.call('analysis.cancel', { requestId })
  process.on('SIGINT', onSigint)
  const off = ctx.engine.events.subscribe((name, payload) => {
    const p = payload as { requestId: string; stage: string; fraction: number }
    if (name === 'analysis.progress' && p.requestId === requestId && process.stderr.isTTY) process.stderr.write(`\ranalyze: ${p.stage} ${Math.round(100 * p.fraction)}%   `)
  })
  try {
    const source = await sourceOf(ctx, v)
    // A study's objective is the target by default, with its direction.
    const study = source.kind === 'study' ? await ctx.call('studies.get', { id: source.studyId }) : undefined
    const target = v.target ?? 'objective'
    goal ??= study && target === 'objective' ? study.definition.objective.direction : 'min'
    if (design || !method) {
      const cols = await ctx.call('analysis.columns', { source })
      if (design && cols.design !== design)
        throw AppError.coded('INVALID_INPUT', msg('cli.notDesign', { design, actual: cols.design }))
      method ??= cols.suggestedMethod as AnalysisMethod
    }
    const params = v.params?.split(',').map((p) => p.trim())
    const result: MethodOutput<'analysis.run'> = await ctx.call('analysis.run', { requestId, source, target, goal, method, params, space, seed })
    if (process.stderr.isTTY) process.stderr.write('\n')
    const { rows, ...shown } = result
    void rows
    process.stdout.write(v.json ? `${JSON.stringify(shown)}\n` : `${analysisText(result, locale)}\n`)
    return 0
  } finally {
    off()
    process.off('SIGINT', onSigint)
    await ctx.engine.close()
  }
}
