import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError, type FieldIssue } from '../../../shared/errors'
import { formatMessage } from '../../../shared/messages'
import { commandTrainerInfo, paramEnvName, parseTemplate } from '../../../shared/schemas/command-trainers'
import { TrainerInfo } from '../../../shared/schemas/params'
import { trainerDefinitions } from '../trainers/registry'
import { commandTrainerText, parseCommandTrainerText, readCommandTrainerFile } from './definition'
import { sample } from './testing'

const builtins = Object.keys(trainerDefinitions)

function issuesOf(value: unknown): FieldIssue[] {
  try {
    parseCommandTrainerText(JSON.stringify(value), 'json', 'def.json', builtins)
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return ((err as AppError).details?.issues ?? []) as FieldIssue[]
  }
  throw new Error('expected the definition to be refused')
}
const fields = (issues: FieldIssue[]) => issues.map((i) => i.field)
const withParam = (i: number, patch: Record<string, unknown>) => ({ ...sample, params: sample.params.map((p, j) => (j === i ? { ...p, ...patch } : p)) })

describe('command trainer definitions', () => {
  it('reads a YAML file, fills defaults and takes a relative cwd from the file folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-cmd-'))
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
    const file = join(dir, 'trainer.yaml')
    writeFileSync(file, commandTrainerText({ ...sample, cwd: 'scripts' } as never, 'yaml'))
    const d = readCommandTrainerFile(file, builtins)
    expect(d.cwd).toBe(join(dir, 'scripts'))
    expect(d.stopGraceSeconds).toBe(10)
    expect(d.version).toBe('1')
    expect(d.metrics).toEqual([])
    // No cwd: the file's folder.
    writeFileSync(file, commandTrainerText(sample as never, 'yaml'))
    expect(readCommandTrainerFile(file, builtins).cwd).toBe(dir)
    // Its trainer info is a valid TrainerInfo without the arg names.
    const info = TrainerInfo.parse(commandTrainerInfo(d))
    expect(info.id).toBe('my-script')
    expect(info.params.map((p) => p.key)).toContain('training.note')
    expect(JSON.stringify(info)).not.toContain('run-note')
  })

  it('names every structural problem by field, coded and worded in both languages', () => {
    const bad = { ...sample, name: 'My Script', label: { en: 'x' }, params: [...sample.params, { ...sample.params[0], type: 'decimal' }], extra: 1 }
    const issues = issuesOf(bad)
    expect(fields(issues).sort()).toEqual(['extra', 'label.zh-CN', 'name', 'params.5.type'].sort())
    for (const i of issues) expect(i.rule).toMatch(/^commandTrainers\.problems\./)
    const name = issues.find((i) => i.field === 'name')!
    expect(name.message).toContain('"My Script"')
    expect(formatMessage('zh-CN', { code: name.rule!, values: name.values })).toContain('应匹配')
    expect(issues.find((i) => i.field === 'label.zh-CN')!.message).toBe('is required')
  })

  it('checks bounds, defaults, groups, names and collisions against the schema', () => {
    expect(fields(issuesOf(withParam(1, { min: 10, max: 5 })))).toContain('params.1.max')
    const def = issuesOf(withParam(1, { default: 500 }))
    expect(fields(def)).toEqual(['params.1.default'])
    expect(def[0]!.message).toBe('the default must be ≤ 100 (got 500)')
    expect(formatMessage('zh-CN', { code: def[0]!.rule!, values: def[0]!.values })).toMatch(/^默认值/)
    expect(fields(issuesOf(withParam(3, { default: 'adam' })))).toEqual(['params.3.default'])
    expect(fields(issuesOf(withParam(0, { min: undefined })))).toEqual(['params.0.min'])
    expect(fields(issuesOf(withParam(2, { group: 'model' })))).toEqual(['params.2.group'])
    expect(fields(issuesOf(withParam(2, { key: 'training.epochs' })))).toEqual(['params.2.key', 'params.2.key'])
    // `run-note` and `run_note` would share PARAMSCOPE_PARAM_RUN_NOTE.
    const env = issuesOf(withParam(2, { arg: 'run_note' }))
    expect(fields(env)).toEqual(['params.4.arg'])
    expect(env[0]!.message).toContain('PARAMSCOPE_PARAM_RUN_NOTE')
    expect(fields(issuesOf({ ...sample, name: 'mlp' }))).toEqual(['name'])
  })

  it('checks macros where they stand', () => {
    const issues = issuesOf({
      ...sample,
      command: ['', 'x${args}', '${argz}', '${param:training.nope}', '$${not a macro}', '${run_dir'],
      cwd: '${args}',
      env: { 'BAD-NAME': '1', PARAMSCOPE_RUN_ID: '2', CUDA_VISIBLE_DEVICES: '0', OK: '${python}' }
    })
    expect(issues.map((i) => `${i.field} ${i.rule!.split('.').pop()}`)).toEqual([
      'command.0 programEmpty',
      'command.1 wholeArgument',
      'command.2 unknownMacro',
      'command.3 unknownParam',
      'command.5 unknownMacro',
      'cwd notHere',
      'env.BAD-NAME envName',
      'env.PARAMSCOPE_RUN_ID envReserved',
      'env.CUDA_VISIBLE_DEVICES envReserved',
      'env.OK notHere'
    ])
    expect(parseTemplate('a$$b${run_id}')).toEqual([{ text: 'a$b' }, { macro: 'run_id' }])
  })

  it('says which file failed to parse, in both languages', () => {
    try {
      parseCommandTrainerText('name: [', 'yaml', 'bad.yaml', builtins)
      expect.unreachable()
    } catch (err) {
      const coded = (err as AppError).details?.message
      expect(coded?.code).toBe('commandTrainers.notParsed')
      expect(formatMessage('zh-CN', coded!)).toMatch(/^bad\.yaml：不是有效的 YAML/)
    }
  })

  it('maps parameter names to environment variables', () => {
    expect(paramEnvName({ key: 'training.learning_rate' })).toBe('PARAMSCOPE_PARAM_LEARNING_RATE')
    expect(paramEnvName({ key: 'a.b', arg: 'model.hidden-size' })).toBe('PARAMSCOPE_PARAM_MODEL_HIDDEN_SIZE')
  })
})
