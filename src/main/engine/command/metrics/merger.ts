/**
 * One run's metrics from every channel, as series. A series belongs to the first channel that
 * fed it: later points of the same name from another channel are dropped (counted), because two
 * channels rarely agree on what a step is (a Hugging Face log dict on stdout is numbered by log,
 * its trainer_state.json by global step). Within the channel, the first point at a step wins.
 */
import type { MetricChannel, MetricPoint } from './types'

export interface MetricSeries {
  name: string
  channel: MetricChannel
  /** In arrival order. */
  points: { step: number; value: number }[]
  /** Points this series refused: repeats of a step, or from another channel. */
  dropped: number
}

export class MetricMerger {
  private readonly byName = new Map<string, MetricSeries & { steps: Set<number> }>()

  /** Adds points; returns those kept, in order, for the ledger and the live curves. */
  add(points: readonly MetricPoint[]): MetricPoint[] {
    const kept: MetricPoint[] = []
    for (const p of points) {
      let s = this.byName.get(p.name)
      if (!s) {
        s = { name: p.name, channel: p.channel, points: [], dropped: 0, steps: new Set() }
        this.byName.set(p.name, s)
      }
      if (s.channel !== p.channel || s.steps.has(p.step)) {
        s.dropped++
        continue
      }
      s.steps.add(p.step)
      s.points.push({ step: p.step, value: p.value })
      kept.push(p)
    }
    return kept
  }

  /** Every series, in the order they first appeared. */
  series(): MetricSeries[] {
    return [...this.byName.values()].map(({ steps: _steps, ...s }) => s)
  }
}
