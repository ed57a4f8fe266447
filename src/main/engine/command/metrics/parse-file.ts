/**
 * A whole metrics file read at once, for the format tester (`paramscope trainers parse-log`):
 * the kind is detected from the name and the bytes, then the file goes through the same reader
 * and merger a run uses.
 */
import { basename } from 'node:path'
import type { CodedMessage } from '../../../../shared/messages'
import { maskedCrc32c } from './crc32c'
import { JsonlDecoder } from './jsonl-reader'
import { LineMetricReader } from './line-reader'
import { MetricMerger, type MetricSeries } from './merger'
import { TfEventsDecoder } from './tfevents'
import { TrainerStateReader } from './trainer-state'

export type MetricFileKind = 'log' | 'jsonl' | 'trainer_state' | 'tensorboard'
export const metricFileKinds: readonly MetricFileKind[] = ['log', 'jsonl', 'trainer_state', 'tensorboard']

export interface ParsedMetricFile {
  kind: MetricFileKind
  series: MetricSeries[]
  warnings: CodedMessage[]
}

const isTfRecordStart = (b: Uint8Array): boolean => b.length >= 12 && new DataView(b.buffer, b.byteOffset).getUint32(8, true) === maskedCrc32c(b, 0, 8)

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text.replace(/\bNaN\b|-?\bInfinity\b/g, '0'))
    return typeof v === 'object' && v !== null && !Array.isArray(v)
  } catch {
    return false
  }
}

/** Which reader a file needs: by its name first, then by its first bytes. */
export function detectKind(name: string, bytes: Uint8Array): MetricFileKind {
  const base = basename(name)
  if (base.includes('tfevents') || isTfRecordStart(bytes)) return 'tensorboard'
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1 << 20)).toString('utf8')
  if (/^\s*\{/.test(text) && /"log_history"\s*:/.test(text)) return 'trainer_state'
  if (/\.(jsonl|ndjson)$/i.test(base)) return 'jsonl'
  const lines = text.split('\n').filter((l) => l.trim()).slice(0, 20)
  if (lines.length > 0 && lines.every((l, i) => isJsonObject(l) || (i === lines.length - 1 && text.length === 1 << 20))) return 'jsonl'
  return 'log'
}

/** The series of a whole file of `kind` (detected when not given). */
export function parseMetricFile(name: string, bytes: Uint8Array, kind: MetricFileKind = detectKind(name, bytes)): ParsedMetricFile {
  const merger = new MetricMerger()
  // A broken file can name hundreds of thousands of bad lines: more than push(...all) can spread.
  const warnings: CodedMessage[] = []
  const warn = (ws: readonly CodedMessage[]) => {
    for (const w of ws) warnings.push(w)
  }
  if (kind === 'tensorboard') {
    const d = new TfEventsDecoder()
    const r = d.push(bytes)
    merger.add(r.points)
    warn(r.warnings)
    warn(d.end())
  } else if (kind === 'jsonl') {
    const d = new JsonlDecoder()
    for (const r of [d.push(bytes), d.end()]) {
      merger.add(r.points)
      warn(r.warnings)
    }
  } else if (kind === 'trainer_state') {
    const r = new TrainerStateReader().read(Buffer.from(bytes).toString('utf8'), true)
    merger.add(r.points)
    warn(r.warnings)
  } else {
    const reader = new LineMetricReader('stdout')
    merger.add(reader.feed(Buffer.from(bytes).toString('utf8')))
    merger.add(reader.end())
  }
  return { kind, series: merger.series(), warnings }
}
