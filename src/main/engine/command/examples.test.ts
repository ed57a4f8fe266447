/**
 * The example command trainers in resources/trainers: every definition is read without a problem,
 * and the Node, Python and test-function examples run as real processes from the argv and
 * environment `buildInvocation` gives (no shell, no launcher), their output read by the same
 * metric readers a run uses.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { paramArg, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import type { Config } from '../../../shared/schemas/params'
import { trainerDefinitions } from '../trainers/registry'
import { readCommandTrainerFile } from './definition'
import { buildInvocation, whichOnPath, type Invocation } from './invocation'
import { RunMetricsCollector } from './metrics/collector'
import { parseMetricFile } from './metrics/parse-file'
import type { MetricSeries } from './metrics/merger'

const root = join(__dirname, '..', '..', '..', '..')
const examplesDir = join(root, 'resources', 'trainers')
const examples = ['node-quadratic', 'python-logreg', 'ishigami', 'hf-lora']
const builtins = Object.keys(trainerDefinitions)
const python = whichOnPath('python3') ?? whichOnPath('python')

const read = (name: string): CommandTrainerDefinition => readCommandTrainerFile(join(examplesDir, name, 'trainer.yaml'), builtins)
const defaults = (d: CommandTrainerDefinition): Config => Object.fromEntries(d.params.map((p) => [p.key, p.default]))

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-examples-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

interface Finished {
  code: number | null
  stdout: string
  stderr: string
  series: Record<string, MetricSeries>
}

/** Writes the invocation's files, spawns it with no shell, and feeds every channel to a collector. */
async function launch(invocation: Invocation, runDir: string): Promise<Finished> {
  for (const f of invocation.files) writeFileSync(f.path, f.content)
  const collector = new RunMetricsCollector({ runDir, metricsFile: invocation.metricsFile })
  const child = spawn(invocation.file, invocation.args, { cwd: invocation.cwd, env: { ...process.env, ...invocation.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d
    collector.stdout(d)
  })
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d
    collector.stderr(d)
  })
  const polled = setInterval(() => collector.poll(), 50)
  const code = await new Promise<number | null>((ok, fail) => {
    child.on('error', fail)
    child.on('close', ok)
  })
  clearInterval(polled)
  expect(collector.finish().warnings).toEqual([])
  return { code, stdout, stderr, series: Object.fromEntries(collector.series().map((s) => [s.name, s])) }
}

async function runExample(name: string, patch: Config = {}): Promise<Finished & { definition: CommandTrainerDefinition; config: Config }> {
  const definition = read(name)
  const config = { ...defaults(definition), ...patch }
  const runDir = join(dir, 'run')
  mkdirSync(runDir, { recursive: true })
  const finished = await launch(buildInvocation(definition, config, { runId: 41, runDir }), runDir)
  expect(finished.stderr).toBe('')
  expect(finished.code).toBe(0)
  return { ...finished, definition, config }
}

/** The values as the script knows them (by ARG), from a `received {json}` line it printed. */
function received(stdout: string): Record<string, unknown> {
  const line = stdout.split('\n').find((l) => l.startsWith('received '))
  expect(line).toBeDefined()
  return JSON.parse(line!.slice('received '.length)) as Record<string, unknown>
}
const byArg = (d: CommandTrainerDefinition, config: Config) => Object.fromEntries(d.params.map((p) => [paramArg(p), config[p.key]]))
const values = (s: MetricSeries | undefined) => s!.points.map((p) => p.value)

describe('example trainers in resources/trainers', () => {
  it('are every folder there, each with a definition the reader takes without a problem', () => {
    const folders = readdirSync(examplesDir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name)
    expect(folders.sort()).toEqual([...examples].sort())
    for (const name of examples) {
      const d = read(name)
      expect(d.name).toBe(name)
      // No cwd in the file: the script is found beside its definition.
      expect(d.cwd).toBe(join(examplesDir, name))
      expect(existsSync(join(d.cwd!, d.command[1]!))).toBe(true)
      expect(d.params.length).toBeGreaterThan(0)
      // Every text whole in both languages: a comma in an unquoted YAML flow mapping would cut it short.
      for (const p of d.params) {
        for (const text of [p.label, p.help]) {
          expect(text.en.trim(), `${name} ${p.key}`).not.toBe('')
          expect(text['zh-CN'].trim(), `${name} ${p.key}`).not.toBe('')
        }
        expect(p.help.en, `${name} ${p.key}`).toMatch(/\.$/)
        expect(p.help['zh-CN'], `${name} ${p.key}`).toMatch(/。$/)
      }
      expect(d.description.en).toMatch(/\.$/)
      expect(d.description['zh-CN']).toMatch(/。$/)
    }
  })

  it('ship unpacked from the archive, so python and node can open the scripts', () => {
    const config = parseYaml(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { files: string[]; asarUnpack?: string[] }
    expect(config.files).toContain('resources/**')
    expect(config.asarUnpack).toContain('resources/trainers/**')
  })

  it('node-quadratic gets every parameter as --key=value and its loss falls', async () => {
    const patch = { 'optimizer.lr': 0.03, 'optimizer.momentum': 0.5, 'optimizer.steps': 40, 'problem.noise': 0.05, 'problem.condition': 5, 'problem.seed': 7 }
    const { stdout, series, definition, config } = await runExample('node-quadratic', patch)
    expect(received(stdout)).toEqual(byArg(definition, config))
    expect(stdout).toContain('run 41\n')
    expect(series.loss!.channel).toBe('stdout')
    expect(series.loss!.points.map((p) => p.step)).toEqual(Array.from({ length: 41 }, (_, i) => i))
    const loss = values(series.loss)
    expect(loss.at(-1)!).toBeLessThan(loss[0]! / 20)
    // The same seed, the same run.
    rmSync(join(dir, 'run'), { recursive: true })
    expect(values((await runExample('node-quadratic', patch)).series.loss)).toEqual(loss)
  })

  it('node-quadratic reports a diverging loss and fails with a message', async () => {
    const definition = read('node-quadratic')
    const runDir = join(dir, 'run')
    mkdirSync(runDir)
    const { code, stderr, series } = await launch(buildInvocation(definition, { ...defaults(definition), 'optimizer.lr': 1, 'problem.condition': 1000 }, { runId: 1, runDir }), runDir)
    expect(code).toBe(1)
    expect(stderr).toMatch(/diverged; lower --lr/)
    expect(values(series.loss).at(-1)).toBe(Infinity)
  })

  describe.skipIf(!python)(`python-logreg${python ? '' : ' (skipped: neither python3 nor python is on PATH)'}`, () => {
    it('learns from its generated data: val/accuracy above 0.8 with the default parameters', async () => {
      const { stdout, series, definition, config } = await runExample('python-logreg')
      // Read from the JSON file in PARAMSCOPE_CONFIG.
      expect(received(stdout)).toEqual(byArg(definition, config))
      for (const name of ['train/loss', 'train/accuracy', 'val/loss', 'val/accuracy', 'epoch']) {
        expect(series[name], name).toMatchObject({ channel: 'stdout' })
        // Epoch 0 (before any step) and 10 epochs of 50 steps (800 training rows, batches of 16).
        expect(series[name]!.points.map((p) => p.step)).toEqual(Array.from({ length: 11 }, (_, i) => i * 50))
      }
      const acc = values(series['val/accuracy'])
      expect(acc[0]).toBeLessThan(0.65)
      expect(acc.at(-1)).toBeGreaterThan(0.8)
      const loss = values(series['train/loss'])
      expect(loss[0]).toBeCloseTo(Math.log(2), 5)
      expect(loss.at(-1)).toBeLessThan(0.4)
      // Every step also went to PARAMSCOPE_METRICS_FILE.
      expect(series['train/batch_loss']).toMatchObject({ channel: 'jsonl' })
      expect(series['train/batch_loss']!.points.map((p) => p.step)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1))
      expect(series.weight_norm!.points).toHaveLength(500)
    })

    it('takes other parameters from the same file', async () => {
      const { stdout, series, definition, config } = await runExample('python-logreg', { 'training.epochs': 2, 'training.batch_size': 100, 'data.samples': 500, 'data.seed': 3 })
      expect(received(stdout)).toEqual(byArg(definition, config))
      // 400 training rows in batches of 100: 4 steps an epoch.
      expect(series['val/accuracy']!.points.map((p) => p.step)).toEqual([0, 4, 8])
      expect(series['train/batch_loss']!.points).toHaveLength(8)
    })
  })

  describe('ishigami', () => {
    const ishigami = (x1: number, x2: number, x3: number, a = 7, b = 0.1) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1)
    const points: [number, number, number][] = [
      [0.5, -1.2, 2.9],
      [-Math.PI, Math.PI / 2, -Math.PI],
      [2.2, 0.3, -0.7]
    ]
    for (const [x1, x2, x3] of points) {
      it(`reports y = Ishigami(${x1.toFixed(3)}, ${x2.toFixed(3)}, ${x3.toFixed(3)}) once, at step 1`, async () => {
        const { series } = await runExample('ishigami', { 'ishigami.x1': x1, 'ishigami.x2': x2, 'ishigami.x3': x3 })
        expect(Object.keys(series)).toEqual(['y'])
        expect(series.y!.channel).toBe('stdout')
        expect(series.y!.points).toHaveLength(1)
        expect(series.y!.points[0]!.step).toBe(1)
        expect(series.y!.points[0]!.value).toBeCloseTo(ishigami(x1, x2, x3), 12)
      })
    }

    it('reports the Sobol G function when asked', async () => {
      const u = [0.1, 0.8, 0.35, 0.95]
      const a = [0, 1, 4.5, 9]
      const { series } = await runExample('ishigami', { 'function.function': 'sobol-g', ...Object.fromEntries(u.map((v, i) => [`sobol_g.u${i + 1}`, v])) })
      const g = u.reduce((prod, ui, i) => prod * ((Math.abs(4 * ui - 2) + a[i]!) / (1 + a[i]!)), 1)
      expect(series.y!.points).toEqual([{ step: 1, value: expect.closeTo(g, 12) as number }])
    })
  })

  it('hf-lora passes every parameter as a flag its HfArgumentParser knows', () => {
    const definition = read('hf-lora')
    const runDir = join(dir, 'run')
    const inv = buildInvocation(definition, defaults(definition), { runId: 1, runDir, which: (n) => `/usr/bin/${n}` })
    expect(inv.file).toBe('/usr/bin/python3')
    expect(inv.args).toEqual(expect.arrayContaining(['train.py', '--learning_rate=0.002', '--lora_r=8', '--lora_alpha=16', '--lora_dropout=0.05', '--num_train_epochs=5', '--per_device_train_batch_size=8', '--seed=42', '--model_name_or_path=', `--output_dir=${join(runDir, 'out')}`]))
    // ScriptArguments fields in the script; the rest are TrainingArguments.
    const script = readFileSync(join(examplesDir, 'hf-lora', 'train.py'), 'utf8')
    const trainingArguments = ['learning_rate', 'num_train_epochs', 'per_device_train_batch_size', 'seed']
    for (const p of definition.params) {
      const arg = paramArg(p)
      if (!trainingArguments.includes(arg)) expect(script, arg).toMatch(new RegExp(`^    ${arg}: `, 'm'))
    }
  })

  it('hf-lora: what its real run printed and saved (sample-output/) gives falling loss curves', () => {
    const at = (file: string) => join(examplesDir, 'hf-lora', 'sample-output', file)
    const printed = parseMetricFile('stdout.txt', readFileSync(at('stdout.txt')))
    expect(printed.kind).toBe('log')
    const out = Object.fromEntries(printed.series.map((s) => [s.name, s]))
    expect(out.loss).toMatchObject({ channel: 'hf-log' })
    expect(out.loss!.points.map((p) => p.step)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1))
    // Evaluations take the count of the training log before them.
    expect(out.eval_loss!.points.map((p) => p.step)).toEqual([2, 4, 6, 8, 11])
    const evalLoss = values(out.eval_loss)
    expect(evalLoss.at(-1)).toBeLessThan(evalLoss[0]! - 0.1)
    expect(out.train_loss!.points).toHaveLength(1)

    const saved = parseMetricFile('trainer_state.json', readFileSync(at('trainer_state.json')))
    expect(saved.kind).toBe('trainer_state')
    const state = Object.fromEntries(saved.series.map((s) => [s.name, s]))
    expect(state.eval_loss!.points.map((p) => p.step)).toEqual([11, 22, 33, 44, 55])
    expect(state.eval_loss!.points[0]!.value).toBeCloseTo(evalLoss[0]!, 3)
    expect(state.loss!.points.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55])
  })
})
