import { z } from 'zod'
import { codedIssue, quoteInput, type FieldIssue } from '../errors'
import { msg, type CodedMessage, type MessageValue } from '../messages'
import { paramProblem } from '../params'
import { BoolParam, ChoiceParam, FloatParam, GroupSpec, IntParam, Localized, StringParam, type ParamSpec, type TrainerInfo } from './params'

/**
 * A command trainer: the user's own script run as a trainer. Written as YAML or JSON:
 *
 * ```yaml
 * name: my-lora                     # ^[a-z][a-z0-9-]*$, not a built-in trainer's id
 * label: { en: My LoRA, zh-CN: 我的 LoRA }
 * description: { en: …, zh-CN: … }
 * command: ["${python}", "train.py", "${args}"]   # an argument list, never a shell line
 * cwd: .                            # relative to the definition file's folder (default: that folder)
 * env: { HF_HUB_OFFLINE: "1" }
 * groups: [{ id: training, label: { en: Training, zh-CN: 训练 } }]
 * params:                           # the built-in trainers' ParamSpec, plus an optional `arg`
 *   - { key: training.learning_rate, group: training, type: float, default: 5e-5, min: 0, minExclusive: true, log: true,
 *       label: {…}, help: {…} }
 * metrics: [eval_loss, loss]        # shown first; optional
 * stopGraceSeconds: 10              # SIGTERM → this long for a last checkpoint → kill
 * ```
 *
 * **Macros** (`${…}`; `$$` is a literal `$`):
 * - `${python}`: `python3`, else `python`, as found on PATH; `${node}`: `node` on PATH.
 * - `${args}`: one argument `--ARG=VALUE` per parameter; `${args_hydra}`: one `ARG=VALUE` each.
 *   Both must be a whole element of `command`, since each expands to several arguments.
 * - `${args_json}`: the config as one JSON argument; `${args_json_file}` / `${args_yaml_file}`:
 *   the paths of the config written as JSON / YAML (the same files as `PARAMSCOPE_CONFIG` and
 *   `PARAMSCOPE_CONFIG_YAML`).
 * - `${run_dir}`, `${run_id}`; `${param:KEY}`: one parameter's value, by its dotted key.
 * All but `${args}`/`${args_hydra}` may stand inside a longer argument (`--output_dir=${run_dir}/out`).
 * `cwd` and `env` values take `${run_dir}`, `${run_id}`, `${args_json_file}`, `${args_yaml_file}`
 * and `${param:KEY}`.
 *
 * **ARG**, a parameter's name outside ParamScope (flag, config file key, environment variable),
 * is its `arg`, else the last part of its key (`training.learning_rate` → `learning_rate`).
 * Its environment variable is `PARAMSCOPE_PARAM_` + ARG with every character other than a
 * letter or digit made `_`, upper-cased (`learning-rate` → `PARAMSCOPE_PARAM_LEARNING_RATE`).
 * Two parameters whose ARG or variable would be the same are refused when the definition is read.
 * Values are written as JSON writes them: `true`/`false`, numbers in JavaScript's shortest form
 * (`0.001`, `1e-7`), text as it is.
 */

export const COMMAND_TRAINER_NAME = /^[a-z][a-z0-9-]*$/
const ARG_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/** Environment variables every run of a command trainer gets; a definition cannot set them. */
export const RESERVED_ENV = /^(PARAMSCOPE_.*|CUDA_VISIBLE_DEVICES)$/

const argField = { arg: z.string().regex(ARG_NAME).max(200).optional() }
export const CommandParamSpec = z.discriminatedUnion('type', [
  FloatParam.extend(argField).strict(),
  IntParam.extend(argField).strict(),
  BoolParam.extend(argField).strict(),
  ChoiceParam.extend(argField).strict(),
  StringParam.extend(argField).strict()
])
export type CommandParamSpec = z.infer<typeof CommandParamSpec>

export const CommandTrainerDefinition = z
  .object({
    name: z.string().regex(COMMAND_TRAINER_NAME).max(64),
    version: z.string().min(1).max(64).default('1'),
    label: Localized.strict(),
    description: Localized.strict(),
    command: z.array(z.string().max(100_000)).min(1).max(1000),
    cwd: z.string().min(1).max(4096).optional(),
    env: z.record(z.string(), z.string().max(100_000)).default({}),
    groups: z.array(GroupSpec.strict()).max(1000).default([]),
    params: z.array(CommandParamSpec).max(1000).default([]),
    /** Metric names the UI shows first, in this order. */
    metrics: z.array(z.string().min(1).max(200)).max(1000).default([]),
    /** Seconds between SIGTERM and kill on cancel or prune. */
    stopGraceSeconds: z.number().min(0).max(3600).default(10)
  })
  .strict()
export type CommandTrainerDefinition = z.infer<typeof CommandTrainerDefinition>

// ---------------------------------------------------------------- templates

export type TemplatePart = { text: string } | { macro: string; key?: string }

/** Macros that expand to several arguments: only as a whole element of `command`. */
export const LIST_MACROS = ['args', 'args_hydra'] as const
/** Macros that expand to one piece of text. */
export const TEXT_MACROS = ['python', 'node', 'args_json', 'args_json_file', 'args_yaml_file', 'run_dir', 'run_id'] as const
/** What `cwd` and `env` values may hold. */
export const CONTEXT_MACROS = ['run_dir', 'run_id', 'args_json_file', 'args_yaml_file'] as const
const ALL_MACROS = [...LIST_MACROS, ...TEXT_MACROS, 'param:KEY']

/** A template split into text and `${…}` macros; `$$` is a `$`; an unclosed `${` is a macro named by the rest. */
export function parseTemplate(template: string): TemplatePart[] {
  const parts: TemplatePart[] = []
  let text = ''
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!
    if (c === '$' && template[i + 1] === '$') {
      text += '$'
      i++
    } else if (c === '$' && template[i + 1] === '{') {
      const end = template.indexOf('}', i + 2)
      const body = end < 0 ? template.slice(i + 2) : template.slice(i + 2, end)
      if (text) parts.push({ text })
      text = ''
      parts.push(body.startsWith('param:') ? { macro: 'param', key: body.slice(6) } : { macro: end < 0 ? `${body}…` : body })
      i = end < 0 ? template.length : end
    } else text += c
  }
  if (text || parts.length === 0) parts.push({ text })
  return parts
}

/** A parameter's name outside ParamScope: its `arg`, else the last part of its key. */
export const paramArg = (p: Pick<CommandParamSpec, 'key' | 'arg'>): string => p.arg ?? p.key.slice(p.key.lastIndexOf('.') + 1)

/** The environment variable a parameter's value travels in. */
export const paramEnvName = (p: Pick<CommandParamSpec, 'key' | 'arg'>): string => `PARAMSCOPE_PARAM_${paramArg(p).replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`

// ---------------------------------------------------------------- checking

const issue = (field: string, message: CodedMessage): FieldIssue => codedIssue(field, message)
const problem = (field: string, rule: string, values: Record<string, MessageValue> = {}): FieldIssue =>
  issue(field, msg(`commandTrainers.problems.${rule}` as 'commandTrainers.problems.required', values))

function valueAt(value: unknown, path: PropertyKey[]): unknown {
  let at = value
  for (const key of path) {
    if (typeof at !== 'object' || at === null) return undefined
    at = (at as Record<PropertyKey, unknown>)[key]
  }
  return at
}

function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  return quoteInput(value)
}

/** One zod problem as a coded field issue; `got` is read back from the input. */
function zodIssue(i: z.core.$ZodIssue, input: unknown): FieldIssue {
  const field = i.path.map(String).join('.') || '(input)'
  const got = valueAt(input, i.path)
  switch (i.code) {
    case 'invalid_type': {
      if (got === undefined) return problem(field, 'required')
      const kind = ['string', 'number', 'boolean', 'array', 'object'].includes(i.expected) ? i.expected : 'other'
      return problem(field, 'type', { expected: msg(`commandTrainers.kinds.${kind}` as 'commandTrainers.kinds.string'), got: kindOf(got) })
    }
    case 'unrecognized_keys':
      return problem(i.path.length ? field : i.keys.length === 1 ? String(i.keys[0]) : field, 'unknownKeys', { keys: i.keys.slice(0, 5).map(quoteInput).join(', ') })
    case 'invalid_format':
      return problem(field, 'pattern', { pattern: 'pattern' in i && i.pattern ? String(i.pattern) : i.format, got: kindOf(got) })
    case 'too_small':
      if (i.origin === 'number') return problem(field, 'tooSmall', { min: Number(i.minimum), got: kindOf(got) })
      return problem(field, 'tooShort', { min: Number(i.minimum), got: Array.isArray(got) ? got.length : typeof got === 'string' ? got.length : kindOf(got) })
    case 'too_big':
      if (i.origin === 'number') return problem(field, 'tooBig', { max: Number(i.maximum), got: kindOf(got) })
      return problem(field, 'tooLong', { max: Number(i.maximum), got: Array.isArray(got) ? got.length : typeof got === 'string' ? got.length : kindOf(got) })
    case 'invalid_value':
      return problem(field, 'oneOf', { allowed: i.values.map((v) => quoteInput(v)).join(', '), got: kindOf(got) })
    case 'invalid_union':
      // zod's path already ends at the discriminator (`params.3.type`).
      if ('discriminator' in i && i.discriminator) return problem(field, 'oneOf', { allowed: 'float, int, bool, choice, string', got: kindOf(got) })
      return problem(field, 'other', { problem: i.message })
    default:
      return problem(field, 'other', { problem: i.message })
  }
}

function templateIssues(field: string, template: string, where: 'command' | 'context', keys: Set<string>): FieldIssue[] {
  const issues: FieldIssue[] = []
  if (template.includes('\0')) issues.push(problem(field, 'nul'))
  const parts = parseTemplate(template)
  for (const part of parts) {
    if (!('macro' in part)) continue
    const shown = part.macro === 'param' ? `\${param:${part.key}}` : `\${${part.macro}}`
    if (part.macro === 'param') {
      if (!keys.has(part.key!)) issues.push(problem(field, 'unknownParam', { macro: shown, key: quoteInput(part.key) }))
    } else if ((LIST_MACROS as readonly string[]).includes(part.macro)) {
      if (where !== 'command') issues.push(problem(field, 'notHere', { macro: shown }))
      else if (parts.length !== 1) issues.push(problem(field, 'wholeArgument', { macro: shown }))
    } else if ((TEXT_MACROS as readonly string[]).includes(part.macro)) {
      if (where !== 'command' && !(CONTEXT_MACROS as readonly string[]).includes(part.macro)) issues.push(problem(field, 'notHere', { macro: shown }))
    } else issues.push(problem(field, 'unknownMacro', { macro: shown, known: ALL_MACROS.map((m) => `\${${m}}`).join(', ') }))
  }
  return issues
}

function paramIssues(params: CommandParamSpec[], groups: GroupSpec[]): FieldIssue[] {
  const issues: FieldIssue[] = []
  const groupIds = new Map<string, number>()
  groups.forEach((g, i) => {
    if (groupIds.has(g.id)) issues.push(problem(`groups.${i}.id`, 'duplicateGroup', { group: quoteInput(g.id), other: groupIds.get(g.id)! }))
    else groupIds.set(g.id, i)
  })
  const seen = { key: new Map<string, number>(), arg: new Map<string, number>(), env: new Map<string, number>() }
  params.forEach((p, i) => {
    const at = `params.${i}`
    if (seen.key.has(p.key)) issues.push(problem(`${at}.key`, 'duplicateKey', { key: quoteInput(p.key), other: seen.key.get(p.key)! }))
    else seen.key.set(p.key, i)
    const arg = paramArg(p)
    const env = paramEnvName(p)
    if (seen.arg.has(arg)) issues.push(problem(`${at}.${p.arg ? 'arg' : 'key'}`, 'duplicateArg', { arg: quoteInput(arg), other: seen.arg.get(arg)! }))
    else if (seen.env.has(env)) issues.push(problem(`${at}.${p.arg ? 'arg' : 'key'}`, 'envCollision', { variable: env, other: seen.env.get(env)! }))
    seen.arg.set(arg, seen.arg.get(arg) ?? i)
    seen.env.set(env, seen.env.get(env) ?? i)
    if (!groupIds.has(p.group)) issues.push(problem(`${at}.group`, 'unknownGroup', { group: quoteInput(p.group), known: [...groupIds.keys()].join(', ') || '—' }))
    if (p.type === 'float' || p.type === 'int') {
      if (p.min !== undefined && p.max !== undefined && p.min > p.max) issues.push(problem(`${at}.max`, 'minAboveMax', { min: p.min, max: p.max }))
      if (p.log && (p.min === undefined || p.min < 0 || (p.min === 0 && !p.minExclusive))) issues.push(problem(`${at}.min`, 'logNeedsPositive', { min: p.min ?? '—' }))
    }
    const bad = paramProblem(p as ParamSpec, p.default)
    if (bad) issues.push(problem(`${at}.default`, 'badDefault', { problem: msg(`problems.${bad.rule}` as 'problems.min', bad.values) }))
    if (p.type === 'string' && p.default.includes('\0')) issues.push(problem(`${at}.default`, 'nul'))
  })
  return issues
}

/**
 * A parsed JSON/YAML value as a command trainer definition, defaults filled. Throws an
 * INVALID_INPUT AppError whose issues name every problem by field (`params.3.max`) with a
 * catalog code (`commandTrainers.problems.*`), all at once where the structure allows.
 */
export function checkCommandTrainer(value: unknown, builtinIds: readonly string[]): { definition: CommandTrainerDefinition } | { issues: FieldIssue[] } {
  const parsed = CommandTrainerDefinition.safeParse(value)
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => zodIssue(i, value)) }
  const d = parsed.data
  const issues: FieldIssue[] = []
  if (builtinIds.includes(d.name)) issues.push(problem('name', 'builtinName', { name: quoteInput(d.name) }))
  if (d.command[0]!.trim() === '') issues.push(problem('command.0', 'programEmpty'))
  issues.push(...paramIssues(d.params, d.groups))
  const keys = new Set(d.params.map((p) => p.key))
  d.command.forEach((a, i) => issues.push(...templateIssues(`command.${i}`, a, 'command', keys)))
  if (d.cwd !== undefined) issues.push(...templateIssues('cwd', d.cwd, 'context', keys))
  for (const [name, v] of Object.entries(d.env)) {
    if (!ENV_NAME.test(name)) issues.push(problem(`env.${name}`, 'envName'))
    else if (RESERVED_ENV.test(name)) issues.push(problem(`env.${name}`, 'envReserved', { name }))
    issues.push(...templateIssues(`env.${name}`, v, 'context', keys))
  }
  const metrics = new Set<string>()
  d.metrics.forEach((m, i) => {
    if (metrics.has(m)) issues.push(problem(`metrics.${i}`, 'unknownMetric', { metric: quoteInput(m) }))
    metrics.add(m)
  })
  return issues.length ? { issues } : { definition: d }
}

/** What the trainer list shows for a command trainer: its schema, with no dataset kinds. */
export function commandTrainerInfo(d: CommandTrainerDefinition): TrainerInfo {
  return {
    id: d.name,
    version: d.version,
    label: d.label,
    description: d.description,
    datasetKinds: [],
    groups: d.groups,
    params: d.params.map(({ arg: _arg, ...spec }) => spec as ParamSpec),
    metrics: d.metrics.map((name) => ({ name, label: { en: name, 'zh-CN': name } })),
    command: d.command
  }
}
