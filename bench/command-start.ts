/**
 * What ParamScope adds to each trial of a command trainer: a random-design study of 40 trials, one
 * at a time, over a trivial command (`node -e` / `python3 -c` a script that prints one metric and
 * exits) in a real engine — config files, spawn with no shell, metric ingest, the ledger, the
 * scheduler's next claim — against the same command run 40 times in a row with execFile (same
 * environment) and awaited. Study and baseline alternate round by round so each sees the same
 * machine load. Per-trial overhead = (study wall time − baseline wall time) / trials; min /
 * median / max over the rounds, and the gaps between one run's end and the next run's start.
 *
 * Run: npx tsx bench/command-start.ts   (prints one JSON object; START_BENCH_ROUNDS=5, START_BENCH_TRIALS=40)
 */
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../src/shared/api'
import { createEngine } from '../src/main/engine/engine'
import { createNodeLauncher } from '../src/main/engine/runs/node-launcher'

const ROUNDS = Number(process.env.START_BENCH_ROUNDS ?? 5)
const TRIALS = Number(process.env.START_BENCH_TRIALS ?? 40)
const run = promisify(execFile)

/** The interpreter itself, not a launcher in front of it (a pyenv shim costs ~1.5 s a start here). */
const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim()

/** The trivial trainers: read x from the environment, print y = x² as one metric, exit. */
const commands = {
  node: [process.execPath, '-e', 'const x = Number(process.env.PARAMSCOPE_PARAM_X); console.log("paramscope: " + JSON.stringify({ step: 1, y: x * x }))'],
  python: [python, '-c', 'import json, os; x = float(os.environ["PARAMSCOPE_PARAM_X"]); print("paramscope: " + json.dumps({"step": 1, "y": x * x}))']
}
type Language = keyof typeof commands

const L = (en: string) => ({ en, 'zh-CN': en })
const stats = (xs: number[], digits = 1) => {
  const s = [...xs].sort((a, b) => a - b)
  const r = (v: number) => Number(v.toFixed(digits))
  return { min: r(s[0]!), median: r(s[Math.floor(s.length / 2)]!), max: r(s.at(-1)!) }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-start-'))
  const engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(import.meta.dirname, '..', 'src', 'main', 'engine', 'trainers', 'entry.ts'),
    maxConcurrentRuns: 1,
    gpus: []
  })
  const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> => engine.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>
  const studyEnded = new Map<number, () => void>()
  engine.events.subscribe((name, payload) => {
    if (name !== 'studies.changed') return
    const id = (payload as { id: number }).id
    const done = studyEnded.get(id)
    if (done) void call('studies.get', { id }).then((s) => s.status !== 'running' && s.status !== 'pending' && done())
  })
  const perTrial: Record<Language, { study: number[]; baseline: number[]; overhead: number[]; gaps: number[]; runs: number[] }> = {
    node: { study: [], baseline: [], overhead: [], gaps: [], runs: [] },
    python: { study: [], baseline: [], overhead: [], gaps: [], runs: [] }
  }
  const problems: string[] = []
  try {
    for (const language of Object.keys(commands) as Language[]) {
      await call('trainers.add', {
        definition: {
          name: `trivial-${language}`,
          label: L(`Trivial ${language}`),
          description: L('Prints one metric and exits'),
          command: commands[language],
          groups: [{ id: 'f', label: L('f') }],
          params: [{ key: 'f.x', group: 'f', type: 'float', default: 0, min: -1, max: 1, label: L('x'), help: L('x') }],
          stopGraceSeconds: 1
        },
        replace: false
      })
    }
    const experimentId = (await call('experiments.create', { name: 'start overhead' })).id

    /** One study of TRIALS trials; its wall time, and its runs' gaps (end → next start) and own times. */
    const viaStudy = async (language: Language, round: number): Promise<number> => {
      let ended!: () => void
      const done = new Promise<void>((r) => (ended = r))
      const t0 = performance.now()
      const study = await call('studies.create', {
        experimentId,
        start: true,
        definition: {
          name: `${language} round ${round}`,
          trainer: `trivial-${language}`,
          space: { params: { 'f.x': { type: 'float', low: -1, high: 1, log: false } } },
          design: { method: 'random', n: TRIALS },
          objective: { metric: 'y', direction: 'min' },
          seed: round + 1,
          concurrency: 1
        }
      })
      studyEnded.set(study.id, ended)
      const now = await call('studies.get', { id: study.id })
      if (now.status !== 'running' && now.status !== 'pending') ended()
      await done
      const wallMs = performance.now() - t0
      studyEnded.delete(study.id)
      const final = await call('studies.get', { id: study.id })
      if (final.counts.finished !== TRIALS) problems.push(`${language} round ${round}: ${JSON.stringify(final.counts)}`)
      const ledger = await call('studies.trials', { id: study.id })
      const runs = await Promise.all(ledger.filter((t) => t.runId !== null).map((t) => call('runs.get', { id: t.runId! })))
      runs.sort((a, b) => a.startedAt! - b.startedAt!)
      perTrial[language].gaps.push(...runs.slice(1).map((r, i) => r.startedAt! - runs[i]!.endedAt!))
      perTrial[language].runs.push(...runs.map((r) => r.endedAt! - r.startedAt!))
      const missing = ledger.filter((t) => t.objective === null).length
      if (missing) problems.push(`${language} round ${round}: ${missing} trials without an objective`)
      return wallMs
    }

    /** The same command TRIALS times in a row, each awaited; wall time. */
    const baseline = async (language: Language): Promise<number> => {
      const [file, ...args] = commands[language]
      const t0 = performance.now()
      for (let i = 0; i < TRIALS; i++) {
        const { stdout } = await run(file!, args, { env: { ...process.env, PARAMSCOPE_PARAM_X: String(Math.random() * 2 - 1) } })
        if (!stdout.startsWith('paramscope: ')) throw new Error(`${language} baseline printed ${JSON.stringify(stdout)}`)
      }
      return performance.now() - t0
    }

    for (let round = 0; round < ROUNDS; round++) {
      for (const language of Object.keys(commands) as Language[]) {
        const order = round % 2 === 0 ? (['baseline', 'study'] as const) : (['study', 'baseline'] as const)
        const ms = { baseline: 0, study: 0 }
        for (const which of order) ms[which] = which === 'baseline' ? await baseline(language) : await viaStudy(language, round)
        perTrial[language].study.push(ms.study / TRIALS)
        perTrial[language].baseline.push(ms.baseline / TRIALS)
        perTrial[language].overhead.push((ms.study - ms.baseline) / TRIALS)
      }
    }
  } finally {
    await engine.close()
    rmSync(dir, { recursive: true, force: true })
  }
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'command-start',
        rounds: ROUNDS,
        trialsPerStudy: TRIALS,
        problems: problems.length === 0 ? 0 : problems,
        perTrialMs: Object.fromEntries(
          Object.entries(perTrial).map(([language, t]) => [
            language,
            {
              study: stats(t.study),
              baseline: stats(t.baseline),
              overhead: stats(t.overhead),
              // Within the studies: from one run's recorded end to the next run's recorded start,
              // and each run's own time (spawn to its end recorded).
              gapBetweenRuns: stats(t.gaps, 0),
              runStartToEnd: stats(t.runs, 0)
            }
          ])
        ),
        context: {
          note: 'overhead = what a trial costs in a study beyond spawning the same command and awaiting it. For scale, measured on the lent H200 machine: `python -c pass` 50–70 ms, `import torch` 4.2–5.2 s, torch + CUDA init 4.4–5.5 s, one nvidia-smi query 20 ms.',
          pythonCPassMs: [50, 70],
          importTorchMs: [4200, 5200],
          torchCudaInitMs: [4400, 5500],
          nvidiaSmiQueryMs: 20
        },
        node: process.version,
        cpus: 'this machine: 2 shared cores',
        loadavg1: +loadavg()[0]!.toFixed(2)
      },
      null,
      2
    )}\n`
  )
  if (problems.length > 0) process.exitCode = 1
}

void main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
