/**
 * `paramscope trainers parse-log` from the built CLI, on the real-library fixtures: the series each
 * file yields, in both languages, through a process and through a late pipe; needs no data folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli, runCliThroughPipe } from '../testing'

const fixtures = resolve(__dirname, '../../engine/command/metrics/fixtures')
let dir: string
const env = () => ({ ...process.env, PARAMSCOPE_HOME: join(dir, 'never'), PARAMSCOPE_LANG: 'en' })
const paramscope = (...args: string[]) => runCli(args, { timeoutMs: 30000, env: env() })

interface Summary {
  kind: string
  series: { name: string; channel: string; points: number; firstStep: number; lastStep: number; lastValue: number | string; dropped: number }[]
  warnings: { code: string; message: string }[]
}

beforeAll(() => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-parse-log-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope trainers parse-log', { timeout: 60000 }, () => {
  it('lists the series of a Hugging Face stdout log, a trainer_state.json and an events file', () => {
    const json = (file: string): Summary => {
      const r = paramscope('trainers', 'parse-log', join(fixtures, file), '--json')
      expect(r.code, r.stderr).toBe(0)
      return JSON.parse(r.stdout) as Summary
    }
    const log = json('hf-trainer-stdout.txt')
    expect(log.kind).toBe('log')
    expect(log.series.find((s) => s.name === 'loss')).toEqual({ name: 'loss', channel: 'hf-log', points: 7, firstStep: 1, lastStep: 7, lastValue: 0.6882, dropped: 0 })
    const state = json('trainer_state.json')
    expect(state.kind).toBe('trainer_state')
    expect(state.series.find((s) => s.name === 'eval_loss')).toMatchObject({ channel: 'trainer_state', points: 3, firstStep: 12, lastStep: 36 })
    const tb = json('events.out.tfevents.tbx')
    expect(tb.series.map((s) => [s.name, s.channel, s.points])).toEqual([['loss', 'tensorboard', 10], ['lr', 'tensorboard', 10]])
    expect(existsSync(join(dir, 'never'))).toBe(false)
  })

  it('prints a table in the chosen language, and what it skipped on stderr', () => {
    const en = paramscope('trainers', 'parse-log', join(fixtures, 'events.out.tfevents.corrupted'))
    expect(en.code, en.stderr).toBe(0)
    expect(en.stdout).toMatch(/read as a TensorBoard events file, 4 series/)
    expect(en.stdout).toMatch(/series\s+channel\s+points\s+first step\s+last step\s+last value/)
    expect(en.stdout).toMatch(/tensor\/double\s+tensorboard\s+10\s+0\s+45\s+0\.45/)
    expect(en.stderr).toMatch(/TensorBoard record at byte \d+: its \d+ bytes of data fail their checksum; skipped/)
    const zh = paramscope('--lang', 'zh-CN', 'trainers', 'parse-log', join(fixtures, 'events.out.tfevents.truncated'))
    expect(zh.code, zh.stderr).toBe(0)
    expect(zh.stdout).toMatch(/按TensorBoard 事件文件读取，4 个序列/)
    expect(zh.stdout).toMatch(/序列\s+通道\s+点数/)
    expect(zh.stderr).toMatch(/TensorBoard 文件在第 4097 字节处的记录中途结束（19 字节）；未读取/)
  })

  it('says when a file yields nothing, and refuses a missing file naming it', () => {
    const plain = join(dir, 'plain.txt')
    writeFileSync(plain, 'Downloading https://x.org/?a=1\nINFO: lr=0.1 is deprecated\n')
    const r = paramscope('trainers', 'parse-log', plain)
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${plain}: read as a stdout log; no metric series found\n`)
    const missing = paramscope('trainers', 'parse-log', join(dir, 'nope.log'))
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`${join(dir, 'nope.log')}: the file does not exist`)
    const help = paramscope('trainers', 'parse-log', '--help')
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/paramscope: \{"step": 10, "loss": 0\.4\}/)
    const none = paramscope('trainers', 'parse-log')
    expect(none.code).toBe(2)
    expect(none.stderr).toMatch(/trainers parse-log needs a FILE/)
  })

  it.skipIf(process.platform === 'win32')('writes a big result whole into a late pipe', async () => {
    const big = join(dir, 'big.jsonl')
    const names = Array.from({ length: 3000 }, (_, i) => `metric_${i}`)
    writeFileSync(big, `${JSON.stringify({ step: 1, ...Object.fromEntries(names.map((n, i) => [n, i])) })}\n`)
    const piped = await runCliThroughPipe(['trainers', 'parse-log', big, '--json'], { env: env() })
    expect(piped.code, piped.stderr).toBe(0)
    expect(piped.stdout.length).toBeGreaterThan(65536)
    const out = JSON.parse(piped.stdout.toString()) as Summary
    expect(out.kind).toBe('jsonl')
    expect(out.series.map((s) => s.name)).toEqual(names)
    expect(readFileSync(big, 'utf8').length).toBeGreaterThan(0)
  })
})
