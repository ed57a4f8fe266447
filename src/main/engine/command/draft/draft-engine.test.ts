/**
 * `trainers.draft` under the whole engine with real python3 scripts: the draft of an argparse
 * script registers as it is and runs, the script getting the values of the run's config.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import type { Run } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { formatMessage } from '../../../../shared/messages'
import { createEngine } from '../../engine'
import { createNodeLauncher } from '../../runs/node-launcher'
import type { Engine } from '../../types'
import { whichOnPath } from '../invocation'
import { runHelp } from './run-help'

const python = whichOnPath('python3') ?? whichOnPath('python')
/** The Hugging Face example imports torch, transformers and peft before it reads its flags. */
const hasHfStack = python !== null && spawnSync(python, ['-c', 'import torch, transformers, peft'], { stdio: 'ignore' }).status === 0

/** A user's script: argparse flags, and the values it got printed as a metric line. */
const script = `
import argparse, json
p = argparse.ArgumentParser(formatter_class=argparse.ArgumentDefaultsHelpFormatter)
p.add_argument("--learning-rate", type=float, default=0.01, help="step size")
p.add_argument("--epochs", type=int, default=3, help="passes")
p.add_argument("--optimizer", choices=["adam", "sgd"], default="adam", help="update rule")
p.add_argument("--note", default="hello", help="free text")
p.add_argument("--verbose", action="store_true", help="say more")
p.add_argument("--output_dir", default="out", help="where to write")
a = p.parse_args()
print("paramscope: " + json.dumps({"step": 1, "got_lr": a.learning_rate, "got_epochs": a.epochs, "got_sgd": 1 if a.optimizer == "sgd" else 0, "got_note_len": len(a.note)}))
`

let dir: string
let work: string
let engine: Engine

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-draft-'))
  work = join(dir, 'work')
  mkdirSync(work)
  writeFileSync(join(work, 'train.py'), script)
  writeFileSync(join(work, 'crash.py'), 'import sys\nprint("Traceback: no module named torch", file=sys.stderr)\nsys.exit(1)\n')
  writeFileSync(join(work, 'slow.py'), 'import time\ntime.sleep(30)\n')
  engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', '..', 'trainers', 'entry.ts'), gpus: [] })
})

afterAll(async () => {
  await engine?.close()
  rmSync(dir, { recursive: true, force: true })
})

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 1000 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20))
}

describe.skipIf(!python)('trainers.draft with a real python3 script', () => {
  it('drafts a definition that registers as it is and runs with the config’s values', async () => {
    const draft = await engine.api['trainers.draft']({ command: ['${python}', 'train.py'], cwd: work })
    expect(draft).toMatchObject({ style: 'argparse', params: 4 })
    const definition = parseYaml(draft.text) as Record<string, unknown>
    expect(definition).toMatchObject({ name: 'train', cwd: work, command: ['${python}', 'train.py', '${args}'] })
    expect(draft.text).toMatch(/--verbose/)
    expect(draft.text).toMatch(/--output_dir/)
    const { trainer } = await engine.api['trainers.add']({ definition, replace: false })
    expect(trainer.params.map((p) => [p.key, p.type, p.default])).toEqual([
      ['params.learning_rate', 'float', 0.01],
      ['params.epochs', 'int', 3],
      ['params.optimizer', 'choice', 'adam'],
      ['params.note', 'string', 'hello']
    ])
    const experiment = await engine.api['experiments.create']({ name: 'drafted', description: '' })
    const note = 'a b; $(touch x)'
    const run = await engine.api['runs.start']({
      experimentId: experiment.id,
      trainer: 'train',
      config: { 'params.learning_rate': 0.25, 'params.epochs': 7, 'params.optimizer': 'sgd', 'params.note': note }
    })
    let ended!: Run
    await until(async () => {
      ended = await engine.api['runs.get']({ id: run.id })
      return !['queued', 'running'].includes(ended.status)
    })
    expect(ended.status, ended.statusMessage ?? '').toBe('finished')
    const metrics = await engine.api['runs.metrics']({ id: run.id })
    expect(metrics.got_lr!.values).toEqual([0.25])
    expect(metrics.got_epochs!.values).toEqual([7])
    expect(metrics.got_sgd!.values).toEqual([1])
    expect(metrics.got_note_len!.values).toEqual([note.length])
  })

  it('drafts from a script that fails, saying how it ended', async () => {
    const draft = await engine.api['trainers.draft']({ command: ['${python}', 'crash.py'], cwd: work, name: 'crashy' })
    expect(draft).toMatchObject({ style: 'unknown', params: 0 })
    expect(draft.text).toMatch(/# The command exited with code 1; its last output: Traceback: no module named torch/)
    expect(parseYaml(draft.text)).toMatchObject({ name: 'crashy', command: ['${python}', 'crash.py', '${args}'] })
  })

  it('refuses a program that cannot start, a missing folder and a help that never ends, naming the program', async () => {
    const missing = await engine.api['trainers.draft']({ command: [join(work, 'no-such-program')], cwd: work }).catch((e: unknown) => e)
    expect(missing).toBeInstanceOf(AppError)
    expect((missing as AppError).code).toBe('INVALID_INPUT')
    expect(formatMessage('en', (missing as AppError).details!.message!)).toMatch(/^Could not run .*no-such-program to read its --help: .*ENOENT/)
    expect(formatMessage('zh-CN', (missing as AppError).details!.message!)).toMatch(/^无法运行 .*no-such-program 来读取它的 --help/)
    await expect(engine.api['trainers.draft']({ command: ['${python}', 'train.py'], cwd: join(work, 'nowhere') })).rejects.toThrow(/nowhere to run \$\{python\} in does not exist/)
    const slow = await runHelp([python!, 'slow.py'], { cwd: work, timeoutMs: 300 }).catch((e: unknown) => e)
    expect((slow as AppError).code).toBe('INVALID_INPUT')
    expect((slow as AppError).message).toMatch(/--help did not finish within \d+ s/)
    expect((slow as AppError).message).toContain(python!)
  })
})

describe.skipIf(!hasHfStack)('trainers.draft of the Hugging Face example', () => {
  it('reads resources/trainers/hf-lora/train.py as HfArgumentParser help', { timeout: 60000 }, async () => {
    const cwd = join(__dirname, '..', '..', '..', '..', '..', 'resources', 'trainers', 'hf-lora')
    const draft = await engine.api['trainers.draft']({ command: ['${python}', 'train.py'], cwd })
    expect(draft.style).toBe('hf')
    const d = parseYaml(draft.text) as { params: { key: string }[] }
    expect(d.params.map((p) => p.key)).toEqual(expect.arrayContaining(['script.lora_r', 'script.lora_alpha', 'optimizer.learning_rate', 'schedule.num_train_epochs']))
  })
})
