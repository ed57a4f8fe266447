/**
 * The ingest rate of a chatty command trainer, end to end: a script (Node, and Python) prints
 * 100,000 metric lines as fast as it can in one of three stdout formats — `paramscope: {JSON}`,
 * `step=i loss=… acc=…` pairs, Hugging Face log dicts — or writes them as JSON lines to
 * PARAMSCOPE_METRICS_FILE, and runs as a real command trainer in a real engine (spawn, run log,
 * line reader or file tail, merger, supervisor batches, SQLite); Python also once with a flush after
 * every line (print(..., flush=True)). Afterwards every point
 * of every series is read back from the store and checked (step and value); the bench exits 1 and
 * says which series lost what if anything is missing.
 *
 * Timed: lines per second from `runs.start` to the run's ended record, against a raw baseline in the
 * same round — the same command spawned and its stdout merely read and its newlines counted (no
 * parsing, no store; for the file, its newlines counted once the script exits). Cases are interleaved round by round so each sees the same machine load;
 * min / median / max over the rounds and the median ratio engine / raw.
 *
 * Run: npx tsx bench/command-ingest.ts   (prints one JSON object; INGEST_BENCH_ROUNDS=5, INGEST_BENCH_LINES=100000,
 *      INGEST_BENCH_CASES=node/json,python/hf to run only some cases)
 */
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Run } from '../src/shared/api'
import { createEngine } from '../src/main/engine/engine'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'

const ROUNDS = Number(process.env.INGEST_BENCH_ROUNDS ?? 5)
const LINES = Number(process.env.INGEST_BENCH_LINES ?? 100_000)
/** Only these cases, e.g. `node/json,python/hf` (for profiling); all by default. */
const CASES = process.env.INGEST_BENCH_CASES?.split(',')

/**
 * The Node script: builds lines in blocks of 1,000 and writes each block at once (a pipe is
 * written synchronously on Linux, so the script runs exactly as fast as its reader drains it).
 */
const nodeScript = `
import fs from 'node:fs'
const args = Object.fromEntries(process.argv.slice(2).map((a) => a.slice(2).split('=')))
const n = Number(args.lines)
const line = {
  json: (i) => 'paramscope: {"step": ' + i + ', "loss": ' + (1 / (i + 1)).toFixed(6) + ', "acc": ' + ((i % 1000) / 1000).toFixed(3) + '}',
  kv: (i) => 'step=' + i + ' loss=' + (1 / (i + 1)).toFixed(6) + ' acc=' + ((i % 1000) / 1000).toFixed(3),
  hf: (i) => "{'loss': " + (1 / (i + 1)).toFixed(6) + ", 'learning_rate': " + (3e-4 * (1 - i / n)).toExponential(4) + ", 'epoch': " + (i / 1000).toFixed(3) + '}'
}[args.format === 'jsonl' ? 'json' : args.format]
// jsonl: the JSON lines go to PARAMSCOPE_METRICS_FILE instead, without the prefix.
const out = args.format === 'jsonl' ? fs.openSync(process.env.PARAMSCOPE_METRICS_FILE, 'a') : 1
for (let i = 0; i < n; i += 1000) {
  let block = ''
  for (let j = i; j < Math.min(n, i + 1000); j++) block += (out === 1 ? line(j) : line(j).slice('paramscope: '.length)) + '\\n'
  if (out === 1) process.stdout.write(block)
  else fs.writeSync(out, block)
}
`

/** The Python script: one print() per line, as a training loop does (stdout to a pipe is block-buffered). */
const pythonScript = `
import os, sys
args = dict(a[2:].split('=', 1) for a in sys.argv[1:])
n = int(args['lines'])
fmt = args['format']
# flush=1: a flush after every line, as print(..., flush=True) or PYTHONUNBUFFERED=1 do.
if args.get('flush') == '1':
    sys.stdout.reconfigure(line_buffering=True)
# jsonl: the JSON lines go to PARAMSCOPE_METRICS_FILE instead, without the prefix.
out = open(os.environ['PARAMSCOPE_METRICS_FILE'], 'a') if fmt == 'jsonl' else sys.stdout
for i in range(n):
    if fmt == 'jsonl':
        out.write(f'{{"step": {i}, "loss": {1 / (i + 1):.6f}, "acc": {(i % 1000) / 1000:.3f}}}\\n')
    elif fmt == 'json':
        print(f'paramscope: {{"step": {i}, "loss": {1 / (i + 1):.6f}, "acc": {(i % 1000) / 1000:.3f}}}')
    elif fmt == 'kv':
        print(f'step={i} loss={1 / (i + 1):.6f} acc={(i % 1000) / 1000:.3f}')
    else:
        print(f"{{'loss': {1 / (i + 1):.6f}, 'learning_rate': {3e-4 * (1 - i / n):.4e}, 'epoch': {i / 1000:.3f}}}")
`

type Format = 'json' | 'kv' | 'hf' | 'jsonl'
const formats: Format[] = ['json', 'kv', 'hf', 'jsonl']
const languages = ['node', 'python'] as const
type Language = (typeof languages)[number]
interface Case {
  key: string
  language: Language
  format: Format
  /** A flush after every line: one small pipe write per line instead of 8 KiB blocks. */
  flush: boolean
}
const allCases: Case[] = [
  ...languages.flatMap((language) => formats.map((format) => ({ key: `${language}/${format}`, language, format, flush: false }))),
  { key: 'python/json+flush', language: 'python', format: 'json', flush: true }
]

/** What each series must hold: its step and value for line i (HF dicts are numbered by log, from 1). */
const expected: Record<Format, Record<string, { step: (i: number) => number; value: (i: number) => number; tolerance: number }>> = {
  json: {
    loss: { step: (i) => i, value: (i) => 1 / (i + 1), tolerance: 6e-7 },
    acc: { step: (i) => i, value: (i) => (i % 1000) / 1000, tolerance: 6e-4 }
  },
  kv: {
    loss: { step: (i) => i, value: (i) => 1 / (i + 1), tolerance: 6e-7 },
    acc: { step: (i) => i, value: (i) => (i % 1000) / 1000, tolerance: 6e-4 }
  },
  jsonl: {
    loss: { step: (i) => i, value: (i) => 1 / (i + 1), tolerance: 6e-7 },
    acc: { step: (i) => i, value: (i) => (i % 1000) / 1000, tolerance: 6e-4 }
  },
  hf: {
    loss: { step: (i) => i + 1, value: (i) => 1 / (i + 1), tolerance: 6e-7 },
    learning_rate: { step: (i) => i + 1, value: (i) => 3e-4 * (1 - i / LINES), tolerance: 3e-8 },
    epoch: { step: (i) => i + 1, value: (i) => i / 1000, tolerance: 6e-4 }
  }
}

const L = (en: string) => ({ en, 'zh-CN': en })
/** The interpreter itself, not a launcher in front of it (a pyenv shim costs ~1.5 s a start here). */
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { min: Math.round(s[0]!), median: Math.round(s[Math.floor(s.length / 2)]!), max: Math.round(s.at(-1)!) }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/**
 * The raw baseline: the command spawned, its stdout read and its newlines counted — or, when it
 * writes a metrics file, the file's newlines counted once it exits. Seconds.
 */
function raw(file: string, args: string[], metricsFile: string | null): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const env = metricsFile ? { ...process.env, PARAMSCOPE_METRICS_FILE: metricsFile } : process.env
    const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'inherit'], env })
    let lines = 0
    const count = (b: Buffer) => {
      for (let at = b.indexOf(10); at >= 0; at = b.indexOf(10, at + 1)) lines++
    }
    child.stdout.on('data', count)
    child.once('error', reject)
    child.once('close', (code) => {
      if (metricsFile) {
        count(readFileSync(metricsFile))
        rmSync(metricsFile)
      }
      if (code !== 0 || lines !== LINES) reject(new Error(`raw ${file} ${args.join(' ')}: exit ${code}, ${lines} lines`))
      else resolve((performance.now() - t0) / 1000)
    })
  })
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-ingest-'))
  const work = join(dir, 'work')
  mkdirSync(work)
  writeFileSync(join(work, 'chatty.mjs'), nodeScript)
  writeFileSync(join(work, 'chatty.py'), pythonScript)
  const commands: Record<Language, string[]> = { node: [process.execPath, join(work, 'chatty.mjs')], python: [python, join(work, 'chatty.py')] }
  const engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(import.meta.dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts'),
    maxConcurrentRuns: 1,
    gpus: []
  })
  const endedRuns = new Map<number, () => void>()
  engine.events.subscribe((name, payload) => {
    const run = payload as Run
    if (name === 'run.updated' && run.status !== 'running' && run.status !== 'queued') endedRuns.get(run.id)?.()
  })
  const problems: string[] = []
  const engineRates: Record<string, number[]> = {}
  const rawRates: Record<string, number[]> = {}
  const ratios: Record<string, number[]> = {}
  const readBackMs: number[] = []
  try {
    for (const language of languages) {
      await engine.api['trainers.add']({
        definition: {
          name: `chatty-${language}`,
          label: L(`Chatty ${language}`),
          description: L('Prints metric lines as fast as it can'),
          command: [...commands[language], '${args}'],
          cwd: work,
          groups: [{ id: 'bench', label: L('Bench') }],
          params: [
            { key: 'bench.format', group: 'bench', type: 'choice', default: 'json', choices: formats.map((value) => ({ value, label: L(value) })), label: L('format'), help: L('format') },
            { key: 'bench.lines', group: 'bench', type: 'int', default: LINES, min: 1, max: 10_000_000, label: L('lines'), help: L('lines') },
            { key: 'bench.flush', group: 'bench', type: 'int', default: 0, min: 0, max: 1, label: L('flush'), help: L('flush every line') }
          ],
          stopGraceSeconds: 1
        },
        replace: false
      })
    }
    const experiment = await engine.api['experiments.create']({ name: 'ingest', description: '' })

    /** One engine run; seconds from runs.start to the ended record, then every point checked. */
    const viaEngine = async ({ key, language, format, flush }: Case): Promise<number> => {
      const t0 = performance.now()
      let ended!: () => void
      const done = new Promise<void>((r) => (ended = r))
      const run = await engine.api['runs.start']({ experimentId: experiment.id, trainer: `chatty-${language}`, config: { 'bench.format': format, 'bench.lines': LINES, 'bench.flush': flush ? 1 : 0 } })
      endedRuns.set(run.id, ended)
      const now = await engine.api['runs.get']({ id: run.id })
      if (now.status !== 'running' && now.status !== 'queued') ended()
      await done
      const seconds = (performance.now() - t0) / 1000
      endedRuns.delete(run.id)
      const final = await engine.api['runs.get']({ id: run.id })
      if (final.status !== 'finished') problems.push(`${key}: run ${run.id} ${final.status} (${final.statusMessage ?? ''})`)
      const r0 = performance.now()
      const series = await engine.api['runs.metrics']({ id: run.id, names: Object.keys(expected[format]) })
      readBackMs.push(performance.now() - r0)
      for (const [name, want] of Object.entries(expected[format])) {
        const s = series[name]
        const byStep = new Map<number, number>()
        s?.steps.forEach((step, k) => byStep.set(step, s.values[k]!))
        let missing = 0
        let wrong = 0
        for (let i = 0; i < LINES; i++) {
          const v = byStep.get(want.step(i))
          if (v === undefined) missing++
          else if (!(Math.abs(v - want.value(i)) <= want.tolerance)) wrong++
        }
        const extra = byStep.size - (LINES - missing)
        if (missing || wrong || extra)
          problems.push(`${key}: series ${name} of run ${run.id} has ${s?.steps.length ?? 0} points: ${missing} of ${LINES} missing, ${wrong} wrong, ${extra} unexpected`)
      }
      return seconds
    }

    const cases = allCases.filter((c) => !CASES || CASES.includes(c.key))
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of cases) {
        const command = commands[c.language]
        const args = [...command.slice(1), `--format=${c.format}`, `--lines=${LINES}`, `--flush=${c.flush ? 1 : 0}`]
        // Alternate which goes first, so neither always meets a warmer cache.
        const order = round % 2 === 0 ? (['raw', 'engine'] as const) : (['engine', 'raw'] as const)
        const times = { raw: 0, engine: 0 }
        for (const which of order) times[which] = which === 'raw' ? await raw(command[0]!, args, c.format === 'jsonl' ? join(dir, 'raw-metrics.jsonl') : null) : await viaEngine(c)
        ;(engineRates[c.key] ??= []).push(LINES / times.engine)
        ;(rawRates[c.key] ??= []).push(LINES / times.raw)
        ;(ratios[c.key] ??= []).push(times.engine / times.raw)
      }
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'command-ingest',
        rounds: ROUNDS,
        linesPerRun: LINES,
        pointsLost: problems.length === 0 ? 0 : problems,
        // Read back from the store after every run and compared step by step, value by value.
        seriesChecked: Object.fromEntries(formats.map((f) => [f, Object.keys(expected[f])])),
        linesPerSecond: Object.fromEntries(
          Object.keys(engineRates).map((k) => [k, { engine: stats(engineRates[k]!), raw: stats(rawRates[k]!), engineTimeOverRawMedian: Number(median(ratios[k]!).toFixed(2)) }])
        ),
        readBackMs: stats(readBackMs),
        context:
          'engine = runs.start to the ended record of a real command-trainer run (spawn, run log, parse, merge, SQLite); raw = the same command spawned with its stdout only read and counted. engineTimeOverRawMedian = median over rounds of engine seconds / raw seconds.',
        node: process.version,
        loadavg1: +loadavg()[0]!.toFixed(2)
      },
      null,
      2
    )}\n`
  )
  if (problems.length > 0) {
    for (const p of problems) console.error(`[command-ingest] lost: ${p}`)
    process.exitCode = 1
  }
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
