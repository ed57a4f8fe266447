#!/usr/bin/env node
/**
 * Checks the import rules of ARCHITECTURE.md ("Checked boundaries") on every .ts/.vue/.mts file
 * under src/, from the current directory: the contract imports nothing of ours, the engine and its hosts stay plain Node, the
 * renderer reaches the engine only through the contract, trainers share code only through
 * trainers/common, and no files import each other in a circle (type-only imports included).
 *
 *   node scripts/check-boundaries.mjs                  exit 1 and one line per broken rule
 *   node scripts/check-boundaries.mjs --graph <dir>    print the import edges of <dir> and its cycles
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

const root = process.cwd()
const SKIP = new Set(['node_modules', 'out'])
const TRAINERS = 'src/main/engine/trainers/'
const posix = (path) => relative(root, path).split('\\').join('/')
const under = (path, dir) => path.startsWith(dir.endsWith('/') ? dir : `${dir}/`)

function listSources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return SKIP.has(entry.name) || entry.name.startsWith('.') ? [] : listSources(path)
    return /\.(ts|mts|vue)$/.test(entry.name) ? [path] : []
  })
}

/**
 * Blanks comments, string and template contents and regex literals, keeping every newline and
 * offset, so that the import patterns below only match code; string contents are kept by offset.
 */
function scan(text) {
  const out = text.split('') // UTF-16 units, to share offsets with text
  const strings = new Map()
  const blank = (from, to) => { for (let k = from; k < to; k++) if (out[k] !== '\n') out[k] = ' ' }
  const templates = [] // brace depth at each open `${`, to return to the template at its `}`
  let depth = 0
  let i = 0
  const readTemplate = () => { // from just inside a template to past its end or its next `${`
    const start = i
    while (i < text.length && text[i] !== '`' && !(text[i] === '$' && text[i + 1] === '{')) i += text[i] === '\\' ? 2 : 1
    blank(start, i)
    if (text[i] === '$') { templates.push(depth); depth++; i += 2 } else i++
  }
  while (i < text.length) {
    const c = text[i]
    const next = text[i + 1]
    if (c === '/' && next === '/') { const end = text.indexOf('\n', i); blank(i, end < 0 ? text.length : end); i = end < 0 ? text.length : end; continue }
    if (c === '/' && next === '*') { const end = text.indexOf('*/', i + 2); const stop = end < 0 ? text.length : end + 2; blank(i, stop); i = stop; continue }
    if (c === "'" || c === '"') {
      let j = i + 1
      while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1
      strings.set(i, text.slice(i + 1, j))
      blank(i + 1, j)
      i = j + 1
      continue
    }
    if (c === '`') { i++; const start = i; readTemplate(); if (text[i - 1] === '`') strings.set(start - 1, text.slice(start, i - 1)); continue }
    if (c === '{') depth++
    if (c === '}') { depth--; if (templates.length && templates.at(-1) === depth) { templates.pop(); i++; readTemplate(); continue } }
    if (c === '/' && startsRegex(out, i)) {
      let j = i + 1
      let inClass = false
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '[') inClass = true
        else if (text[j] === ']') inClass = false
        j += text[j] === '\\' ? 2 : 1
      }
      blank(i + 1, j)
      i = j + 1
      continue
    }
    i++
  }
  return { code: out.join(''), strings }
}

/** Whether a `/` at i opens a regex literal rather than a division, from the code before it. */
function startsRegex(code, i) {
  let k = i - 1
  while (k >= 0 && /\s/.test(code[k])) k--
  if (k < 0 || '(,=:[!&|?{};+-*%<>~^'.includes(code[k])) return true
  return /\b(return|typeof|case|in|of|void|delete|throw|yield|await)$/.test(code.slice(Math.max(0, k - 9), k + 1).join(''))
}

/** Only the <script> blocks of a .vue file, with the rest blanked to keep line numbers. */
const vueScripts = (text) => text.replace(/(<script\b[^>]*>)([\s\S]*?)<\/script>|[^\n]/g, (_all, open, body) => (open ? ' '.repeat(open.length) + body : ' '))

const PATTERNS = [
  /(?<![.\w$])(?:import|export)\s+[\w\s{},*$]*?\bfrom\s*(['"])/g, // import x from '…', export { y } from '…'
  /(?<![.\w$])import\s*(['"])/g, // import '…' (side effects)
  /(?<![.\w$])(?:import|require)\s*\(\s*(['"`])/g // import('…'), require('…'), typeof import('…')
]

function parseImports(file) {
  const text = readFileSync(file, 'utf8')
  const { code, strings } = scan(file.endsWith('.vue') ? vueScripts(text) : text)
  const found = []
  for (const pattern of PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      const quote = match.index + match[0].length - 1
      const spec = strings.get(quote)
      if (spec !== undefined) found.push({ spec, line: code.slice(0, quote).split('\n').length })
    }
  }
  return found.sort((a, b) => a.line - b.line)
}

function resolveSpec(from, spec) {
  if (!spec.startsWith('.')) return null
  const base = resolve(dirname(from), spec)
  const candidates = [base, `${base}.ts`, `${base}.vue`, `${base}.mts`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')]
  const hit = candidates.find((path) => existsSync(path) && statSync(path).isFile())
  return hit ? posix(hit) : undefined
}

const trainerOf = (path) => (under(path, TRAINERS) ? path.slice(TRAINERS.length).split('/').slice(0, -1)[0] : undefined)

/** The rule an import breaks, in words, or null. `to` is the repository path of a relative import. */
function brokenRule(from, spec, to) {
  if (to === undefined) return `'${spec}' resolves to no file (tried .ts, .vue, .mts, /index.ts)`
  const isElectron = spec === 'electron' || spec.startsWith('electron/')
  if (under(from, 'src/shared') && to && !under(to, 'src/shared')) return 'src/shared imports nothing of ours outside src/shared'
  if (isElectron && ['src/shared', 'src/main/engine', 'src/main/server', 'src/main/cli'].some((dir) => under(from, dir))) {
    return 'the engine, server, CLI and src/shared never import electron (it enters through interfaces)'
  }
  if (under(from, 'src/renderer') && to && (under(to, 'src/main') || under(to, 'src/preload'))) return 'the renderer never imports src/main or src/preload (only the contract in src/shared)'
  const [a, b] = [trainerOf(from), to && trainerOf(to)]
  if (a && b && a !== b && b !== 'common') {
    return a === 'common' ? 'trainers/common imports no trainer folder' : `a trainer imports no other trainer: move what ${a} shares with ${b} to trainers/common`
  }
  return null
}

/** Tarjan's strongly connected components with more than one file, or a file importing itself. */
function circles(graph) {
  const index = new Map(), low = new Map(), stack = [], onStack = new Set(), found = []
  const visit = (v) => {
    index.set(v, index.size); low.set(v, index.get(v)); stack.push(v); onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))) } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)))
    }
    if (low.get(v) !== index.get(v)) return
    const component = []
    let w
    do { w = stack.pop(); onStack.delete(w); component.push(w) } while (w !== v)
    if (component.length > 1 || graph.get(v)?.has(v)) found.push(component.sort())
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v)
  return found.map((files) => ({ files, cycle: shortestCycle(graph, files) }))
}

/** One shortest circle through the component's first file, for a message a reader can follow. */
function shortestCycle(graph, files) {
  const inside = new Set(files), start = files[0], previous = new Map([[start, null]]), queue = [start]
  for (const v of queue) {
    for (const w of graph.get(v) ?? []) {
      if (w === start) { const path = [start]; for (let u = v; u !== start; u = previous.get(u)) path.splice(1, 0, u); return [...path, start] }
      if (inside.has(w) && !previous.has(w)) { previous.set(w, v); queue.push(w) }
    }
  }
  return [start, start]
}

const files = listSources(join(root, 'src')).sort()
const graph = new Map()
const problems = []
let imports = 0
for (const file of files) {
  const from = posix(file)
  graph.set(from, new Set())
  for (const { spec, line } of parseImports(file)) {
    imports++
    const to = resolveSpec(file, spec)
    if (to && under(to, 'src')) graph.get(from).add(to)
    const rule = brokenRule(from, spec, to)
    if (rule) problems.push(`${from}:${line}: imports '${spec}'${to ? ` (${to})` : ''}: ${rule}`)
  }
}
const found = circles(graph)
const say = (line) => process.stdout.write(`${line}\n`)

const graphAt = process.argv.indexOf('--graph')
if (graphAt >= 0) {
  const dir = posix(resolve(root, process.argv[graphAt + 1] ?? 'src'))
  const name = (path) => (under(path, dir) ? path.slice(dir.length + 1) : `${dirname(path)}/`)
  const edges = new Set([...graph].filter(([from]) => under(from, dir)).flatMap(([from, to]) => [...to].map((t) => `${name(from)} -> ${name(t)}`)))
  if (!files.some((file) => under(posix(file), dir))) say(`no .ts/.vue/.mts files under ${dir}`)
  for (const edge of [...edges].sort()) say(edge)
  const here = found.filter(({ files: inCycle }) => inCycle.some((f) => under(f, dir)))
  if (!here.length) say('no cycles')
  for (const { files: inCycle, cycle } of here) say(`cycle: ${cycle.map(name).join(' -> ')}${inCycle.length > cycle.length - 1 ? ` (${inCycle.length} files: ${inCycle.map(name).join(', ')})` : ''}`)
  process.exit(0)
}

for (const { files: inCycle, cycle } of found) {
  const extra = inCycle.length > cycle.length - 1 ? `; the circle's component has ${inCycle.length} files: ${inCycle.join(', ')}` : ''
  problems.push(`import circle: ${cycle.join(' -> ')}${extra}`)
}
if (problems.length) {
  for (const problem of problems) process.stderr.write(`${problem}\n`)
  process.stderr.write(`check-boundaries: ${problems.length} problem(s) in ${files.length} files\n`)
  process.exit(1)
}
say(`check-boundaries: ${files.length} files, ${imports} imports, no rule broken, no import circle`)
