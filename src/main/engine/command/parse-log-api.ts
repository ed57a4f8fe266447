import { basename } from 'node:path'
import type { EngineApi } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { base64Length, PARSE_LOG_CHART_POINTS, PARSE_LOG_MAX_BYTES, type MetricValue, type ParsedLogSeries } from '../../../shared/schemas/metric-files'
import { JsonlDecoder } from './metrics/jsonl-reader'
import { LineMetricReader } from './metrics/line-reader'
import { MetricMerger, type MetricSeries } from './metrics/merger'
import { detectKind, parseMetricFile, type ParsedMetricFile } from './metrics/parse-file'
import { TfEventsDecoder } from './metrics/tfevents'

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/
const mib = (bytes: number): number => +(bytes / (1024 * 1024)).toFixed(1)

/** The value as JSON can carry it: NaN and ±Infinity as text. */
const jsonValue = (v: number): MetricValue => (Number.isFinite(v) ? v : (String(v) as 'NaN' | 'Infinity' | '-Infinity'))

/** The finite points of a series, evenly thinned to `max`, the last one always kept. */
export function chartPoints(points: readonly { step: number; value: number }[], max = PARSE_LOG_CHART_POINTS): { steps: number[]; values: number[] } {
  const finite = points.filter((p) => Number.isFinite(p.value))
  const stride = Math.max(1, Math.ceil(finite.length / max))
  const steps: number[] = []
  const values: number[] = []
  for (let i = 0; i < finite.length; i += stride) {
    steps.push(finite[i]!.step)
    values.push(finite[i]!.value)
  }
  const last = finite.at(-1)
  if (last && steps.at(-1) !== last.step) {
    steps.push(last.step)
    values.push(last.value)
  }
  return { steps, values }
}

const CHUNK = 256 * 1024
const nextTurn = (): Promise<void> => new Promise((done) => setImmediate(done))

/**
 * `parseMetricFile` a slice at a time, letting the engine answer other calls between slices:
 * a 30 MiB log takes seconds to read, and the engine serves every window meanwhile. The readers
 * are the streaming ones a run uses, so the result is the same as reading the file whole.
 */
export async function parseMetricFileInTurns(name: string, bytes: Uint8Array, chunk = CHUNK): Promise<ParsedMetricFile> {
  const kind = detectKind(name, bytes)
  // One JSON document: parsed whole (JSON.parse of 32 MiB is a fraction of a second).
  if (kind === 'trainer_state') return parseMetricFile(name, bytes, kind)
  const merger = new MetricMerger()
  const warnings: ParsedMetricFile['warnings'] = []
  if (kind === 'log') {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')
    const reader = new LineMetricReader('stdout')
    for (let at = 0; at < text.length; at += chunk) {
      merger.add(reader.feed(text.slice(at, at + chunk)))
      await nextTurn()
    }
    merger.add(reader.end())
  } else {
    const decoder = kind === 'tensorboard' ? new TfEventsDecoder() : new JsonlDecoder()
    for (let at = 0; at < bytes.length; at += chunk) {
      const r = decoder.push(bytes.subarray(at, at + chunk))
      merger.add(r.points)
      warnings.push(...r.warnings)
      await nextTurn()
    }
    const end = decoder.end()
    if (Array.isArray(end)) warnings.push(...end)
    else {
      merger.add(end.points)
      warnings.push(...end.warnings)
    }
  }
  return { kind, series: merger.series(), warnings }
}

function summary(s: MetricSeries): ParsedLogSeries {
  const last = s.points.at(-1)
  return {
    name: s.name,
    channel: s.channel,
    points: s.points.length,
    firstStep: s.points[0]?.step ?? null,
    lastStep: last?.step ?? null,
    lastValue: last ? jsonValue(last.value) : null,
    dropped: s.dropped,
    chart: chartPoints(s.points)
  }
}

/**
 * `trainers.parseLog`, the window's format tester: the same detection, readers and merger as
 * `paramscope trainers parse-log`, on a file the window sends as base64 (TensorBoard files are
 * binary). The size is checked before decoding, so an oversized file costs no copy; the file is
 * read in turns, so a large one never holds up the engine's other calls.
 */
export function createParseLogApi(maxBytes = PARSE_LOG_MAX_BYTES): Pick<EngineApi, 'trainers.parseLog'> {
  return {
    'trainers.parseLog': async ({ name, contentBase64 }) => {
      const file = basename(name)
      const padding = contentBase64.endsWith('==') ? 2 : contentBase64.endsWith('=') ? 1 : 0
      const size = (contentBase64.length / 4) * 3 - padding
      if (contentBase64.length > base64Length(maxBytes)) {
        const m = msg('metrics.parseLog.tooLarge', { file, size: mib(size), limit: mib(maxBytes) })
        throw AppError.coded('INVALID_INPUT', m, { issues: [codedIssue('contentBase64', m)] })
      }
      if (contentBase64.length % 4 !== 0 || !BASE64.test(contentBase64)) {
        const m = msg('metrics.parseLog.notBase64', { file })
        throw AppError.coded('INVALID_INPUT', m, { issues: [codedIssue('contentBase64', m)] })
      }
      const bytes = Buffer.from(contentBase64, 'base64')
      const parsed = await parseMetricFileInTurns(file, bytes)
      return { name: file, kind: parsed.kind, bytes: bytes.length, series: parsed.series.map(summary), warnings: parsed.warnings }
    }
  }
}
