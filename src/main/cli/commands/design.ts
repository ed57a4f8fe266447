import { parseArgs } from 'node:util'
import { designCountMeaning, designMethods, type DesignMethod, type ParamValue } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { storelessContext } from '../context'
import { readSpaceFlag } from '../space-input'

export const designUsage = `  design --method M --n N --space FILE.json|.yaml [--seed S] [--levels P] [--replicates R]
         [--first-order] [--variant rotatable|face]
                                               print a design of experiments as CSV
                                               M: ${designMethods.join(', ')}`

const options = {
  method: { type: 'string' },
  n: { type: 'string' },
  space: { type: 'string' },
  seed: { type: 'string' },
  levels: { type: 'string' },
  replicates: { type: 'string' },
  'first-order': { type: 'boolean', default: false },
  variant: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false }
} as const

function whole(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined
  const v = Number(text)
  if (!Number.isInteger(v) || v < min) throw AppError.coded('INVALID_INPUT', msg('cli.wholeAtLeast', { flag, value: text, min }))
  return v
}

/** One CSV cell: quoted when it holds a comma, quote or line break. */
function cell(v: ParamValue): string {
  const s = String(v)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * `paramscope design`: needs no data folder, only the search space. The CSV goes to stdout; the
 * seed (drawn when not given, so the design can be repeated) and the design's facts to stderr.
 */
export async function designCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
  if (values.help) {
    const meanings = designMethods.map((m) => `    ${m.padEnd(12)} n = ${designCountMeaning[m]}`).join('\n')
    process.stdout.write(`Usage: paramscope\n${designUsage}\n\n${meanings}\n`)
    return 0
  }
  const method = values.method as DesignMethod | undefined
  if (!method || !designMethods.includes(method)) throw AppError.coded('INVALID_INPUT', msg('cli.designMethod', { allowed: designMethods.join(', '), value: values.method ?? msg('cli.nothing') }))
  if (!values.space) throw AppError.coded('INVALID_INPUT', msg('cli.spaceNeeded'))
  const n = whole('n', values.n, 0)
  if (n === undefined) throw new AppError('INVALID_INPUT', `--n is required: ${designCountMeaning[method]}`)
  if (values.variant !== undefined && values.variant !== 'rotatable' && values.variant !== 'face')
    throw AppError.coded('INVALID_INPUT', msg('cli.expectedOneOf', { flag: 'variant', value: values.variant, allowed: 'rotatable, face' }))
  const ctx = storelessContext()
  const space = await readSpaceFlag(ctx, values.space)
  const table = await ctx.call('designs.generate', {
    space,
    method,
    n,
    seed: whole('seed', values.seed, 0),
    levels: whole('levels', values.levels, 2),
    replicates: whole('replicates', values.replicates, 1),
    secondOrder: !values['first-order'],
    variant: values.variant
  })
  const lines = [table.names.map(cell).join(','), ...table.rows.map((r) => r.map(cell).join(','))]
  process.stdout.write(`${lines.join('\n')}\n`)
  const facts = Object.entries(table.meta).map(([k, v]) => ` ${k}=${v}`).join('')
  process.stderr.write(`paramscope: ${method} design, ${table.rows.length} rows, seed=${table.seed}${facts}\n`)
  return 0
}
