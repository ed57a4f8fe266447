/** The built `paramscope` in both languages: `--lang`, the environment's locale, refusals and the run log. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'

let dir: string
let data: string
let csv: string

/** The environment of a user whose locale is `lang`, nothing else saying otherwise. */
const envWith = (lang: string): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang }
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'PARAMSCOPE_LANG']) delete env[name]
  return env
}
const inEnglish = envWith('C.UTF-8')
const paramscope = (args: string[], env = inEnglish) => runCli(['--data', data, ...args], { env })

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-lang-'))
  data = join(dir, 'home')
  csv = join(dir, 'fruit.csv')
  // A categorical column and gaps, so the run log says how it encoded and filled them.
  const regions = ['north', 'south', 'east', 'west']
  const rows = Array.from({ length: 80 }, (_, i) => `${regions[i % 4]},${i % 10 === 3 ? '' : (i % 7) + 0.5},${i % 2 === 0 ? 'sweet' : 'sour'}`)
  writeFileSync(csv, `region,sugar,taste\n${rows.join('\n')}\n`)
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope in the chosen language', () => {
  it('words a refusal in Chinese with --lang zh-CN or a zh_CN locale, in English otherwise', () => {
    const args = ['run', '--trainer', 'mlp', '--dataset', csv, '--set', 'data.target=nope']
    const english = paramscope(args)
    expect(english.code).toBe(2)
    expect(english.stderr).toContain('paramscope: The run was not started: data.target: column "nope" is not in the header of fruit.csv (columns: region, sugar, taste)')

    const flag = paramscope([...args, '--lang', 'zh-CN'])
    expect(flag.code).toBe(2)
    expect(flag.stderr).toContain('paramscope: 运行未开始：data.target：列“nope”不在 fruit.csv 的表头中（现有列：region, sugar, taste）')

    const locale = paramscope(args, envWith('zh_CN.UTF-8'))
    expect(locale.stderr).toBe(flag.stderr)
    // --lang wins over the locale.
    expect(paramscope([...args, '--lang=en'], envWith('zh_CN.UTF-8')).stderr).toBe(english.stderr)
  })

  it('words its own argument errors and refuses a language it does not have, by name', () => {
    const unknown = paramscope(['frobnicate', '--lang', 'zh-CN'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/^paramscope: 未知命令“frobnicate”\n\nUsage: paramscope/)
    expect(paramscope(['runs', 'show', 'x'], envWith('zh_CN.UTF-8')).stderr).toBe('paramscope: 运行 id：应为正整数（当前为 x）\n')
    expect(paramscope(['trainers', '--bogus', '--lang', 'zh-CN']).stderr).toBe('paramscope: 未知选项 --bogus；paramscope --help 列出了所有选项\n')
    const french = paramscope(['trainers', '--lang', 'fr'])
    expect(french.code).toBe(2)
    expect(french.stderr).toBe('paramscope: --lang fr: expected en or zh-CN\n')
    expect(paramscope(['analyze', '--lang', 'zh-CN']).stderr).toBe('paramscope: 必须给出 --target：结果列（对运行而言是指标名称）\n')
  })

  it("prints a run's log with its coded lines in the chosen language", () => {
    const r = paramscope(['run', '--trainer', 'mlp', '--dataset', csv, '--set', 'data.target=taste', '--set', 'training.epochs=1', '--set', 'data.batch_size=8', '--json', '--lang', 'zh-CN'])
    expect(r.code).toBe(0)
    // Its progress in Chinese; --json stays the same data in any language.
    expect(r.stderr).toMatch(/^运行 \d+ 已完成  第 (\d+)\/\1 步（100%）/m)
    expect(JSON.parse(r.stdout)).toMatchObject({ status: 'finished' })
    const { id } = JSON.parse(r.stdout) as { id: number }
    const english = paramscope(['runs', 'log', String(id)])
    expect(english.code).toBe(0)
    expect(english.stdout).toContain('region: one-hot, 4 levels\n')
    expect(english.stdout).toContain('sugar: 8 missing, median ')
    expect(english.stdout).toContain('[paramscope] run finished\n')
    expect(english.stdout).not.toContain('\u001f')
    expect(paramscope(['runs', 'show', String(id), '--lang', 'zh-CN']).stdout).toMatch(new RegExp(`^运行 ${id}  mlp-\\d+  \\[已完成\\]\\n训练器 mlp `))
    const chinese = paramscope(['runs', 'log', String(id), '--lang', 'zh-CN'])
    expect(chinese.stdout).toContain('region：独热编码，4 个水平\n')
    expect(chinese.stdout).toMatch(/sugar：缺失 8 个，用中位数 [\d.]+ 填充\n/)
    expect(chinese.stdout).toContain('[paramscope] 运行已完成\n')
  })
})
