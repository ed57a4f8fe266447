import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError } from '../../../shared/errors'
import { checkCommandTrainer, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import { createTrainersApi } from './trainers-api'
import { createCommandTrainerRegistry } from './registry'
import { sample } from './testing'

const definition = (name: string): CommandTrainerDefinition => {
  const c = checkCommandTrainer({ ...sample, name }, ['mlp'])
  if ('issues' in c) throw new Error(JSON.stringify(c.issues))
  return c.definition
}
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'ps-registry-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

describe('command trainer registry', () => {
  it('keeps one YAML file a trainer and skips a broken one with a line, never a crash', () => {
    const dir = tempDir()
    const warnings: string[] = []
    const registry = createCommandTrainerRegistry(dir, ['mlp'], (l) => warnings.push(l))
    expect(registry.list()).toEqual([])
    expect(registry.add(definition('b-one'), false)).toEqual({ replaced: false })
    expect(registry.add(definition('a-one'), false)).toEqual({ replaced: false })
    expect(() => registry.add(definition('a-one'), false)).toThrow(AppError)
    expect(registry.add(definition('a-one'), true)).toEqual({ replaced: true })
    expect(readdirSync(dir).sort()).toEqual(['a-one.yaml', 'b-one.yaml'])
    writeFileSync(join(dir, 'c-broken.yaml'), 'name: c-broken\ncommand: 3\n')
    writeFileSync(join(dir, 'd-misnamed.yaml'), readdirSync(dir).length ? 'x: [' : '')
    expect(registry.list().map((d) => d.name)).toEqual(['a-one', 'b-one'])
    expect(warnings.some((w) => w.includes('c-broken.yaml') && w.includes('command'))).toBe(true)
    expect(registry.get('a-one')).toEqual(definition('a-one'))
    registry.remove('a-one')
    expect(registry.get('a-one')).toBeUndefined()
    expect(() => registry.remove('a-one')).toThrow(/No command trainer named a-one/)
    expect(() => registry.remove('mlp')).toThrow(/built-in/)
  })

  it('lists command trainers after the built-ins, gives their definitions and refuses to resume their runs', async () => {
    const dir = tempDir()
    const builtin = { id: 'mlp', version: '1', label: { en: 'MLP', 'zh-CN': 'MLP' }, description: { en: '', 'zh-CN': '' }, datasetKinds: ['csv'], groups: [], params: [], metrics: [] }
    const t = createTrainersApi(dir, () => [builtin])
    const added = await t.api['trainers.add']({ definition: { ...sample }, replace: false })
    expect(added.trainer.id).toBe('my-script')
    expect((await t.api['trainers.list']({})).map((x) => x.id)).toEqual(['mlp', 'my-script'])
    expect(t.commandTrainer('mlp')).toBeUndefined()
    expect(t.commandTrainer('my-script')?.command).toEqual(sample.command)
    expect(() => t.refuseResume({ id: 1, trainer: 'mlp' })).not.toThrow()
    expect(() => t.refuseResume({ id: 2, trainer: 'my-script' })).toThrow(/Run 2 is a run of the command trainer my-script, which cannot be resumed/)
    await expect(t.api['trainers.add']({ definition: { ...sample, name: 'mlp' }, replace: true })).rejects.toThrow(/built-in/)
    expect((await t.api['trainers.export']({ name: 'my-script', format: 'json' })).text).toContain('"stopGraceSeconds": 10')
  })
})
