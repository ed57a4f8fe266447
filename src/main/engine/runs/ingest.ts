import { metricChannels, type MetricPoint, type Series } from '../../../shared/api'

/** Groups points by metric name into the columnar shape of the `run.metrics` event. */
export function toSeries(points: MetricPoint[]): Record<string, Series> {
  const out: Record<string, Series> = {}
  for (const p of points) {
    const s = (out[p.name] ??= p.channel ? { steps: [], values: [], times: [], channel: p.channel } : { steps: [], values: [], times: [] })
    s.steps.push(p.step)
    s.values.push(p.value)
    s.times.push(p.time)
  }
  return out
}

/**
 * Points from another process are checked once here: a bad point is dropped, never stored. A
 * channel is optional (built-in trainers send none) but, when given, must be one this engine knows.
 */
export function isValidPoint(p: unknown): p is MetricPoint {
  if (typeof p !== 'object' || p === null) return false
  const q = p as Record<string, unknown>
  return (
    typeof q.name === 'string' &&
    q.name.length > 0 &&
    q.name.length <= 200 &&
    Number.isInteger(q.step) &&
    typeof q.value === 'number' &&
    typeof q.time === 'number' &&
    (q.channel === undefined || (metricChannels as readonly unknown[]).includes(q.channel))
  )
}

/** Calls `fn` at most once per `ms`, always with the latest argument, and once more at the end. */
export function throttle<T>(ms: number, fn: (arg: T) => void): { call(arg: T): void; flush(): void } {
  let last = 0
  let pending: { arg: T } | undefined
  let timer: NodeJS.Timeout | undefined
  const fire = () => {
    timer = undefined
    if (!pending) return
    const { arg } = pending
    pending = undefined
    last = Date.now()
    fn(arg)
  }
  return {
    call(arg) {
      pending = { arg }
      const wait = last + ms - Date.now()
      if (wait <= 0) fire()
      else if (!timer) timer = setTimeout(fire, wait)
    },
    flush() {
      if (timer) clearTimeout(timer)
      fire()
    }
  }
}
