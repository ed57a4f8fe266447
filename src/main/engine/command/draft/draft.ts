import { basename } from 'node:path'
import { Document, isMap, isScalar, visit } from 'yaml'
import { formatMessage, msg, type CodedMessage } from '../../../../shared/messages'
import { checkCommandTrainer, paramEnvName, type CommandParamSpec } from '../../../../shared/schemas/command-trainers'
import type { GroupSpec } from '../../../../shared/schemas/params'
import { HF_KNOBS, HF_TRAINING_ARGUMENTS, looksLikeHf } from './hf-fields'
import { parseHelp, type HelpOption } from './help-parser'

export type DraftStyle = 'argparse' | 'hf' | 'unknown'

export interface DraftRequest {
  /** The command as given, `${python}` or `${node}` first where the user wrote it. */
  command: string[]
  /** Absolute; absent: the definition says to set it. */
  cwd?: string
  name?: string
  builtinIds: readonly string[]
  /** The command did not exit 0: its code and last output, said in a comment. */
  exit?: { code: number | null; output: string }
}

export interface Draft {
  /** The definition as a plain value (what `trainers.add` takes). */
  definition: Record<string, unknown>
  /** The definition as YAML, with comments in English and Chinese. */
  text: string
  params: number
  style: DraftStyle
}

type Param = CommandParamSpec
type Skip = 'positional' | 'switches' | 'paths' | 'lists' | 'unreadable' | 'hfOthers' | 'silent'

const loc = (text: string) => ({ en: text, 'zh-CN': text })
const word = (m: CodedMessage) => ({ en: formatMessage('en', m), 'zh-CN': formatMessage('zh-CN', m) })

/** Options that name where things are, not how training goes. */
const PATH_LIKE = /(^|[_-])(path|paths|dir|dirs|directory|file|files|config|cfg|output|cache|checkpoint|resume|log_dir|logdir|url|token)($|[_-])|^(out|data|dataset|train_file|hub_.*)$/i
const INT_HINT = /(^|[_-])(seed|epochs?|steps?|size|num|n|count|layers?|heads?|dim|hidden|workers|patience|rank|r|k|iters?|iterations)($|[_-])/i
const FLOAT_HINT = /(^|[_-])(lr|rate|decay|dropout|eps|epsilon|beta\d?|momentum|gamma|temperature|ratio|factor|norm|clip|wd|smoothing|tau|lambda)($|[_-])/i
const INT_TEXT = /^[+-]?\d+$/
const FLOAT_TEXT = /^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/
const NONE_TEXT = /^(none|null|nil|)$/i

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9_]/g, '_')
const label = (name: string) => {
  const words = name.replace(/[_-]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** One option as a parameter of `group`, or why it is left out. */
function toParam(o: HelpOption, group: string): { param: Param; guessed: boolean } | { skip: Skip } {
  const name = o.names[0]!
  if (o.positional) return { skip: 'positional' }
  if (o.names.some((n) => n === 'help' || n === 'version')) return { skip: 'silent' }
  if (PATH_LIKE.test(name)) return { skip: 'paths' }
  if (o.kind === 'switch') return { skip: 'switches' }
  if (o.kind === 'list') return { skip: 'lists' }
  const key = `${group}.${slug(name)}`
  // `--lr, --learning-rate`: the longer name reads better as a label.
  const longest = o.names.reduce((a, b) => (b.length > a.length ? b : a))
  const base = { key, group, label: loc(label(longest)), help: loc(o.help), ...(slug(name) === name ? {} : { arg: name }) }
  const text = o.defaultText
  const isBool = (t: string | null) => t !== null && /^(true|false)$/i.test(t)
  if (o.choices && o.choices.length > 0) {
    if (o.choices.every((c) => /^(true|false)$/i.test(c))) return { param: { ...base, type: 'bool', default: isBool(text) ? /^true$/i.test(text!) : false }, guessed: !isBool(text) }
    const known = text !== null && o.choices.includes(text)
    return { param: { ...base, type: 'choice', default: known ? text! : o.choices[0]!, choices: o.choices.map((c) => ({ value: c, label: loc(c) })) }, guessed: !known }
  }
  if (o.kind === 'optional' || isBool(text)) return { param: { ...base, type: 'bool', default: isBool(text) ? /^true$/i.test(text!) : false }, guessed: !isBool(text) }
  const hint = (o.metavar && /^(N|INT|NUM|COUNT)$/.test(o.metavar)) || INT_HINT.test(name) ? 'int' : (o.metavar && /^(FLOAT|X|LR)$/.test(o.metavar)) || FLOAT_HINT.test(name) ? 'float' : null
  if (text === null || NONE_TEXT.test(text)) {
    if (hint === 'int') return { param: { ...base, type: 'int', default: 0 }, guessed: true }
    if (hint === 'float') return { param: { ...base, type: 'float', default: 0 }, guessed: true }
    return { param: { ...base, type: 'string', default: '', optional: true }, guessed: true }
  }
  if (INT_TEXT.test(text) && Number.isSafeInteger(Number(text))) {
    // A whole default of a rate (`--weight_decay 0`) still takes fractions.
    if (hint === 'float' && !/^(N|INT|NUM|COUNT)$/.test(o.metavar ?? '')) return { param: { ...base, type: 'float', default: Number(text) }, guessed: false }
    return { param: { ...base, type: 'int', default: Number(text) }, guessed: false }
  }
  if (FLOAT_TEXT.test(text) && Number.isFinite(Number(text))) return { param: { ...base, type: 'float', default: Number(text) }, guessed: false }
  if (/^[+-]?(inf|infinity|nan)$/i.test(text) || text.includes('\0')) return { skip: 'unreadable' }
  return { param: { ...base, type: 'string', default: text }, guessed: false }
}

/** A trainer name from the script's file name (or the program's), never a built-in's. */
function nameFrom(command: string[], builtinIds: readonly string[]): string {
  const script = command.slice(1).find((a) => /\.(py|js|mjs|cjs|ts|sh|rb|jl|r|pl|lua)$/i.test(a)) ?? command[0]!.replace(/^\$\{(\w+)\}$/, '$1')
  let name = basename(script)
    .replace(/\.[^.]+$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 56)
  if (!/^[a-z]/.test(name)) name = `trainer-${name}`.replace(/-$/, '')
  if (builtinIds.includes(name)) name = `${name}-script`
  return name
}

/** Which group an option goes in, or null when a Hugging Face draft leaves it to the comment. */
function groupOf(o: HelpOption, style: DraftStyle, sectionGroups: Map<string, string>): string | null {
  if (style !== 'hf') return sectionGroups.get(o.section) ?? 'params'
  const name = slug(o.names[0]!)
  for (const [group, names] of Object.entries(HF_KNOBS)) if (names.includes(name)) return group
  return HF_TRAINING_ARGUMENTS.has(name) ? null : 'script'
}

const GENERIC_SECTIONS = /^(options|optional arguments|flags|named arguments|arguments|positional arguments)$/i

/** Words wrapped into comment lines of about 100 characters. */
function wrap(words: string[], lines: string[]): void {
  let line = ''
  for (const w of words) {
    if (line && line.length + w.length + 1 > 100) {
      lines.push(` ${line}`)
      line = w
    } else line = line ? `${line} ${w}` : w
  }
  if (line) lines.push(` ${line}`)
}

/** Comment lines: each message in English then in Chinese, then the names it lists, once. */
function commentLines(notes: { message: CodedMessage; names?: string[] }[]): string {
  const lines: string[] = []
  for (const { message, names } of notes) {
    for (const locale of ['en', 'zh-CN'] as const) wrap(formatMessage(locale, message).split(' '), lines)
    if (names) wrap(names, lines)
  }
  return lines.join('\n')
}

/** The command a user reads in a comment: each argument quoted when it needs to be. */
const commandLine = (command: string[]): string => command.map((a) => (/^[\w@%+=:,./${}-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')

/**
 * The flags a drafted Hugging Face trainer always passes, each only where the help lists it and
 * the user's command does not set it already: outputs in the run folder, an eval every epoch (an
 * `eval_loss` to optimise), a loss point every 10 steps (the default 500 leaves short runs with
 * none), no reporting to online services, no progress bars in the log.
 */
function hfFixedFlags(names: Set<string>, given: string[]): string[] {
  const wanted: [string, string][] = [
    ['output_dir', '${run_dir}/out'],
    ['eval_strategy', 'epoch'],
    ['logging_steps', '10'],
    ['report_to', 'none'],
    ['disable_tqdm', 'true']
  ]
  const set = (name: string) => given.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  // transformers before 4.41 calls it evaluation_strategy.
  if (!names.has('eval_strategy')) wanted.splice(1, 1, ['evaluation_strategy', 'epoch'])
  return wanted.filter(([name]) => names.has(slug(name)) && !set(name)).map(([name, value]) => `--${name}=${value}`)
}

/**
 * A command trainer definition drafted from a `--help` text: one parameter per option that can be
 * tuned, the rest named in comments. Never throws; a help it cannot read gives style `unknown`,
 * the command and an empty group for the user to fill.
 */
export function draftFromHelp(helpText: string, request: DraftRequest): Draft {
  const parsed = parseHelp(helpText)
  const names = new Set(parsed.options.flatMap((o) => o.names.map(slug)))
  const tunable = parsed.options.filter((o) => !o.positional && !o.names.includes('help'))
  const style: DraftStyle = looksLikeHf(names) ? 'hf' : tunable.length > 0 ? 'argparse' : 'unknown'

  const sectionGroups = new Map<string, string>()
  const groups: GroupSpec[] = []
  const groupIds = new Set<string>()
  const addGroup = (id: string, text: { en: string; 'zh-CN': string }) => {
    if (groupIds.has(id)) return
    groupIds.add(id)
    groups.push({ id, label: text })
  }
  for (const s of parsed.sections) {
    if (GENERIC_SECTIONS.test(s)) continue
    let id = slug(s).replace(/^[^a-z]+/, '') || 'params'
    if (!/^[a-z]/.test(id)) id = `g_${id}`
    sectionGroups.set(s, id)
  }

  const params: Param[] = []
  const seen = { key: new Set<string>(), arg: new Set<string>(), env: new Set<string>() }
  const skipped: Record<Skip, string[]> = { positional: [], switches: [], paths: [], lists: [], unreadable: [], hfOthers: [], silent: [] }
  const guessed: string[] = []
  const optionName = (o: HelpOption) => (o.positional ? o.names[0]! : `--${o.names[0]}`)
  for (const o of parsed.options) {
    const group = groupOf(o, style, sectionGroups)
    if (group === null) {
      // A `--no_x` that negates `--x` is the same option.
      const name = o.names[0]!
      if (!(o.kind === 'switch' && /^no[_-]/.test(name) && names.has(slug(name.slice(3))))) skipped.hfOthers.push(name)
      continue
    }
    if (o.kind === 'switch' && /^no[_-]/.test(o.names[0]!) && names.has(slug(o.names[0]!.slice(3)))) continue
    const r = toParam(o, group)
    if ('skip' in r) {
      skipped[r.skip].push(optionName(o))
      continue
    }
    const p = r.param
    const arg = p.arg ?? p.key.slice(p.key.indexOf('.') + 1)
    if (seen.key.has(p.key) || seen.arg.has(arg) || seen.env.has(paramEnvName(p))) continue
    seen.key.add(p.key)
    seen.arg.add(arg)
    seen.env.add(paramEnvName(p))
    params.push(p)
    if (r.guessed) guessed.push(p.key)
  }
  // Groups in the order their parameters come, the Hugging Face ones in a fixed order.
  const order = style === 'hf' ? ['script', ...Object.keys(HF_KNOBS)] : [...new Set(params.map((p) => p.group))]
  for (const id of order) {
    if (!params.some((p) => p.group === id)) continue
    const known = ['params', 'script', 'optimizer', 'schedule', 'batch', 'regularization', 'runtime'].includes(id)
    const section = [...sectionGroups].find(([, g]) => g === id)?.[0]
    addGroup(id, known && !section ? word(msg(`commandDraft.groups.${id}` as 'commandDraft.groups.params')) : loc(label(section ?? id)))
  }
  if (groups.length === 0) addGroup('params', word(msg('commandDraft.groups.params')))
  if (style === 'hf') params.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group))

  const hasArgs = request.command.some((a) => a === '${args}' || a === '${args_hydra}')
  const command = hasArgs ? [...request.command] : [...request.command, '${args}']
  // A Trainer's checkpoints and trainer_state.json belong in the run's folder, where ParamScope
  // reads them; eval and a finer log give a study an objective and the pruner its steps.
  const fixed = style === 'hf' ? hfFixedFlags(names, request.command) : []
  command.push(...fixed)
  const isPython = /^(\$\{python\}|.*python[\d.]*(\.exe)?)$/i.test(request.command[0] ?? '')
  const name = request.name ?? nameFrom(request.command, request.builtinIds)
  const definition: Record<string, unknown> = {
    name,
    version: '1',
    label: loc(name),
    description: word(msg('commandDraft.description', { command: commandLine(request.command) })),
    command,
    ...(request.cwd !== undefined ? { cwd: request.cwd } : {}),
    // Python holds its output back when it goes to a pipe: live metrics need it unbuffered.
    env: isPython ? { PYTHONUNBUFFERED: '1' } : {},
    groups,
    params,
    metrics: [],
    stopGraceSeconds: 10
  }

  const note = (message: CodedMessage, names?: string[]) => ({ message, names })
  const head = [note(msg('commandDraft.comments.header', { command: commandLine(request.command), style: msg(`commandDraft.styles.${style}`) }))]
  if (request.exit) head.push(note(msg('commandDraft.comments.exited', { code: request.exit.code ?? '—', output: request.exit.output })))
  if (style === 'unknown') head.push(note(msg('commandDraft.comments.unknown')))
  else head.push(note(msg('commandDraft.comments.bounds')), note(msg('commandDraft.comments.translate')))
  if (fixed.length) head.push(note(msg('commandDraft.comments.hfFixed'), fixed))
  if (request.cwd === undefined) head.push(note(msg('commandDraft.comments.noCwd')))
  if (guessed.length) head.push(note(msg('commandDraft.comments.guessed'), guessed))
  const checked = checkCommandTrainer(definition, request.builtinIds)
  if ('issues' in checked) head.push(note(msg('commandDraft.comments.problems', { issues: checked.issues.map((i) => `${i.field}: ${i.message}`).join('; ') })))
  const tail = (['positional', 'switches', 'paths', 'lists', 'unreadable', 'hfOthers'] as const)
    .filter((k) => skipped[k].length > 0)
    .map((k) => note(msg(`commandDraft.comments.${k}`, k === 'switches' ? { macro: '${args}' } : {}), skipped[k]))

  const doc = new Document(definition)
  // Texts in both languages on one line each, as the built-in trainers' schemas write them.
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && ['label', 'help'].includes(String(pair.key.value)) && isMap(pair.value)) pair.value.flow = true
    }
  })
  doc.commentBefore = commentLines(head)
  if (tail.length) doc.comment = commentLines(tail)
  const text = doc.toString({ lineWidth: 120 })
  return { definition, text, params: params.length, style }
}
