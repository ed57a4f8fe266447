/**
 * Reads a script's `--help` text as argparse (and HfArgumentParser, click and most tools that copy
 * its layout) prints it: section titles at the margin (`options:`, `model:`), one entry per option
 * indented by two spaces (`  --lr LR, --learning-rate LR   help…`), the help wrapped under it.
 * Never throws: text it cannot read yields no options.
 */

/** What an option's entry says about the value it takes. */
export type HelpValueKind =
  /** A switch with no value (`store_true`, `store_false`, `count`). */
  | 'switch'
  /** An optional value (`--bf16 [BF16]`): HfArgumentParser's booleans, which take `--bf16=true`. */
  | 'optional'
  /** A list of values (`--x X [X ...]`, `nargs='+'`). */
  | 'list'
  /** One value. */
  | 'value'

export interface HelpOption {
  /** The long names without dashes, as printed (`lr`, `learning-rate`); the short ones are left out. */
  names: string[]
  /** The value's placeholder (`LR`, `N`), null for a switch or choices. */
  metavar: string | null
  choices: string[] | null
  kind: HelpValueKind
  /** The text after `default:` (`0.001`, `None`, `adam`), null when the help shows none. */
  defaultText: string | null
  /** The help without its default clause, wrapped lines joined. */
  help: string
  /** The section it is listed under (`options`, `model`). */
  section: string
  /** Under `positional arguments:`: a value the script needs, not a flag. */
  positional: boolean
}

export interface ParsedHelp {
  options: HelpOption[]
  /** Section titles in order of appearance. */
  sections: string[]
}

const SECTION = /^([A-Za-z][\w .-]*(?: [\w.-]+)*):\s*$/
const OPTION_LINE = /^ {1,6}(-{1,2}[A-Za-z0-9?][^\s,]*)/
const POSITIONAL_LINE = /^ {1,6}([A-Za-z_][\w-]*)(?: {2,}|$)/
const DEFAULT = /[([]\s*defaults?\s*[:=]\s*([^)\]]*?)\s*[)\]]\s*\.?\s*$|\bdefaults?(?: is| to|:|=)\s*([^\s]+?)\.?\s*$/i

/** Splits an entry's first line into its invocation (`--lr LR, --learning-rate LR`) and help. */
function splitInvocation(line: string): { invocation: string; help: string } {
  const text = line.trim()
  // Two spaces end the invocation; a choices list `{a,b}` never holds two.
  const gap = /\s{2,}/.exec(text)
  return gap ? { invocation: text.slice(0, gap.index), help: text.slice(gap.index).trim() } : { invocation: text, help: '' }
}

/** One option string (`--lr LR`, `--bf16 [BF16]`, `--optim {a,b}`, `--x X [X ...]`, `-h`). */
function readOptionString(part: string): { name: string | null; rest: string } {
  const m = /^(-{1,2})([A-Za-z0-9?][\w.?-]*)(?:[ =](.*))?$/.exec(part.trim())
  if (!m) return { name: null, rest: '' }
  return { name: m[1] === '--' ? m[2]! : null, rest: (m[3] ?? '').trim() }
}

function unquote(text: string): string {
  const t = text.trim()
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t
}

/** The default clause at the end of a help text, and the help without it. */
export function splitDefault(help: string): { help: string; defaultText: string | null } {
  const m = DEFAULT.exec(help)
  if (!m) return { help, defaultText: null }
  return { help: help.slice(0, m.index).trim(), defaultText: unquote(m[1] ?? m[2] ?? '') }
}

function readOption(invocation: string, helpLines: string[], section: string): HelpOption | null {
  // Choices never hold ", " but option strings are separated by it.
  const parts = invocation.split(/, (?=-)/)
  const names: string[] = []
  let rest = ''
  for (const p of parts) {
    const o = readOptionString(p)
    if (o.name) names.push(o.name)
    if (o.rest) rest = o.rest
  }
  if (names.length === 0) return null
  let kind: HelpValueKind = 'value'
  let metavar: string | null = null
  let choices: string[] | null = null
  if (rest === '') kind = 'switch'
  else {
    const optional = /^\[(.*)\]$/.exec(rest)
    const inner = optional ? optional[1]! : rest
    if (optional) kind = 'optional'
    else if (/\.\.\.\]?$/.test(rest) || /\s/.test(rest.replace(/\{[^}]*\}/g, ''))) kind = 'list'
    const braces = /^\{([^}]*)\}/.exec(inner)
    if (braces) choices = braces[1]!.split(',').map((c) => c.trim()).filter(Boolean)
    else metavar = inner.split(/\s/)[0] ?? null
  }
  const joined = helpLines.map((l) => l.trim()).filter(Boolean).join(' ')
  const { help, defaultText } = splitDefault(joined)
  return { names, metavar, choices, kind, defaultText, help, section, positional: false }
}

/** The options of a `--help` text, in order, each with its section. */
export function parseHelp(text: string): ParsedHelp {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\t/g, '        ').split('\n')
  const options: HelpOption[] = []
  const sections: string[] = []
  let section = ''
  let inUsage = false
  let entry: { invocation: string; help: string[]; positional: boolean } | null = null
  const close = () => {
    if (!entry) return
    if (entry.positional) {
      const { help } = splitDefault(entry.help.map((l) => l.trim()).join(' '))
      options.push({ names: [entry.invocation], metavar: null, choices: null, kind: 'value', defaultText: null, help, section, positional: true })
    } else {
      const o = readOption(entry.invocation, entry.help, section)
      if (o) options.push(o)
    }
    entry = null
  }
  for (const line of lines) {
    if (/^usage:/i.test(line)) {
      close()
      inUsage = true
      continue
    }
    if (line.trim() === '') {
      inUsage = false
      continue
    }
    if (inUsage && /^\s/.test(line)) continue
    inUsage = false
    const title = SECTION.exec(line)
    if (title) {
      close()
      section = title[1]!.trim()
      sections.push(section)
      continue
    }
    if (!/^\s/.test(line)) {
      // Prose at the margin (a description, an epilog) ends any entry.
      close()
      continue
    }
    const isPositionalSection = /^(positional arguments|arguments)$/i.test(section)
    const opt = OPTION_LINE.exec(line)
    if (opt && section !== '') {
      close()
      const { invocation, help } = splitInvocation(line)
      entry = { invocation, help: help ? [help] : [], positional: false }
      continue
    }
    const pos = isPositionalSection ? POSITIONAL_LINE.exec(line) : null
    if (pos) {
      close()
      const { invocation, help } = splitInvocation(line)
      entry = { invocation, help: help ? [help] : [], positional: true }
      continue
    }
    // Deeper indentation continues the entry's help; a group's description at two spaces does not.
    if (entry && /^ {7,}/.test(line)) entry.help.push(line)
    else close()
  }
  close()
  return { options, sections }
}
