import { describe, expect, it } from 'vitest'
import { ImprovementTracker, learningRate, PlateauTracker, previewSchedule, scheduleFromConfig, type ScheduleSpec } from './schedules'

const at = (spec: ScheduleSpec, steps: number[], total = 100, peak = 0.1): number[] => steps.map((s) => learningRate(spec, peak, s, total))

describe('learningRate', () => {
  it('is the peak throughout when constant', () => {
    expect(at({ name: 'constant' }, [1, 50, 100])).toEqual([0.1, 0.1, 0.1])
  })
  it('warms up linearly, then decays by a half cosine to the floor on the last step', () => {
    const spec: ScheduleSpec = { name: 'warmup_cosine', warmupSteps: 10, minLr: 0.001 }
    const [first, top, middle, last] = at(spec, [1, 10, 60, 110], 110)
    expect(first).toBeCloseTo(0.01, 12)
    expect(top).toBeCloseTo(0.1, 12)
    expect(middle).toBeCloseTo(0.0505, 12)
    expect(last).toBeCloseTo(0.001, 12)
  })
  it('is a pure cosine annealing without warmup', () => {
    expect(learningRate({ name: 'warmup_cosine', warmupSteps: 0, minLr: 0 }, 1, 1, 2)).toBeCloseTo(0.5, 12)
  })
  it('decays in a straight line after warmup', () => {
    const [w, a, b, c] = at({ name: 'warmup_linear', warmupSteps: 20, minLr: 0.02 }, [10, 20, 60, 100])
    expect(w).toBeCloseTo(0.05, 12)
    expect(a).toBeCloseTo(0.1, 12)
    expect(b).toBeCloseTo(0.06, 12)
    expect(c).toBeCloseTo(0.02, 12)
  })
  it('multiplies by gamma every stepSize steps, as StepLR counts them', () => {
    const lr = at({ name: 'step', stepSize: 10, gamma: 0.5 }, [1, 10, 11, 20, 21, 35])
    expect(lr).toEqual([0.1, 0.1, 0.05, 0.05, 0.025, 0.0125])
  })
  it('multiplies by gamma every step after warmup when exponential', () => {
    const lr = at({ name: 'exponential', gamma: 0.9, warmupSteps: 2 }, [1, 2, 3, 5])
    expect(lr[0]).toBeCloseTo(0.05, 12)
    expect(lr.slice(1)).toEqual([0.1, 0.1, 0.1 * 0.9 ** 2])
  })
  it('applies plateau reductions down to the floor', () => {
    const spec: ScheduleSpec = { name: 'plateau', factor: 0.1, patience: 2, threshold: 1e-4, minLr: 5e-4 }
    expect([0, 1, 2, 3].map((r) => learningRate(spec, 0.1, 50, 100, r))).toEqual([0.1, 0.1 * 0.1, 0.1 * 0.1 * 0.1, 5e-4])
  })
})

describe('ImprovementTracker and PlateauTracker', () => {
  it('counts stalls against an absolute minimum delta', () => {
    const t = new ImprovementTracker({ mode: 'min', minDelta: 0.01 })
    expect([1, 0.995, 0.98, 0.975, 0.99].map((v) => t.observe(v))).toEqual([true, false, true, false, false])
    expect(t.best).toBe(0.98)
    expect(t.stalled).toBe(2)
  })
  it('treats larger as better in max mode', () => {
    const t = new ImprovementTracker({ mode: 'max', minDelta: 0 })
    expect([0.5, 0.6, 0.6, 0.7].map((v) => t.observe(v))).toEqual([true, true, false, true])
  })
  it('reduces after more than patience stalled evaluations, then waits again', () => {
    const p = new PlateauTracker({ name: 'plateau', factor: 0.5, patience: 2, threshold: 1e-4, minLr: 0 })
    const fired = [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5].map((v) => p.observe(v))
    expect(fired).toEqual([false, false, false, true, false, false, false, true])
    expect(p.reductions).toBe(2)
  })
})

describe('previewSchedule', () => {
  it('reads the form config and keeps the corners of warmup and step drops', () => {
    const config = { 'optimizer.lr': 0.01, 'schedule.name': 'step', 'schedule.step_size': 300, 'schedule.step_gamma': 0.1, 'schedule.warmup_steps': 50 }
    const { points, dependsOnValidation } = previewSchedule(config, 1000, 20)
    expect(dependsOnValidation).toBe(false)
    expect(points[0]).toEqual({ step: 1, lr: 0.01 / 50 })
    expect(points.at(-1)!.step).toBe(1000)
    const lrAt = (s: number) => points.find((p) => p.step === s)?.lr
    expect(lrAt(50)).toBeCloseTo(0.01, 15)
    expect(lrAt(350)).toBeCloseTo(0.01, 15)
    expect(lrAt(351)).toBeCloseTo(0.001, 15)
    expect(points.length).toBeLessThan(40)
    expect(points.every((p, i) => i === 0 || p.step > points[i - 1].step)).toBe(true)
  })
  it('flags reduce-on-plateau as depending on validation and draws it flat', () => {
    const preview = previewSchedule({ 'optimizer.lr': 0.02, 'schedule.name': 'plateau' }, 10)
    expect(preview.dependsOnValidation).toBe(true)
    expect(preview.points.map((p) => p.lr)).toEqual(new Array(10).fill(0.02))
  })
  it('falls back to constant for a config without a schedule', () => {
    expect(scheduleFromConfig({})).toEqual({ peak: 1e-3, spec: { name: 'constant', warmupSteps: 0 } })
  })
})
