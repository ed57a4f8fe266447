import { createHash } from 'node:crypto'
import type { ParamValue } from '../../../shared/schemas/params'
import type { NewTrial } from '../store'
import { activeParams, type CheckedStudy, SEED_KEY } from './definition'
import { makeDesign } from './design'
import { trialHash } from './trial-hash'

type Point = Record<string, ParamValue>

/** A seed of its own for each later stage of a study (extension k), derived from the study's. */
export function stageSeed(seed: number, stage: number): number {
  if (stage === 0) return seed
  return createHash('sha256').update(`${seed}/${stage}`).digest().readUInt32BE(0) >>> 1
}

/**
 * The seed of repeat r: the base config's training.seed when the definition sets it, else the
 * study's seed, plus r. Repeat r of every point shares one seed (common random numbers), so two
 * points compare without the noise of different splits and initial weights.
 */
export function repeatSeed(checked: CheckedStudy, repeat: number): number | null {
  if (!checked.trainer.params.some((p) => p.key === SEED_KEY)) return null
  const given = checked.definition.config[SEED_KEY]
  return (typeof given === 'number' ? given : checked.definition.seed) + repeat
}

/** Repeats in total after each stage: the definition's, then each extension's added. */
export function repeatsByStage(checked: CheckedStudy): number[] {
  const totals = [checked.definition.repeats]
  for (const e of checked.definition.extensions) totals.push(totals[totals.length - 1] + e.repeats)
  return totals
}

/** How many points a study plans in all: its design's, then each extension's. */
export function pointTarget(checked: CheckedStudy): number {
  return checked.definition.design.n + checked.definition.extensions.reduce((sum, e) => sum + e.n, 0)
}

/** The points of a fixed design at one stage, from that stage's space, each with only its active parameters. */
function designPoints(checked: CheckedStudy, stage: number, n: number): Point[] {
  const { design, seed } = checked.definition
  if (design.method === 'tpe' || n === 0) return []
  const { levels, replicates, secondOrder, variant } = design
  const space = checked.stageSpaces[stage]
  const table = makeDesign(space, { method: design.method, n, seed: stageSeed(seed, stage), levels, replicates, secondOrder, variant })
  return table.rows.map((row) => activeParams(table.names, row, { base: checked.base, conditions: checked.stageConditions[stage] }))
}

/** One trial of a point and a repeat, with the hash the ledger keys it by. */
export function newTrial(checked: CheckedStudy, params: Point, repeat: number): NewTrial {
  return { params, repeat, seed: repeatSeed(checked, repeat), hash: trialHash(params, repeat) }
}

function cross(checked: CheckedStudy, points: Point[], from: number, to: number): NewTrial[] {
  const trials: NewTrial[] = []
  // Repeat-major: every point once before any twice, so a cut budget still covers the design.
  for (let r = from; r < to; r++) for (const p of points) trials.push(newTrial(checked, p, r))
  return trials
}

/**
 * Every trial the definition plans, in ledger order: the design's points times its repeats, then
 * for each extension the new repeats of the points so far and the new points times all repeats.
 * For TPE the points are the ones proposed so far (`proposed`, in order). Points that coincide
 * (a conditional parameter switched off) are one trial, which the ledger's hash makes sure of.
 */
export function planTrials(checked: CheckedStudy, proposed: Point[] = []): NewTrial[] {
  if (checked.definition.design.method === 'tpe') return cross(checked, proposed, 0, repeatsByStage(checked).at(-1)!)
  const totals = repeatsByStage(checked)
  let points = designPoints(checked, 0, checked.definition.design.n)
  const trials = cross(checked, points, 0, totals[0])
  checked.definition.extensions.forEach((e, i) => {
    trials.push(...cross(checked, points, totals[i], totals[i + 1]))
    const added = designPoints(checked, i + 1, e.n)
    trials.push(...cross(checked, added, 0, totals[i + 1]))
    points = [...points, ...added]
  })
  return trials
}

/** The config a trial's run trains with: the base config, the trial's parameters and its seed. */
export function trialConfig(base: Record<string, unknown>, trial: { params: Point; seed: number | null }): Record<string, unknown> {
  return { ...base, ...trial.params, ...(trial.seed === null ? {} : { [SEED_KEY]: trial.seed }) }
}
