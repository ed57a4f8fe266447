import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import type { ImportedBatch, ImportedRun } from './model'
import { importError } from './model'
import { mlflowParams, mlflowPoints, mlflowStatus, mlflowTags } from './mlflow-common'

/**
 * An MLflow file store (`mlruns/`): `<experiment>/meta.yaml`, and per run `<run>/meta.yaml`,
 * `params/<key>` (the value), `metrics/<key>` ("timestamp value step" lines) and `tags/<key>`.
 * Keys with `/` are nested folders. Deleted experiments and runs (and `.trash`) are left out.
 */
export function readMlflowFiles(root: string): ImportedBatch {
  const runs: ImportedRun[] = []
  for (const expDir of readdirSync(root, { withFileTypes: true })) {
    if (!expDir.isDirectory() || expDir.name.startsWith('.') || expDir.name === 'models') continue
    const expPath = join(root, expDir.name)
    const metaFile = join(expPath, 'meta.yaml')
    if (!existsSync(metaFile)) continue
    const exp = readMeta(metaFile)
    if (exp.lifecycle_stage === 'deleted') continue
    for (const runDir of readdirSync(expPath, { withFileTypes: true })) {
      const runPath = join(expPath, runDir.name)
      if (!runDir.isDirectory() || !existsSync(join(runPath, 'meta.yaml'))) continue
      const meta = readMeta(join(runPath, 'meta.yaml'))
      if (meta.lifecycle_stage === 'deleted') continue
      const runId = String(meta.run_id ?? meta.run_uuid ?? runDir.name)
      const params = readKeyFiles(join(runPath, 'params'), (text) => text)
      const tagValues = readKeyFiles(join(runPath, 'tags'), (text) => text)
      const t = mlflowTags(tagValues)
      const metricRows = Object.entries(readKeyFiles(join(runPath, 'metrics'), (text, file) => metricLines(text, file))).flatMap(([key, lines]) =>
        lines.map((l) => ({ key, ...l }))
      )
      const start = numberOrNull(meta.start_time)
      const { status, reason } = mlflowStatus(Number(meta.status))
      runs.push({
        source: `mlflow:${root}#run=${runId}`,
        name: String(meta.run_name || t.name || runId),
        trainer: 'mlflow',
        group: String(exp.name ?? expDir.name),
        status,
        statusReason: reason,
        createdAt: start ?? 0,
        startedAt: start,
        endedAt: numberOrNull(meta.end_time),
        params: mlflowParams(params),
        metrics: mlflowPoints(metricRows),
        tags: t.labels,
        notes: t.notes
      })
    }
  }
  runs.sort((a, b) => a.createdAt - b.createdAt || a.source.localeCompare(b.source))
  return { kind: 'mlflow', file: root, runs }
}

/** True when the folder looks like an MLflow file store: some child folder holds a meta.yaml. */
export function isMlflowFileStore(dir: string): boolean {
  return readdirSync(dir, { withFileTypes: true }).some((d) => d.isDirectory() && existsSync(join(dir, d.name, 'meta.yaml')))
}

function numberOrNull(v: unknown): number | null {
  const n = Number(v)
  return v === null || v === undefined || v === '' || !Number.isFinite(n) ? null : n
}

/** The flat `key: value` mappings MLflow writes as meta.yaml; nested lines (`tags: []`) are skipped. */
export function readMeta(file: string): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {}
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '' || /^\s|^-|^#/.test(text)) return
      const m = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(text.replace(/\r$/, ''))
      if (!m) throw importError('imports.badYaml', { file, line: i + 1, text: text.slice(0, 80) })
      out[m[1]!] = yamlScalar(m[2]!)
    })
  return out
}

function yamlScalar(text: string): string | number | null {
  const t = text.trim()
  if (t === '' || t === 'null' || t === '~') return null
  if (t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'")
  if (t.startsWith('"') && t.endsWith('"')) {
    try {
      return JSON.parse(t) as string
    } catch {
      return t.slice(1, -1)
    }
  }
  if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t)
  return t
}

/** Files under `dir` by their path as a key (`a/b` for `dir/a/b`), read with `read`. */
function readKeyFiles<T>(dir: string, read: (text: string, file: string) => T): Record<string, T> {
  const out: Record<string, T> = {}
  if (!existsSync(dir)) return out
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (statSync(p).isFile()) out[relative(dir, p).split(sep).join('/')] = read(readFileSync(p, 'utf8'), p)
    }
  }
  walk(dir)
  return out
}

/** "timestamp value step" per line (files older than MLflow 1.0 have no step: it is 0). */
function metricLines(text: string, file: string): { value: number; timestamp: number; step: number; isNan: boolean }[] {
  const out: { value: number; timestamp: number; step: number; isNan: boolean }[] = []
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return
    const parts = line.trim().split(/\s+/)
    const [ts, value, step = '0'] = parts
    const timestamp = Number(ts)
    const v = pythonFloat(value ?? '')
    if (parts.length < 2 || parts.length > 3 || !Number.isFinite(timestamp) || !Number.isInteger(Number(step)) || v === undefined)
      throw importError('imports.badMetricLine', { file, line: i + 1, text: line.slice(0, 80) })
    out.push({ timestamp, value: v!, step: Number(step), isNan: Number.isNaN(v) })
  })
  return out
}

/** A float as Python's str() writes it ('nan', 'inf', '-inf' included); undefined when it is none. */
function pythonFloat(text: string): number | undefined {
  const t = text.toLowerCase()
  if (t === 'nan') return NaN
  if (t === 'inf' || t === '+inf') return Infinity
  if (t === '-inf') return -Infinity
  const n = Number(text)
  return text.trim() === '' || Number.isNaN(n) ? undefined : n
}
