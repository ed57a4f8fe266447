import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AppError } from '../../../shared/errors'
import { formatMessage } from '../../../shared/messages'
import { ParsedLog } from '../../../shared/schemas/metric-files'
import { parseMetricFile } from './metrics/parse-file'
import { chartPoints, createParseLogApi, parseMetricFileInTurns } from './parse-log-api'
import { readdirSync } from 'node:fs'

const fixtures = join(__dirname, 'metrics', 'fixtures')
const parseLog = createParseLogApi()['trainers.parseLog']
const send = (name: string, bytes: Buffer | string) => parseLog({ name, contentBase64: Buffer.from(bytes).toString('base64') })

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

describe('trainers.parseLog', () => {
  it("reads a Hugging Face Trainer's stdout, as the CLI does, with points to draw", async () => {
    const out = ParsedLog.parse(await send('hf-trainer-stdout.txt', readFileSync(join(fixtures, 'hf-trainer-stdout.txt'))))
    expect(out.kind).toBe('log')
    const loss = out.series.find((s) => s.name === 'loss')!
    expect(loss).toMatchObject({ channel: 'hf-log', points: 7, lastValue: 0.6882 })
    expect(loss.chart.values).toHaveLength(7)
    expect(out.series.map((s) => s.name)).toContain('learning_rate')
  })

  it('reads a binary TensorBoard file sent as base64', async () => {
    const out = await send('events.out.tfevents.torch', readFileSync(join(fixtures, 'events.out.tfevents.torch')))
    expect(out.kind).toBe('tensorboard')
    expect(out.series.every((s) => s.channel === 'tensorboard')).toBe(true)
    expect(out.series.length).toBeGreaterThan(0)
    expect(out.warnings).toEqual([])
  })

  it('keeps reading past a corrupt record and says what it skipped, in both languages', async () => {
    const out = await send('events.out.tfevents.corrupted', readFileSync(join(fixtures, 'events.out.tfevents.corrupted')))
    expect(out.series.length).toBeGreaterThan(0)
    expect(out.warnings.length).toBeGreaterThan(0)
    expect(formatMessage('zh-CN', out.warnings[0]!)).toContain('TensorBoard')
  })

  it('sends a diverged last value as text, since JSON has no NaN', async () => {
    const out = await send('train.log', 'step=1 loss=0.5\nstep=2 loss=nan\n')
    const loss = out.series.find((s) => s.name === 'loss')!
    expect(loss.lastValue).toBe('NaN')
    expect(loss.chart).toEqual({ steps: [1], values: [0.5] })
    expect(JSON.parse(JSON.stringify(out))).toEqual(out)
  })

  it('refuses a file over its limit with a coded message naming the limit', async () => {
    const err = await refusal(createParseLogApi(1024 * 1024)['trainers.parseLog']({ name: '/tmp/big.log', contentBase64: Buffer.alloc(2 * 1024 * 1024, 65).toString('base64') }))
    expect(err.code).toBe('INVALID_INPUT')
    expect(err.details?.message).toEqual({ code: 'metrics.parseLog.tooLarge', values: { file: 'big.log', size: 2, limit: 1 } })
    expect(formatMessage('zh-CN', err.details!.message!)).toContain('1 MiB')
    expect(err.details?.issues?.[0]?.field).toBe('contentBase64')
  })

  it('refuses content that is not base64', async () => {
    const err = await refusal(parseLog({ name: 'x.log', contentBase64: 'not base64!' }))
    expect(err.details?.message?.code).toBe('metrics.parseLog.notBase64')
  })
})

describe('parseMetricFileInTurns', () => {
  it('reads every fixture in small slices exactly as parseMetricFile reads it whole', async () => {
    const files = readdirSync(fixtures).filter((f) => !/\.(md|py)$/.test(f))
    expect(files.length).toBeGreaterThan(5)
    for (const file of files) {
      const bytes = readFileSync(join(fixtures, file))
      const whole = parseMetricFile(file, bytes)
      const sliced = await parseMetricFileInTurns(file, bytes, 7)
      expect(sliced.kind, file).toBe(whole.kind)
      expect(sliced.series, file).toEqual(whole.series)
      // The TensorBoard decoder reports a resync that spans slices once per slice; the same records are skipped.
      expect(new Set(sliced.warnings.map((w) => w.code)), file).toEqual(new Set(whole.warnings.map((w) => w.code)))
      expect(await parseMetricFileInTurns(file, bytes), file).toEqual(whole)
    }
    // A multi-byte character cut between slices, and a JSON lines file.
    const text = Buffer.from('step=1 损失=0.5\n{"step": 2, "loss": 0.4}\n')
    expect(await parseMetricFileInTurns('x.log', text, 3)).toEqual(parseMetricFile('x.log', text))
    const jsonl = Buffer.from('{"step": 1, "loss": 0.5}\nnot json\n{"step": 2, "loss": 0.4}\n')
    expect(await parseMetricFileInTurns('m.jsonl', jsonl, 5)).toEqual(parseMetricFile('m.jsonl', jsonl))
  })
})

describe('chartPoints', () => {
  it('thins to the limit, keeps the last point and leaves out non-finite values', () => {
    const points = Array.from({ length: 2500 }, (_, i) => ({ step: i, value: i === 10 ? Infinity : i }))
    const { steps, values } = chartPoints(points, 1000)
    expect(steps.length).toBeLessThanOrEqual(1001)
    expect(steps.at(-1)).toBe(2499)
    expect(values.every(Number.isFinite)).toBe(true)
  })
})
