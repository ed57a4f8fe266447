import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { formatMessage } from '../../../../shared/messages'
import { tailJsonl, TrainerStateTail } from './file-tail'
import { JsonlDecoder } from './jsonl-reader'
import { MetricMerger } from './merger'
import { detectKind, parseMetricFile } from './parse-file'
import { parseTrainerState } from './trainer-state'

const fixtures = join(__dirname, 'fixtures')
let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-metrics-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the JSON-lines metrics file', () => {
  it('reads both line forms as the file grows, waiting for a line cut mid-write', () => {
    const path = join(dir, 'metrics.jsonl')
    const tail = tailJsonl(path)
    expect(tail.poll().points).toEqual([])
    writeFileSync(path, '{"step": 1, "loss": 0.9, "acc": 0.5, "time": 17e8}\n{"name": "val/loss", "va')
    expect(tail.poll().points).toEqual([
      { name: 'loss', value: 0.9, step: 1, channel: 'jsonl' },
      { name: 'acc', value: 0.5, step: 1, channel: 'jsonl' }
    ])
    appendFileSync(path, 'lue": 1.1, "step": 1}\n{"loss": NaN}\nnot json\n')
    const r = tail.poll()
    expect(r.points.slice(0, 1)).toEqual([{ name: 'val/loss', value: 1.1, step: 1, channel: 'jsonl' }])
    expect(r.points[1]).toMatchObject({ name: 'loss', step: 0 })
    expect(r.points[1]!.value).toBeNaN()
    expect(r.warnings).toHaveLength(1)
    expect(formatMessage('en', r.warnings[0]!)).toBe(`${path}: line 4: not a JSON object; skipped`)
    expect(formatMessage('zh-CN', r.warnings[0]!)).toBe(`${path}：第 4 行：不是 JSON 对象；已跳过`)
    appendFileSync(path, '{"step": 2, "loss": 0.7}')
    expect(tail.poll().points).toEqual([])
    expect(tail.finish().points).toEqual([{ name: 'loss', value: 0.7, step: 2, channel: 'jsonl' }])
  })

  it('drops a line that grows past 8 MiB with no end instead of holding it', () => {
    const d = new JsonlDecoder()
    const r = d.push(Buffer.alloc(9 << 20, 0x61))
    expect(r.warnings).toEqual([{ code: 'metrics.jsonlLongLine', values: { bytes: 9 << 20 } }])
    expect(d.push(Buffer.from('aaa\n{"step": 1, "x": 2}\n')).points).toEqual([{ name: 'x', value: 2, step: 1, channel: 'jsonl' }])
  })

  it('starts again when the file is replaced by a shorter one', () => {
    const path = join(dir, 'm.jsonl')
    writeFileSync(path, '{"step": 1, "loss": 0.9}\n{"step": 2, "loss": 0.8}\n')
    const tail = tailJsonl(path)
    expect(tail.poll().points).toHaveLength(2)
    writeFileSync(path, '{"step": 1, "x": 1}\n')
    expect(tail.poll().points).toEqual([{ name: 'x', value: 1, step: 1, channel: 'jsonl' }])
  })
})

describe('trainer_state.json', () => {
  it('reads a real log_history by HF global step', () => {
    const points = parseTrainerState(readFileSync(join(fixtures, 'trainer_state.json'), 'utf8'))
    const loss = points.filter((p) => p.name === 'loss')
    expect(loss.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30, 35])
    expect(loss[0]!.value).toBeCloseTo(0.6927176475524902, 15)
    expect(points.filter((p) => p.name === 'eval_loss').map((p) => p.step)).toEqual([12, 24, 36])
    expect(points.find((p) => p.name === 'train_loss')).toMatchObject({ step: 36, channel: 'trainer_state' })
  })

  it('re-reads the file when it changes, giving only points not seen, and survives a half-written file', () => {
    const path = join(dir, 'trainer_state.json')
    const tail = new TrainerStateTail(path)
    expect(tail.poll().points).toEqual([])
    writeFileSync(path, JSON.stringify({ log_history: [{ loss: 1, step: 5 }] }))
    expect(tail.poll().points).toEqual([{ name: 'loss', value: 1, step: 5, channel: 'trainer_state' }])
    expect(tail.poll().points).toEqual([])
    writeFileSync(path, '{"log_history": [{"loss": 1, "st')
    expect(tail.poll()).toEqual({ points: [], warnings: [] })
    writeFileSync(path, JSON.stringify({ log_history: [{ loss: 1, step: 5 }, { loss: 0.5, step: 10 }, { eval_loss: NaN, step: 10 }] }).replace('null', 'NaN'))
    const r = tail.poll()
    expect(r.points.map((p) => [p.name, p.step])).toEqual([['loss', 10], ['eval_loss', 10]])
    expect(r.points[1]!.value).toBeNaN()
  })
})

describe('the merger', () => {
  it('keeps one point per (name, step), the series belonging to the first channel that fed it', () => {
    const m = new MetricMerger()
    const kept = m.add([
      { name: 'loss', step: 1, value: 0.9, channel: 'hf-log' },
      { name: 'loss', step: 1, value: 0.8, channel: 'hf-log' },
      { name: 'loss', step: 5, value: 0.7, channel: 'trainer_state' },
      { name: 'acc', step: 5, value: 0.6, channel: 'tensorboard' },
      { name: 'loss', step: 2, value: 0.5, channel: 'hf-log' }
    ])
    expect(kept.map((p) => p.value)).toEqual([0.9, 0.6, 0.5])
    expect(m.series()).toEqual([
      { name: 'loss', channel: 'hf-log', points: [{ step: 1, value: 0.9 }, { step: 2, value: 0.5 }], dropped: 2 },
      { name: 'acc', channel: 'tensorboard', points: [{ step: 5, value: 0.6 }], dropped: 0 }
    ])
  })
})

describe('detecting a metrics file', () => {
  it('tells each real fixture by its bytes, whatever its name', () => {
    const kinds = Object.fromEntries(
      ['hf-trainer-stdout.txt', 'trainer_state.json', 'events.out.tfevents.torch', 'events.out.tfevents.tbx'].map((f) => [f, detectKind('renamed', readFileSync(join(fixtures, f)))])
    )
    expect(kinds).toEqual({ 'hf-trainer-stdout.txt': 'log', 'trainer_state.json': 'trainer_state', 'events.out.tfevents.torch': 'tensorboard', 'events.out.tfevents.tbx': 'tensorboard' })
    expect(detectKind('m.txt', Buffer.from('{"step": 1, "loss": 0.5}\n{"step": 2, "loss": 0.4}\n'))).toBe('jsonl')
    expect(detectKind('m.jsonl', Buffer.from(''))).toBe('jsonl')
    expect(parseMetricFile('x', Buffer.from('step=1 loss=2\n')).series).toEqual([{ name: 'loss', channel: 'stdout', points: [{ step: 1, value: 2 }], dropped: 0 }])
  })

  it('reads a file of 200,000 bad lines, naming each, rather than overflowing the stack', () => {
    const text = Array.from({ length: 300_000 }, (_, i) => (i % 3 === 0 ? `{"step": ${i}, "loss": 0.5}` : 'not json')).join('\n')
    const parsed = parseMetricFile('big.jsonl', Buffer.from(`${text}\nlast bad line`))
    expect(parsed.series[0]!.points).toHaveLength(100_000)
    expect(parsed.warnings).toHaveLength(200_001)
  })
})
