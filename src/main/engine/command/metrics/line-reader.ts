/**
 * Metrics from a trainer's stdout or stderr, with no SDK. A line is read in one of three ways,
 * first match wins (the rules are in README.md beside this file):
 *
 * 1. `paramscope: {JSON}` — the prefix `paramscope:` then one JSON object, `{"step": 10, "loss": 0.4}`
 *    (at the start of the line or after a space: a launcher may put its own prefix before it),
 *    or `{"name": "loss", "value": 0.4, "step": 10}`. Channel: the stream.
 * 2. A dict on a line of its own, as a Hugging Face `Trainer` prints every `logging_steps`
 *    (`{'loss': 1.94, 'learning_rate': 3.8e-05, 'epoch': 0.68}`). Channel: `hf-log`.
 * 3. A line made only of `name=value` / `name: value` pairs (`epoch: 1 step=20 loss=0.3`).
 *    Channel: the stream.
 *
 * Anything else (progress bars, log sentences, URLs) yields nothing.
 */
import { parseJsonOrLiteral, type PyValue } from './python-literal'
import { isMetricNumber, StepCounter, type MetricChannel, type MetricPoint } from './types'

/** The prefix of a JSON metric line: our name and a colon, then a JSON object. */
export const jsonLinePrefix = 'paramscope:'
const jsonPrefixAt = /(?:^|\s)paramscope:\s*\{/

/** Longer lines are not read (nor kept waiting for their end). */
const maxLine = 1 << 20

/** Keys that name the step (or a clock) rather than a series. */
const stepKeys = new Set(['step', 'global_step'])
const clockKeys = new Set(['timestamp', 'time', 'wall_time', '_timestamp', '_runtime', '_step'])

const ansi = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*\x07/g
const number = String.raw`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf|infinity)`
const pairPattern = new RegExp(String.raw`([A-Za-z_][\w./-]*)(?:\s*=\s*|:\s+|:(?=[-+.\d]))(${number})(?=$|[\s,;|])`, 'giy')
/** What may stand between pairs: spaces, commas, semicolons, pipes and Keras' ` - `. */
const between = /[\s,;|]*(?:-\s+)?[\s,;|]*/y
const progress = /\d+(\.\d+)?\s*(it\/s|s\/it)\b|\d+%\|/

/** The metrics of one object: `{"name", "value", "step"?}` or `{"step"?, name: value, …}`. */
export function pointsOfObject(obj: Record<string, PyValue>, channel: MetricChannel, stepOf: (name: string) => number): MetricPoint[] {
  const given = [obj.step, obj.global_step].find((s) => typeof s === 'number' && Number.isFinite(s)) as number | undefined
  if (typeof obj.name === 'string' && isMetricNumber(obj.value)) {
    return [{ name: obj.name, value: obj.value, step: given ?? stepOf(obj.name), channel }]
  }
  const out: MetricPoint[] = []
  for (const [name, value] of Object.entries(obj)) {
    if (stepKeys.has(name) || clockKeys.has(name) || !isMetricNumber(value)) continue
    out.push({ name, value, step: given ?? stepOf(name), channel })
  }
  return out
}

function parsePairs(line: string): [string, number][] | undefined {
  const pairs: [string, number][] = []
  let at = 0
  while (at < line.length) {
    between.lastIndex = at
    at += between.exec(line)![0].length
    if (at >= line.length) break
    pairPattern.lastIndex = at
    const m = pairPattern.exec(line)
    if (!m) return undefined
    pairs.push([m[1]!, toNumber(m[2]!)])
    at = pairPattern.lastIndex
  }
  return pairs.length > 0 ? pairs : undefined
}

const wholeNumber = new RegExp(`^(?:${number})$`, 'i')

/** A number written as text ('0.6927', 'nan') as that number; anything else as it is. */
function numericText(v: PyValue): PyValue {
  if (typeof v !== 'string' || !wholeNumber.test(v.trim())) return v
  return toNumber(v.trim())
}

/** A number as the pattern above matched it; nan and inf in any case. */
function toNumber(text: string): number {
  const t = text.toLowerCase()
  if (t.endsWith('nan')) return NaN
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity
  return Number(t)
}

function asObject(v: PyValue | undefined): Record<string, PyValue> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined
}

function tryLiteral(text: string): Record<string, PyValue> | undefined {
  try {
    return asObject(parseJsonOrLiteral(text))
  } catch {
    return undefined
  }
}

/**
 * Reads one stream line by line. Feed it chunks as they arrive; a line is read once its newline
 * comes (or at `end()`). A carriage return redraws a line, so only the text after the last `\r`
 * of a line counts — what a terminal would show.
 */
export class LineMetricReader {
  private rest = ''
  private readonly counter = new StepCounter()
  /** The step a `step` value set; later lines without one stay at it. */
  private step: number | undefined
  /** Hugging Face log dicts seen: their step when the dict carries none (see README.md). */
  private hfLogs = 0

  constructor(readonly channel: 'stdout' | 'stderr') {}

  feed(chunk: string): MetricPoint[] {
    const text = this.rest + chunk
    const lines = text.split('\n')
    this.rest = lines.pop()!
    // A progress bar redraws with \r and no newline for a long time: keep only its last drawing
    // (but a final \r may be the first half of a \r\n).
    const cr = this.rest.lastIndexOf('\r', this.rest.length - 2)
    if (cr >= 0) this.rest = this.rest.slice(cr + 1)
    // A stream with no newline for a megabyte is not printing metrics: drop what it has, not memory.
    if (this.rest.length > maxLine) this.rest = ''
    return lines.flatMap((l) => this.line(l))
  }

  end(): MetricPoint[] {
    const last = this.rest
    this.rest = ''
    return last ? this.line(last) : []
  }

  /** The metrics of one complete line. */
  line(raw: string): MetricPoint[] {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    const line = text.slice(text.lastIndexOf('\r') + 1).replace(ansi, '').trim()
    if (line.length === 0 || line.length > maxLine) return []
    // The prefix may follow a launcher's own (`[rank0]: paramscope: {…}` under torchrun).
    const prefixed = jsonPrefixAt.exec(line)
    if (prefixed) return this.jsonLine(line.slice(prefixed.index + prefixed[0].length - 1))
    if (line.startsWith('{') && line.endsWith('}')) return this.dictLine(line)
    if (progress.test(line) || line.includes('://')) return []
    return this.pairLine(line)
  }

  private stepOf = (name: string): number => this.step ?? this.counter.next(name)

  private jsonLine(text: string): MetricPoint[] {
    const obj = tryLiteral(text)
    if (!obj) return []
    this.noteStep(obj.step ?? obj.global_step)
    return pointsOfObject(obj, this.channel, this.stepOf)
  }

  private dictLine(text: string): MetricPoint[] {
    const parsed = tryLiteral(text)
    if (!parsed) return []
    // transformers ≥ 4.47 prints floats as text to 4 significant digits: '0.6927'.
    const obj = Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, numericText(v)]))
    if (!Object.values(obj).some(isMetricNumber)) return []
    const given = [obj.step, obj.global_step].find((s) => typeof s === 'number' && Number.isFinite(s)) as number | undefined
    // Evaluation and the closing summary belong to the step of the last training log.
    const isTraining = !Object.keys(obj).some((k) => k.startsWith('eval_') || k.startsWith('test_') || k === 'train_runtime')
    if (isTraining) this.hfLogs++
    const step = given ?? this.hfLogs
    return pointsOfObject(obj, 'hf-log', () => step)
  }

  private pairLine(line: string): MetricPoint[] {
    const pairs = parsePairs(line)
    if (!pairs) return []
    const stepPair = pairs.find(([k]) => stepKeys.has(k.toLowerCase()))
    if (stepPair) this.noteStep(stepPair[1])
    return pairs
      .filter(([k]) => !stepKeys.has(k.toLowerCase()))
      .map(([name, value]) => ({ name, value, step: this.stepOf(name), channel: this.channel }))
  }

  private noteStep(v: PyValue | undefined): void {
    if (typeof v === 'number' && Number.isFinite(v)) this.step = v
  }
}
