/**
 * Every metric channel of one command-trainer run in one place: the runner hands it the process's
 * stdout and stderr as they come and calls `poll()` every second or so; it finds the metrics file,
 * trainer_state.json files and TensorBoard event files under the run folder as they appear, reads
 * what is new, and gives back only the points the merger kept.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { CodedMessage } from '../../../../shared/messages'
import { FileTail, tailJsonl, tailTfEvents, TrainerStateTail } from './file-tail'
import { LineMetricReader } from './line-reader'
import { MetricMerger, type MetricSeries } from './merger'
import type { MetricPoint, ReadResult } from './types'

/** How deep under the run folder files are looked for (checkpoint-500/…, runs/Dec04_…/…). */
const maxDepth = 4

/** trainer_state.json and events.out.tfevents.* files under `dir`, sorted, symbolic links not followed. */
export function findMetricFiles(dir: string): { trainerStates: string[]; eventFiles: string[] } {
  const trainerStates: string[] = []
  const eventFiles: string[] = []
  const walk = (d: string, depth: number): void => {
    let entries
    try {
      entries = readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const path = join(d, e.name)
      if (e.isDirectory() && depth < maxDepth) walk(path, depth + 1)
      else if (e.isFile() && e.name === 'trainer_state.json') trainerStates.push(path)
      else if (e.isFile() && e.name.startsWith('events.out.tfevents.')) eventFiles.push(path)
    }
  }
  walk(dir, 0)
  return { trainerStates: trainerStates.sort(), eventFiles: eventFiles.sort() }
}

export class RunMetricsCollector {
  private readonly merger = new MetricMerger()
  private readonly out = new LineMetricReader('stdout')
  private readonly err = new LineMetricReader('stderr')
  private readonly jsonl: FileTail
  private readonly states = new Map<string, TrainerStateTail>()
  private readonly events = new Map<string, FileTail>()

  constructor(private readonly paths: { runDir: string; metricsFile: string }) {
    this.jsonl = tailJsonl(paths.metricsFile)
  }

  stdout(chunk: string): MetricPoint[] {
    return this.merger.add(this.out.feed(chunk))
  }

  stderr(chunk: string): MetricPoint[] {
    return this.merger.add(this.err.feed(chunk))
  }

  /** What the files gained since the last poll. */
  poll(): ReadResult {
    return this.readFiles(false)
  }

  /** The process has exited: the last partial lines, the files' last bytes, and what was left cut. */
  finish(): ReadResult {
    const lines = this.merger.add([...this.out.end(), ...this.err.end()])
    const files = this.readFiles(true)
    return { points: [...lines, ...files.points], warnings: files.warnings }
  }

  series(): MetricSeries[] {
    return this.merger.series()
  }

  private readFiles(final: boolean): ReadResult {
    const found = findMetricFiles(this.paths.runDir)
    for (const p of found.trainerStates) if (!this.states.has(p)) this.states.set(p, new TrainerStateTail(p))
    for (const p of found.eventFiles) if (!this.events.has(p)) this.events.set(p, tailTfEvents(p))
    const points: MetricPoint[] = []
    const warnings: CodedMessage[] = []
    // One read can hold hundreds of thousands of points (a chatty script between two polls):
    // appended one by one, as spreading them into push() overflows the call stack.
    const take = (r: ReadResult) => {
      for (const p of this.merger.add(r.points)) points.push(p)
      for (const w of r.warnings) warnings.push(w)
    }
    take(final ? this.jsonl.finish() : this.jsonl.poll())
    for (const t of this.states.values()) take(t.poll(final))
    for (const t of this.events.values()) take(final ? t.finish() : t.poll())
    return { points, warnings }
  }
}
