import { existsSync } from 'node:fs'
import { mkdir, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { AppError } from '../../../../shared/errors'
import { msg, type MessageValue } from '../../../../shared/messages'
import { codedLogLine } from '../../../../shared/messages/log-lines'
import { encodeCheckpoint, readCheckpoint, tempWriterPid, writeCheckpointFiles, type CheckpointTensor } from '../../onnx/checkpoint'
import { mergeLora, type LoraAdapter } from '../../onnx/lora'
import type { ParamInfo } from '../../onnx/train-step'

/**
 * Checkpoints of a training run in its workDir: `latest` after every epoch and `best` whenever
 * the monitored validation metric improved. Both hold every tensor (base parameters, adapters,
 * optimizer state) and the meta a resume or an export needs.
 */

export type CheckpointKind = 'latest' | 'best'

export const checkpointPath = (workDir: string, kind: CheckpointKind): string => join(workDir, 'checkpoints', `${kind}.ckpt`)

export interface LoraMeta {
  rank: number
  alpha: number
  scale: number
  /** Adapter names by target weight: `<target>.lora_a`, `<target>.lora_b`. */
  targets: { name: string; shape: number[]; rank: number }[]
}

export interface TrainingMeta<M = unknown> {
  runId: number
  step: number
  epoch: number
  /** Validation metrics measured on this state. */
  metrics: Record<string, number>
  /** Every evaluation so far, one per epoch, so a resume can replay early stopping and plateau tracking. */
  history: Record<string, number>[]
  monitor: { metric: string; mode: 'min' | 'max'; best: number; bestStep: number }
  lora: LoraMeta | null
  /** Names of the tensors with optimizer state, and its slots. */
  optimizer: { name: string; slots: string[]; trainable: string[] }
  /** What the trainer needs to rebuild its model for export: sizes, feature statistics, classes. */
  model: M
}

export const monitorMode = (metric: string): 'min' | 'max' => (/accuracy|r2/.test(metric) ? 'max' : 'min')

export const loraMeta = (adapters: LoraAdapter[], rank: number, alpha: number, scale: number): LoraMeta | null =>
  adapters.length ? { rank, alpha, scale, targets: adapters.map((a) => ({ name: a.target.name, shape: a.target.shape, rank })) } : null

/**
 * Writes a run's checkpoints in the background, one after another, so that training does not wait
 * for the disk: `save` copies and encodes the state at once (a memory copy, far cheaper than the
 * write; row-sparse tables change in place) and queues the write of `latest`, and of `best` when
 * the monitored metric improved. A failed write costs the checkpoint, not the run: the log says so.
 * `flush` waits for every queued write; trainers call it before they return.
 */
export class CheckpointWriter {
  private pending: Promise<void>

  constructor(
    private readonly workDir: string,
    private readonly trainer: string,
    private readonly log: (line: string) => void
  ) {
    // A run starts or resumes here: what an earlier trainer killed mid-write left goes first.
    this.pending = sweepCheckpointTemps(workDir).then(
      (swept) => {
        if (swept.length) log(`removed ${swept.length} unfinished checkpoint file(s) left by a stopped trainer: ${swept.join(', ')}`)
      },
      () => undefined
    )
  }

  save(meta: TrainingMeta, tensors: CheckpointTensor[], improved: boolean, what: MessageValue): void {
    const paths = improved ? [checkpointPath(this.workDir, 'latest'), checkpointPath(this.workDir, 'best')] : [checkpointPath(this.workDir, 'latest')]
    let parts: Uint8Array[]
    try {
      parts = encodeCheckpoint({ trainer: this.trainer, meta, tensors: tensors.map((t) => ({ ...t, data: t.data.slice() })) })
    } catch (err) {
      this.log(codedLogLine(msg('log.checkpointFailed', { what, reason: (err as Error).message })))
      return
    }
    this.pending = this.pending.then(async () => {
      try {
        await mkdir(join(this.workDir, 'checkpoints'), { recursive: true })
        await writeCheckpointFiles(paths, parts)
      } catch (err) {
        this.log(codedLogLine(msg('log.checkpointFailed', { what, reason: (err as Error).message })))
      }
    })
  }

  flush(): Promise<void> {
    return this.pending
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temporary files of checkpoint writes whose process is gone from a run's
 * `checkpoints` folder (a trainer killed mid-write leaves `.latest.ckpt.<pid>.tmp`) and returns
 * their names. A file whose writer is alive stays: a pid in use, even by another program since,
 * is never swept. One named by this process's own pid is an earlier process's: this one has not
 * written yet when it sweeps.
 */
export async function sweepCheckpointTemps(workDir: string, alive: (pid: number) => boolean = isAlive): Promise<string[]> {
  const dir = join(workDir, 'checkpoints')
  const names = await readdir(dir).catch(() => [])
  const swept: string[] = []
  for (const name of names) {
    const pid = tempWriterPid(name)
    if (pid === null || (pid !== process.pid && alive(pid))) continue
    await rm(join(dir, name), { force: true })
    swept.push(name)
  }
  return swept
}

/** Sweeps every run folder under `runsDir` (`<dataDir>/runs`), as the engine does when it opens; returns how many files went. */
export async function sweepAllCheckpointTemps(runsDir: string, alive: (pid: number) => boolean = isAlive): Promise<number> {
  let swept = 0
  for (const entry of await readdir(runsDir, { withFileTypes: true }).catch(() => [])) {
    if (entry.isDirectory()) swept += (await sweepCheckpointTemps(join(runsDir, entry.name), alive)).length
  }
  return swept
}

/** The base parameters of a checkpoint with its adapters merged in (W + s·A·B), by name. */
export function mergedBase(tensors: CheckpointTensor[], lora: LoraMeta | null): Map<string, Float32Array> {
  const values = new Map(tensors.map((t) => [t.name, t.data]))
  if (!lora) return values
  const adapters: LoraAdapter[] = lora.targets.map((t) => {
    const info = (name: string, shape: number[]): ParamInfo => ({ name, shape, kind: 'weight', fanIn: shape[0], fanOut: shape[1], layer: '', depth: 0 })
    return { target: info(t.name, t.shape), a: info(`${t.name}.lora_a`, [t.shape[0], t.rank]), b: info(`${t.name}.lora_b`, [t.rank, t.shape[1]]) }
  })
  return mergeLora(values, adapters, lora.scale)
}

/** A run's best checkpoint, else its latest; null when it has none. */
export function bestOrLatest(workDir: string): string | null {
  for (const kind of ['best', 'latest'] as const) if (existsSync(checkpointPath(workDir, kind))) return checkpointPath(workDir, kind)
  return null
}

const FIELD = 'finetune.from_run'

/**
 * Starting weights from another run's checkpoint, adapters merged, checked tensor by tensor
 * against the shapes of this config's model.
 */
export function loadStartWeights(path: string, fromRun: number, trainer: string, base: ParamInfo[]): Map<string, Float32Array> {
  const invalid = (message: string): AppError => new AppError('INVALID_CONFIG', `${FIELD}: ${message}`, { issues: [{ field: FIELD, message }] })
  const ckpt = readCheckpoint<TrainingMeta>(path)
  if (ckpt.trainer !== trainer) throw invalid(`run ${fromRun} was trained by ${ckpt.trainer}, not ${trainer}`)
  const shapes = new Map(ckpt.tensors.map((t) => [t.name, t.shape]))
  const values = mergedBase(ckpt.tensors, ckpt.meta.lora)
  for (const p of base) {
    const shape = shapes.get(p.name)
    if (!shape) throw invalid(`run ${fromRun} has no tensor ${p.name} (this config needs it with shape [${p.shape.join(', ')}])`)
    if (shape.join(',') !== p.shape.join(','))
      throw invalid(`tensor ${p.name} has shape [${shape.join(', ')}] in run ${fromRun} but [${p.shape.join(', ')}] in this config`)
  }
  return new Map(base.map((p) => [p.name, values.get(p.name)!]))
}
