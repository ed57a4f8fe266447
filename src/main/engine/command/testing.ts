import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createEngine } from '../engine'
import { createNodeLauncher } from '../runs/node-launcher'
import type { Engine, EngineOptions } from '../types'

/** A command trainer definition for tests: every parameter type, macros in command and env. */
const L = (en: string, zh = en) => ({ en, 'zh-CN': zh })

export const sample = {
  name: 'my-script',
  label: L('My script', '我的脚本'),
  description: L('A script', '一个脚本'),
  command: ['${python}', 'train.py', '${args}', '--out=${run_dir}/out', '--lr2=${param:training.learning_rate}'],
  env: { HF_HUB_OFFLINE: '1', OUT: '${run_dir}/x' },
  groups: [{ id: 'training', label: L('Training', '训练') }],
  params: [
    { key: 'training.learning_rate', group: 'training', type: 'float', default: 0.001, min: 0, minExclusive: true, log: true, label: L('lr'), help: L('step size') },
    { key: 'training.epochs', group: 'training', type: 'int', default: 3, min: 1, max: 100, label: L('epochs'), help: L('passes') },
    { key: 'training.fp16', group: 'training', type: 'bool', default: false, label: L('fp16'), help: L('half') },
    { key: 'training.optim', group: 'training', type: 'choice', default: 'adamw', choices: [{ value: 'adamw', label: L('AdamW') }, { value: 'sgd', label: L('SGD') }], label: L('opt'), help: L('opt') },
    { key: 'training.note', group: 'training', type: 'string', default: 'hi', arg: 'run-note', label: L('note'), help: L('note') }
  ]
}

/**
 * A real engine for command trainer tests: a temporary folder with the engine's data in `home`
 * and the given scripts (file name → text) in `work`, where a test's trainer command finds them.
 */
export async function engineWithScripts(prefix: string, scripts: Record<string, string>, options: Partial<EngineOptions> = {}): Promise<{ dir: string; work: string; engine: Engine }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const work = join(dir, 'work')
  mkdirSync(work)
  for (const [name, text] of Object.entries(scripts)) writeFileSync(join(work, name), text)
  const engine = await createEngine({
    dataDir: join(dir, 'home'),
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
    gpus: [],
    ...options
  })
  return { dir, work, engine }
}

/** Whether a process runs: a zombie (dead, not yet reaped by whoever adopted it) does not. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return process.platform !== 'linux'
  }
}
