/**
 * One run's channels together, fed by a real child process that prints metrics and writes the
 * metrics file, a checkpoint's trainer_state.json and a TensorBoard file under its run folder.
 */
import { spawn } from 'node:child_process'
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findMetricFiles, RunMetricsCollector } from './collector'

const fixtures = join(__dirname, 'fixtures')
let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'paramscope-collector-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const script = `
const fs = require('node:fs'), path = require('node:path')
const [runDir, metricsFile] = process.argv.slice(1)
console.log('step=1 loss=0.9')
console.log('paramscope: {"step": 2, "loss": 0.8}')
process.stderr.write('INFO: lr=0.1 is deprecated\\n 50%|#####     | 1/2 [00:01<00:01, 1.0it/s]\\rval_acc: 0.7\\n')
fs.writeFileSync(metricsFile, '{"step": 2, "tokens": 512}\\n{"name": "tokens", "value": 1024, "st')
setTimeout(() => {
  fs.appendFileSync(metricsFile, 'ep": 3}\\n')
  process.stdout.write("{'eval_accuracy': 0.75, 'epoch': 1.0}")
}, 150)
`

describe('RunMetricsCollector', () => {
  it('merges stdout, stderr, the metrics file, trainer_state.json and TensorBoard files of a real process', async () => {
    const runDir = join(dir, 'run')
    mkdirSync(join(runDir, 'checkpoint-12'), { recursive: true })
    mkdirSync(join(runDir, 'runs', 'Dec04'), { recursive: true })
    const metricsFile = join(runDir, 'metrics.jsonl')
    const collector = new RunMetricsCollector({ runDir, metricsFile })
    const child = spawn(process.execPath, ['-e', script, runDir, metricsFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    let copied = false
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      collector.stdout(d)
      // The checkpoint and the event file appear once the script has printed, as in a real run.
      if (copied) return
      copied = true
      copyFileSync(join(fixtures, 'trainer_state.json'), join(runDir, 'checkpoint-12', 'trainer_state.json'))
      copyFileSync(join(fixtures, 'events.out.tfevents.tbx'), join(runDir, 'runs', 'Dec04', 'events.out.tfevents.1.host'))
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => collector.stderr(d))
    const polled = setInterval(() => collector.poll(), 20)
    await new Promise((ok) => child.on('close', ok))
    clearInterval(polled)
    const end = collector.finish()
    expect(end.warnings).toEqual([])
    const series = Object.fromEntries(collector.series().map((s) => [s.name, s]))
    expect(series.loss).toMatchObject({ channel: 'stdout', points: [{ step: 1, value: 0.9 }, { step: 2, value: 0.8 }] })
    expect(series.val_acc).toMatchObject({ channel: 'stderr', points: [{ step: 0, value: 0.7 }] })
    expect(series.tokens).toMatchObject({ channel: 'jsonl', points: [{ step: 2, value: 512 }, { step: 3, value: 1024 }] })
    // The last stdout line had no newline: read when the process ended.
    expect(series.eval_accuracy).toMatchObject({ channel: 'hf-log', points: [{ step: 0, value: 0.75 }] })
    expect(series.grad_norm).toMatchObject({ channel: 'trainer_state' })
    expect(series.grad_norm!.points.map((p) => p.step)).toEqual([5, 10, 15, 20, 25, 30, 35])
    // `loss` came from stdout first: trainer_state's own `loss` points were dropped, not mixed in.
    expect(series.loss!.dropped).toBe(7 + 10)
    // The tensorboardX file's `loss` lost to stdout's too; its `lr` is its own.
    expect(series.lr).toMatchObject({ channel: 'tensorboard' })
    expect(series.lr!.points).toHaveLength(10)
  })

  it('keeps every point of a metrics file that gained 300,000 points and as many bad lines between two polls', () => {
    // A chatty script writes faster than the one-second poll: one read returns them all, and
    // spreading that many into push() overflowed the call stack (RangeError) and lost the batch.
    const runDir = join(dir, 'run')
    mkdirSync(runDir)
    const metricsFile = join(runDir, 'metrics.jsonl')
    const collector = new RunMetricsCollector({ runDir, metricsFile })
    writeFileSync(metricsFile, '')
    expect(collector.poll().points).toEqual([])
    const n = 150_000
    appendFileSync(metricsFile, Array.from({ length: n }, (_, i) => `{"step": ${i}, "loss": ${1 / (i + 1)}, "acc": 0.5}\nnot json\n`).join(''))
    const read = collector.poll()
    expect(read.points).toHaveLength(2 * n)
    expect(read.warnings).toHaveLength(n)
    expect(read.points.filter((p) => p.name === 'loss').map((p) => p.step)).toEqual(Array.from({ length: n }, (_, i) => i))
    // The same on the last read, when the process has exited.
    appendFileSync(metricsFile, Array.from({ length: n }, (_, i) => `{"step": ${n + i}, "loss": 0.1}\n`).join(''))
    expect(collector.finish().points).toHaveLength(n)
    expect(collector.series().find((s) => s.name === 'loss')!.points).toHaveLength(2 * n)
  })

  it('finds metric files under the run folder, not past four levels', () => {
    const deep = join(dir, 'a', 'b', 'c', 'd', 'e')
    mkdirSync(deep, { recursive: true })
    copyFileSync(join(fixtures, 'trainer_state.json'), join(dir, 'a', 'trainer_state.json'))
    copyFileSync(join(fixtures, 'events.out.tfevents.tbx'), join(dir, 'a', 'b', 'events.out.tfevents.9'))
    copyFileSync(join(fixtures, 'trainer_state.json'), join(deep, 'trainer_state.json'))
    expect(findMetricFiles(dir)).toEqual({ trainerStates: [join(dir, 'a', 'trainer_state.json')], eventFiles: [join(dir, 'a', 'b', 'events.out.tfevents.9')] })
    expect(findMetricFiles(join(dir, 'missing'))).toEqual({ trainerStates: [], eventFiles: [] })
  })
})
