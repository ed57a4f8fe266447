/**
 * `paramscope trainers add|list|export|remove` from the built CLI against a real data folder: a
 * command trainer is registered from YAML, listed beside the built-ins, exported whole, refused a
 * dataset it does not read, run from the CLI to its end, and removed; bad files are refused by field, in both languages.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sample } from '../../engine/command/testing'
import { requireBuilt, runCli } from '../testing'

let dir: string
let data: string
const env = () => ({ ...process.env, PARAMSCOPE_HOME: join(dir, 'never'), PARAMSCOPE_LANG: 'en' })
const paramscope = (...args: string[]) => runCli(['--data', data, ...args], { timeoutMs: 120_000, env: env() })

beforeAll(() => {
  requireBuilt(['cli.js'])
  dir = mkdtempSync(join(tmpdir(), 'paramscope-trainers-cli-'))
  data = join(dir, 'data')
  mkdirSync(join(dir, 'project', 'scripts'), { recursive: true })
  writeFileSync(join(dir, 'project', 'trainer.yaml'), stringifyYaml({ ...sample, cwd: 'scripts' }))
  writeFileSync(join(dir, 'blobs.csv'), 'x,y\n1,0\n2,1\n3,0\n4,1\n')
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope trainers add, list, export, remove', { timeout: 120_000 }, () => {
  it('registers, lists, exports, refuses a dataset for and removes a command trainer', () => {
    const add = paramscope('trainers', 'add', join(dir, 'project', 'trainer.yaml'))
    expect(add.stderr).toBe('')
    expect(add.code).toBe(0)
    expect(add.stdout).toBe('Added command trainer my-script: ${python} train.py ${args} --out=${run_dir}/out --lr2=${param:training.learning_rate}\n')
    expect(existsSync(join(data, 'trainers', 'my-script.yaml'))).toBe(true)

    // A second add needs --replace.
    const again = paramscope('trainers', 'add', join(dir, 'project', 'trainer.yaml'))
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('--replace')
    expect(paramscope('--lang', 'zh-CN', 'trainers', 'add', join(dir, 'project', 'trainer.yaml'), '--replace').stdout).toMatch(/^已替换命令训练器 my-script：/)

    const list = paramscope('trainers', 'list', '--json')
    expect(list.code).toBe(0)
    const trainers = JSON.parse(list.stdout) as { id: string; params: { key: string }[] }[]
    expect(trainers.map((t) => t.id)).toContain('mlp')
    expect(trainers.at(-1)!.id).toBe('my-script')
    expect(trainers.at(-1)!.params.map((p) => p.key)).toEqual(sample.params.map((p) => p.key))
    const table = paramscope('--lang', 'zh-CN', 'trainers', 'list').stdout
    expect(table).toMatch(/my-script\s+命令\s+我的脚本\s+5/)
    expect(table).toMatch(/mlp\s+内置/)

    // Exported whole, defaults written out, the cwd taken from the file's folder.
    const exported = paramscope('trainers', 'export', 'my-script')
    expect(exported.code).toBe(0)
    const back = parseYaml(exported.stdout) as Record<string, unknown>
    expect(back).toMatchObject({ name: 'my-script', command: sample.command, cwd: join(dir, 'project', 'scripts'), stopGraceSeconds: 10, env: sample.env })
    const out = join(dir, 'exported.json')
    expect(paramscope('trainers', 'export', 'my-script', '--out', out).code).toBe(0)
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(back)

    // A command trainer reads its own data: a dataset given is refused, naming the field.
    const withData = paramscope('run', '--trainer', 'my-script', '--dataset', join(dir, 'blobs.csv'))
    expect(withData.code).not.toBe(0)
    expect(withData.stderr).toContain('Trainer my-script is a command trainer: its script reads its own data; leave the dataset out')
    const zh = paramscope('--lang', 'zh-CN', 'run', '--trainer', 'my-script', '--dataset', join(dir, 'blobs.csv'))
    expect(zh.stderr).toContain('训练器 my-script 是命令训练器')
    // A built-in trainer still needs one.
    expect(paramscope('run', '--trainer', 'mlp').code).not.toBe(0)

    expect(paramscope('trainers', 'remove', 'mlp').stderr).toContain('mlp is a built-in trainer')
    const removed = paramscope('trainers', 'remove', 'my-script')
    expect(removed.code).toBe(0)
    expect(removed.stdout).toBe('Removed command trainer my-script\n')
    expect(existsSync(join(data, 'trainers', 'my-script.yaml'))).toBe(false)
    const gone = paramscope('trainers', 'export', 'my-script')
    expect(gone.code).not.toBe(0)
    expect(gone.stderr).toContain('No command trainer named my-script')
  })

  it('runs a registered Node script from the CLI to its end, with its printed metrics', () => {
    const project = join(dir, 'node-project')
    mkdirSync(project, { recursive: true })
    writeFileSync(
      join(project, 'train.js'),
      [
        "const lr = Number(process.argv.find((a) => a.startsWith('--learning_rate=')).split('=')[1])",
        'let loss = 1',
        'for (let step = 1; step <= 5; step++) {',
        '  loss *= 1 - lr',
        '  console.log(`paramscope: ${JSON.stringify({ step, loss })}`)',
        '}'
      ].join('\n')
    )
    const definition = {
      name: 'node-decay',
      label: { en: 'Node decay', 'zh-CN': 'Node 衰减' },
      description: { en: 'A loss that decays', 'zh-CN': '递减的损失' },
      command: ['${node}', 'train.js', '${args}'],
      groups: [{ id: 'training', label: { en: 'Training', 'zh-CN': '训练' } }],
      params: [sample.params[0]]
    }
    writeFileSync(join(project, 'trainer.yaml'), stringifyYaml(definition))
    expect(paramscope('trainers', 'add', join(project, 'trainer.yaml')).code).toBe(0)
    const run = paramscope('run', '--trainer', 'node-decay', '--set', 'training.learning_rate=0.5', '--json')
    expect(run.code).toBe(0)
    // The script never says how many steps it takes: the progress line gives the step alone.
    expect(run.stderr).toContain('finished  step 5\n')
    const shown = JSON.parse(run.stdout) as { id: number; status: string }
    expect(shown.status).toBe('finished')
    const metrics = paramscope('runs', 'metrics', String(shown.id), '--metric', 'loss', '--json')
    expect(metrics.code).toBe(0)
    expect(metrics.stdout).toContain('0.03125')
  })

  it('refuses a bad definition by field, in the chosen language, before opening the data folder', () => {
    const bad = join(dir, 'bad.yaml')
    writeFileSync(bad, stringifyYaml({ ...sample, name: 'mlp', params: sample.params.map((p, i) => (i === 1 ? { ...p, min: 10, max: 5, default: 7 } : p)) }))
    const data2 = join(dir, 'untouched')
    const r = runCli(['--data', data2, 'trainers', 'add', bad], { env: env() })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('name: "mlp" is the name of a built-in trainer')
    expect(r.stderr).toContain('params.1.max: min 10 is above max 5')
    expect(existsSync(data2)).toBe(false)
    const zh = runCli(['--data', data2, '--lang', 'zh-CN', 'trainers', 'add', bad], { env: env() })
    expect(zh.stderr).toContain('params.1.max：最小值 10 大于最大值 5')
    const missing = runCli(['--data', data2, '--lang', 'zh-CN', 'trainers', 'add', join(dir, 'nope.yaml')], { env: env() })
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).not.toContain('ENOENT')
    expect(missing.stderr).toContain(join(dir, 'nope.yaml'))
    expect(existsSync(data2)).toBe(false)
  })
})
