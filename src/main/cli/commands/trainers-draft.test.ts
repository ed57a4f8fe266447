/**
 * `paramscope trainers draft -- CMD ARG...` from the built CLI with real python3 scripts: the YAML
 * on stdout (whole through a late pipe, past 64 KiB), into --out, registered by `trainers add`, and
 * its refusals in both languages.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { whichOnPath } from '../../engine/command/invocation'
import { requireBuilt, runCli, runCliThroughPipe, runCliToFile } from '../testing'

const fixtures = resolve(__dirname, '../../engine/command/draft/fixtures')
const python = whichOnPath('python3') ?? whichOnPath('python')
let dir: string
const env = (lang = 'en') => ({ ...process.env, PARAMSCOPE_HOME: join(dir, 'home'), PARAMSCOPE_LANG: lang })
const paramscope = (args: string[], lang = 'en') => runCli(args, { timeoutMs: 60000, env: env(lang) })

/** A script with so many options that its draft is far past a pipe's 64 KiB. */
const wide = `import argparse
p = argparse.ArgumentParser(formatter_class=argparse.ArgumentDefaultsHelpFormatter)
for i in range(400):
    p.add_argument(f"--knob_{i}", type=float, default=i / 8, help=f"knob number {i}, " + "which a long help text explains at length " * 3)
p.parse_args()
`

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-draft-cli-'))
  writeFileSync(join(dir, 'wide.py'), wide)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.skipIf(!python || process.platform === 'win32')('paramscope trainers draft', { timeout: 120000 }, () => {
  it('prints the draft of an argparse script as YAML that trainers add registers', () => {
    const r = paramscope(['trainers', 'draft', '--cwd', fixtures, '--', python!, 'argparse_train.py'])
    expect(r.code, r.stderr).toBe(0)
    const d = parseYaml(r.stdout) as { name: string; cwd: string; command: string[]; params: { key: string }[] }
    expect(d).toMatchObject({ name: 'argparse-train', cwd: fixtures, command: [python, 'argparse_train.py', '${args}'] })
    expect(d.params.map((p) => p.key)).toContain('params.lr')
    expect(r.stdout).toMatch(/^# Drafted by ParamScope/)

    const file = join(dir, 'drafted.yaml')
    const written = paramscope(['trainers', 'draft', '--name', 'drafted', '--cwd', fixtures, '--out', file, '--', python!, 'argparse_train.py'])
    expect(written.code, written.stderr).toBe(0)
    expect(written.stdout).toBe('')
    expect(written.stderr).toBe(`paramscope: Wrote the draft of drafted (9 parameters, argparse) to ${file}\n`)
    expect(readFileSync(file, 'utf8')).toBe(r.stdout.replace('name: argparse-train', 'name: drafted').replace(/en: argparse-train, zh-CN: argparse-train/, 'en: drafted, zh-CN: drafted'))
    const added = paramscope(['trainers', 'add', file])
    expect(added.code, added.stderr).toBe(0)
    const listed = paramscope(['trainers', 'list', '--json'])
    expect((JSON.parse(listed.stdout) as { id: string; params: unknown[] }[]).find((t) => t.id === 'drafted')?.params).toHaveLength(9)
  })

  it('prints a draft past 64 KiB whole into a late pipe, byte for byte as into a file', async () => {
    const args = ['trainers', 'draft', '--cwd', dir, '--', python!, 'wide.py']
    const piped = await runCliThroughPipe(args, { env: env() })
    const filed = runCliToFile(args, { env: env() })
    expect(piped.code, piped.stderr).toBe(0)
    expect(filed.stdout.length).toBeGreaterThan(65536)
    expect(piped.stdout.equals(filed.stdout)).toBe(true)
    expect((parseYaml(piped.stdout.toString()) as { params: unknown[] }).params).toHaveLength(400)
  })

  it('says what it needs and what failed, in English and Chinese', () => {
    const none = paramscope(['trainers', 'draft'])
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/^paramscope: trainers draft needs the command after --/)
    expect(paramscope(['trainers', 'draft', '--'], 'zh-CN').stderr).toMatch(/^paramscope: trainers draft 需要在 -- 之后给出命令/)
    const missing = paramscope(['trainers', 'draft', '--cwd', dir, '--', join(dir, 'no-such-program')], 'zh-CN')
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/无法运行 .*no-such-program 来读取它的 --help/)
    const json = paramscope(['trainers', 'draft', '--cwd', dir, '--out', join(dir, 'x.txt'), '--', python!, 'wide.py'])
    expect(json.stderr).toMatch(/x\.txt: use a \.json, \.yaml or \.yml file/)
  })
})
