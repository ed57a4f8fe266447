import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml } from 'yaml'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError } from '../../../shared/errors'
import { formatMessage } from '../../../shared/messages'
import { checkCommandTrainer, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import type { Config } from '../../../shared/schemas/params'
import { validateConfig } from '../../../shared/params'
import { trainerDefinitions } from '../trainers/registry'
import { sample } from './testing'
import { buildInvocation, RUN_FILES, whichOnPath } from './invocation'

const run = promisify(execFile)
const builtins = Object.keys(trainerDefinitions)

function define(patch: Record<string, unknown> = {}): CommandTrainerDefinition {
  const checked = checkCommandTrainer({ ...sample, ...patch }, builtins)
  if ('issues' in checked) throw new Error(JSON.stringify(checked.issues))
  return checked.definition
}
const configOf = (d: CommandTrainerDefinition, values: Record<string, unknown> = {}): Config => {
  const { config, issues } = validateConfig({ params: d.params }, values)
  expect(issues).toEqual([])
  return config
}
const fakeWhich = (found: Record<string, string>) => (name: string) => found[name] ?? null
const ctx = { runId: 42, runDir: '/data/runs/42', which: fakeWhich({ python3: '/usr/bin/python3', node: '/opt/node' }) }

describe('buildInvocation', () => {
  it('expands every command macro into whole arguments', () => {
    const d = define({
      command: ['${python}', 'train.py', '${args}', '--out=${run_dir}/out', '--lr=${param:training.learning_rate}', '${args_hydra}', '${args_json}', '${args_json_file}', '${args_yaml_file}', 'id-${run_id}', 'cost=$$5']
    })
    const inv = buildInvocation(d, configOf(d, { 'training.learning_rate': 1e-7, 'training.fp16': true }), ctx)
    expect(inv.file).toBe('/usr/bin/python3')
    const flags = ['--learning_rate=1e-7', '--epochs=3', '--fp16=true', '--optim=adamw', '--run-note=hi']
    const hydra = ['learning_rate=1e-7', 'epochs=3', 'fp16=true', 'optim=adamw', 'run-note=hi']
    const json = { learning_rate: 1e-7, epochs: 3, fp16: true, optim: 'adamw', 'run-note': 'hi' }
    expect(inv.args).toEqual([
      'train.py',
      ...flags,
      '--out=/data/runs/42/out',
      '--lr=1e-7',
      ...hydra,
      JSON.stringify(json),
      join('/data/runs/42', RUN_FILES.configJson),
      join('/data/runs/42', RUN_FILES.configYaml),
      'id-42',
      'cost=$5'
    ])
    expect(inv.cwd).toBe('/data/runs/42')
    expect(inv.files.map((f) => f.path)).toEqual([join('/data/runs/42', RUN_FILES.configJson), join('/data/runs/42', RUN_FILES.configYaml)])
    expect(JSON.parse(inv.files[0]!.content)).toEqual(json)
    expect(parseYaml(inv.files[1]!.content)).toEqual(json)
  })

  it('sets every environment channel, the definition env and the GPU', () => {
    const d = define({ cwd: '${run_dir}/work' })
    const inv = buildInvocation(d, configOf(d, { 'training.epochs': 7 }), { ...ctx, gpuIndex: 2 })
    expect(inv.env).toEqual({
      HF_HUB_OFFLINE: '1',
      OUT: '/data/runs/42/x',
      PARAMSCOPE_PARAM_LEARNING_RATE: '0.001',
      PARAMSCOPE_PARAM_EPOCHS: '7',
      PARAMSCOPE_PARAM_FP16: 'false',
      PARAMSCOPE_PARAM_OPTIM: 'adamw',
      PARAMSCOPE_PARAM_RUN_NOTE: 'hi',
      PARAMSCOPE_CONFIG: join('/data/runs/42', RUN_FILES.configJson),
      PARAMSCOPE_CONFIG_YAML: join('/data/runs/42', RUN_FILES.configYaml),
      PARAMSCOPE_RUN_ID: '42',
      PARAMSCOPE_RUN_DIR: '/data/runs/42',
      PARAMSCOPE_METRICS_FILE: join('/data/runs/42', RUN_FILES.metrics),
      PARAMSCOPE_STOP_FILE: join('/data/runs/42', RUN_FILES.stop),
      CUDA_VISIBLE_DEVICES: '2'
    })
    expect(inv.cwd).toBe('/data/runs/42/work')
    expect(buildInvocation(d, configOf(d), { ...ctx, gpuIndex: null }).env.CUDA_VISIBLE_DEVICES).toBeUndefined()
    expect(buildInvocation(d, configOf(d), { ...ctx, gpuIndex: 0 }).env.CUDA_VISIBLE_DEVICES).toBe('0')
  })

  it('finds python3, then python; says so in both languages when neither is there', () => {
    const d = define()
    expect(buildInvocation(d, configOf(d), { ...ctx, which: fakeWhich({ python: '/bin/python' }) }).file).toBe('/bin/python')
    try {
      buildInvocation(d, configOf(d), { ...ctx, which: fakeWhich({}) })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(AppError)
      const coded = (err as AppError).details!.message!
      expect(coded.code).toBe('commandTrainers.invocation.noPython')
      expect(formatMessage('zh-CN', coded)).toContain('PATH 中既没有 python3 也没有 python')
    }
    const node = define({ command: ['${node}', 'x.js'] })
    expect(buildInvocation(node, configOf(node), ctx).file).toBe('/opt/node')
  })

  it('refuses a value with a NUL character, which no argv can carry', () => {
    const d = define()
    expect(() => buildInvocation(d, { ...configOf(d), 'training.note': 'a\0b' }, ctx)).toThrow(/NUL/)
  })

  it('finds an executable on a PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-which-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n', { mode: 0o755 })
    writeFileSync(join(dir, 'plain'), 'x', { mode: 0o644 })
    expect(whichOnPath('tool', `/nonexistent:${dir}`, [''])).toBe(join(dir, 'tool'))
    if (process.platform !== 'win32') expect(whichOnPath('plain', dir, [''])).toBeNull()
    expect(whichOnPath('nothing-here', dir, [''])).toBeNull()
  })

  it('hands hostile and Unicode values to a real process unchanged, with no shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-inject-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const hostile = ['; rm -rf ~', '$(touch x)', '`touch y`', "'quoted' \"double\" \\back", '* ? [a] ~ | & > z < $HOME', '學習率 🚀 naïve', '  spaced  ', '-n']
    const print = 'process.stdout.write(JSON.stringify({argv: process.argv.slice(1), env: Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith("PARAMSCOPE_")))}))'
    for (const value of hostile) {
      const d = define({ command: ['${node}', '-e', print, '--', '${args}', '${param:training.note}', 'v=${param:training.note}'] })
      const inv = buildInvocation(d, configOf(d, { 'training.note': value }), { runId: 'r1', runDir: dir, which: (n) => (n === 'node' ? process.execPath : null) })
      // Node itself runs the script: process.execPath is node under vitest.
      const { stdout } = await run(inv.file, inv.args, { cwd: inv.cwd, env: { ...process.env, ...inv.env }, shell: false })
      const got = JSON.parse(stdout) as { argv: string[]; env: Record<string, string> }
      expect(got.argv).toEqual(['--learning_rate=0.001', '--epochs=3', '--fp16=false', '--optim=adamw', `--run-note=${value}`, value, `v=${value}`])
      expect(got.env.PARAMSCOPE_PARAM_RUN_NOTE).toBe(value)
      expect(got.env.PARAMSCOPE_RUN_ID).toBe('r1')
      expect(got.env.PARAMSCOPE_PARAM_FP16).toBe('false')
    }
    // Nothing ran: no file x, y or z appeared where the script ran.
    expect(existsSync(join(dir, 'x'))).toBe(false)
    expect(readdirSync(dir)).toEqual([])
    expect(existsSync(join(process.cwd(), 'x'))).toBe(false)
  })

  // A real argparse script reads the flags, the JSON file and the environment alike.
  it.skipIf(!whichOnPath('python3') && !whichOnPath('python'))('reaches an argparse script through all three channels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-python-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const script = [
      'import argparse, json, os, sys',
      'p = argparse.ArgumentParser()',
      'p.add_argument("--learning_rate", type=float); p.add_argument("--epochs", type=int)',
      'p.add_argument("--fp16", type=lambda s: s == "true"); p.add_argument("--optim"); p.add_argument("--run-note")',
      'p.add_argument("--cfg")',
      'a = p.parse_args()',
      'cfg = json.load(open(os.environ["PARAMSCOPE_CONFIG"], encoding="utf-8"))',
      'same = json.load(open(a.cfg, encoding="utf-8")) == cfg',
      'env = {k: v for k, v in os.environ.items() if k.startswith("PARAMSCOPE_PARAM_")}',
      'sys.stdout.buffer.write(json.dumps({"args": vars(a), "cfg": cfg, "same": same, "env": env}).encode("utf-8"))'
    ].join('\n')
    writeFileSync(join(dir, 'train.py'), script)
    const d = define({ command: ['${python}', 'train.py', '${args}', '--cfg=${args_json_file}'], cwd: dir, env: {} })
    const note = '$(touch x); 中文 ✓'
    const inv = buildInvocation(d, configOf(d, { 'training.learning_rate': 2.5e-5, 'training.fp16': true, 'training.note': note }), { runId: 7, runDir: dir })
    for (const f of inv.files) writeFileSync(f.path, f.content)
    const { stdout } = await run(inv.file, inv.args, { cwd: inv.cwd, env: { ...process.env, ...inv.env, PYTHONIOENCODING: 'utf-8' } })
    const got = JSON.parse(stdout) as { args: Record<string, unknown>; cfg: Record<string, unknown>; same: boolean; env: Record<string, string> }
    expect(got.args).toEqual({ learning_rate: 2.5e-5, epochs: 3, fp16: true, optim: 'adamw', run_note: note, cfg: join(dir, RUN_FILES.configJson) })
    expect(got.cfg).toEqual({ learning_rate: 2.5e-5, epochs: 3, fp16: true, optim: 'adamw', 'run-note': note })
    expect(got.same).toBe(true)
    expect(got.env).toMatchObject({ PARAMSCOPE_PARAM_LEARNING_RATE: '0.000025', PARAMSCOPE_PARAM_FP16: 'true', PARAMSCOPE_PARAM_RUN_NOTE: note })
    expect(existsSync(join(dir, 'x'))).toBe(false)
  })
})
