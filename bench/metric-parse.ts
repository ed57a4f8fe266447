/**
 * How fast a command trainer's metrics are read: lines per second for each stdout format (the
 * `paramscope:` JSON prefix, `name=value` pairs, Hugging Face log dicts) and for tqdm progress
 * lines (read and rejected), fed in 64 KiB chunks as a pipe delivers them; and TensorBoard records
 * per second from the real torch fixture repeated. Formats are timed in interleaved rounds so each
 * sees the same machine load; min / median / max over the rounds.
 * Run: npx tsx bench/metric-parse.ts   (prints one JSON object; METRIC_BENCH_ROUNDS=15, METRIC_BENCH_LINES=50000)
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { LineMetricReader } from '../src/main/engine/command/metrics/line-reader'
import { TfEventsDecoder } from '../src/main/engine/command/metrics/tfevents'

const ROUNDS = Number(process.env.METRIC_BENCH_ROUNDS ?? 15)
const LINES = Number(process.env.METRIC_BENCH_LINES ?? 50_000)
const fixtures = join(__dirname, '../src/main/engine/command/metrics/fixtures')

const formats: Record<string, (i: number) => string> = {
  jsonPrefix: (i) => `paramscope: {"step": ${i}, "loss": ${(1 / (i + 1)).toFixed(6)}, "lr": ${(3e-4 * 0.999 ** i).toExponential(4)}, "acc": ${(i % 100) / 100}}`,
  keyValue: (i) => `epoch: ${Math.floor(i / 1000)} step=${i} loss=${(1 / (i + 1)).toFixed(6)} lr=${(3e-4 * 0.999 ** i).toExponential(4)} acc=${(i % 100) / 100}`,
  hfDict: (i) => `{'loss': '${(1 / (i + 1)).toPrecision(4)}', 'grad_norm': '${(1 + (i % 7) / 3).toPrecision(4)}', 'learning_rate': '${(3e-4 * 0.999 ** i).toPrecision(4)}', 'epoch': '${(i / 1000).toPrecision(4)}'}`,
  tqdmRejected: (i) => ` ${i % 100}%|████▌     | ${i}/${LINES} [00:03<00:04, 12.3it/s, loss=0.53]`
}

/** The text split into 64 KiB chunks, cutting lines as a pipe does. */
const chunked = (text: string): string[] => Array.from({ length: Math.ceil(text.length / 65536) }, (_, k) => text.slice(k * 65536, (k + 1) * 65536))

const inputs = Object.fromEntries(Object.entries(formats).map(([name, line]) => [name, chunked(`${Array.from({ length: LINES }, (_, i) => line(i)).join('\n')}\n`)]))

/** The torch fixture's summary records repeated to about 100,000 records, as one file. */
const torch = readFileSync(join(fixtures, 'events.out.tfevents.torch'))
const REPEAT = Math.ceil(100_000 / 76)
const events = Buffer.concat(Array.from({ length: REPEAT }, () => torch))
const RECORDS = REPEAT * 76

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return { min: Math.round(s[0]!), median: Math.round(s[Math.floor(s.length / 2)]!), max: Math.round(s.at(-1)!) }
}

const rates: Record<string, number[]> = Object.fromEntries([...Object.keys(formats), 'tensorboard'].map((k) => [k, []]))
const points: Record<string, number> = {}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, chunks] of Object.entries(inputs)) {
    const reader = new LineMetricReader('stdout')
    let n = 0
    const t0 = performance.now()
    for (const c of chunks) n += reader.feed(c).length
    n += reader.end().length
    rates[name]!.push(LINES / ((performance.now() - t0) / 1000))
    points[name] = n
  }
  const decoder = new TfEventsDecoder()
  const t0 = performance.now()
  let n = 0
  for (let at = 0; at < events.length; at += 1 << 20) n += decoder.push(events.subarray(at, at + (1 << 20))).points.length
  rates.tensorboard!.push(RECORDS / ((performance.now() - t0) / 1000))
  points.tensorboard = n
}

process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'metric-parse',
      rounds: ROUNDS,
      linesPerFormat: LINES,
      linesPerSecond: Object.fromEntries(Object.keys(formats).map((k) => [k, stats(rates[k]!)])),
      pointsPerRun: points,
      tensorboard: { records: RECORDS, bytes: events.length, recordsPerSecond: stats(rates.tensorboard!) },
      node: process.version,
      loadavg1: +loadavg()[0]!.toFixed(2)
    },
    null,
    2
  )}\n`
)
