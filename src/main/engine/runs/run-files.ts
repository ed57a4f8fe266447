import { existsSync, statSync } from 'node:fs'
import { dirname, extname, resolve } from 'node:path'
import { type EngineApi, isActiveStatus, type MethodParsedInput, type Run } from '../../../shared/api'
import { AppError, codedIssue } from '../../../shared/errors'
import { formatMessage, msg, type CodedMessage } from '../../../shared/messages'
import { codedLogLine } from '../../../shared/messages/log-lines'
import type { VersionSource } from '../datasets/versions/version-data'
import { readCheckpointMeta } from '../onnx/checkpoint'
import { writeModelFile } from '../onnx/export'
import type { RunOwner, Store } from '../store'
import { bestOrLatest, checkpointPath, type TrainingMeta } from '../trainers/common/checkpoints'
import { runWorkDir } from '../trainers/common/finetune-checks'
import type { DeviceAssignment, TrainerJob } from '../trainers/protocol'
import { trainerDefinitions } from '../trainers/registry'
import { checkFreeSpace, type DiskReserve, whenDiskFull } from './disk-space'
import type { OrphanWatch } from './orphans'
import type { Supervisor } from './supervisor'

type RunFilesApi = Pick<EngineApi, 'runs.exportModel'> & {
  /** `device`: the slot a study's scheduler gave the run. */
  'runs.resume'(input: MethodParsedInput<'runs.resume'>, device?: DeviceAssignment): Promise<Run>
}

interface Deps {
  store: Store
  supervisor: Supervisor
  dataDir: string
  providers: string[]
  /** This engine: a resumed run becomes its run. */
  owner: RunOwner
  orphans: OrphanWatch
  disk: { minFreeBytes: number; reserve: DiskReserve }
  mustGet(id: number): Run
  /** The run's data, checked as a start checks it. */
  sourceOf(run: Run): Promise<{ datasetPath: string; version?: VersionSource; sha256: string; memoryEstimate?: number }>
}

/** Statuses a run can be resumed from: it stopped before its end without failing on its own. */
const RESUMABLE: readonly Run['status'][] = ['cancelled', 'interrupted', 'crashed']

/** A refused `out`: the issue says what is wrong with the path, the message also names it. */
const outIssue = (code: 'INVALID_INPUT' | 'CONFLICT', target: string, problem: CodedMessage): AppError =>
  AppError.coded(code, msg('run.outRefused', { target, problem }), { issues: [codedIssue('out', problem)] })

/** Why the file system refused the model file, for errors that are the path's and not the engine's. */
const WRITE_REFUSALS: Record<string, CodedMessage> = {
  EACCES: msg('run.writeDenied'),
  EPERM: msg('run.writeDenied'),
  EROFS: msg('run.writeReadOnly'),
  ENAMETOOLONG: msg('run.writeNameTooLong')
}

/**
 * The absolute path an export may write: an .onnx file in a folder that exists, not a folder,
 * and not an existing file unless `overwrite`.
 */
function checkExportTarget(out: string, overwrite: boolean): string {
  const target = resolve(out)
  const refuse = (problem: CodedMessage, code: 'INVALID_INPUT' | 'CONFLICT' = 'INVALID_INPUT') => outIssue(code, target, problem)
  if (existsSync(target) && statSync(target).isDirectory()) throw refuse(msg('run.outIsFolder'))
  if (extname(target).toLowerCase() !== '.onnx') throw refuse(msg('run.outNotOnnx'))
  const folder = dirname(target)
  if (!existsSync(folder)) throw refuse(msg('run.outNoFolder', { folder }))
  if (!statSync(folder).isDirectory()) throw refuse(msg('run.outNotFolder', { folder }))
  if (!overwrite && existsSync(target)) throw refuse(msg('run.outExists'), 'CONFLICT')
  return target
}

/** What the checkpoints in a run's workDir serve: resuming the run and exporting its model. */
export function createRunFilesApi({ store, supervisor, dataDir, providers, owner, orphans, disk, mustGet, sourceOf }: Deps): RunFilesApi {
  const conflict = (message: CodedMessage): AppError => AppError.coded('CONFLICT', message, { issues: [codedIssue('id', message)] })

  /** A run still queued or running is held by this engine or another process; one trainer per run. */
  const stillActive = (run: Run): AppError => {
    const other = store.runs.listActive().find((r) => r.id === run.id)?.owner
    if (supervisor.isActive(run.id) || !other || other.instance === owner.instance) return conflict(msg('run.stillStatus', { id: run.id, status: run.status }))
    const message = msg('run.heldElsewhere', { id: run.id, status: run.status, pid: other.pid ?? '?' })
    return AppError.coded('CONFLICT', message, { issues: [{ field: 'id', message: formatMessage('en', message), rule: 'runHeld', values: { id: run.id, pid: other.pid ?? '?' } }] })
  }

  /** Where a run that starts from the beginning takes its weights: another run's checkpoint (finetune.from_run), or none. */
  const startingFrom = (run: Run): Partial<TrainerJob> => {
    const from = run.config['finetune.from_run']
    return typeof from === 'number' && from > 0 ? { startFrom: { runId: from, checkpoint: bestOrLatest(runWorkDir(dataDir, from))! } } : {}
  }

  return {
    'runs.resume': async ({ id }, device?: DeviceAssignment) => {
      mustGet(id)
      // A run whose engine and trainer are gone is interrupted first, and so resumes.
      await orphans.sweep([id])
      const run = mustGet(id)
      if (supervisor.isActive(id) || run.status === 'queued' || run.status === 'running') throw stillActive(run)
      if (!RESUMABLE.includes(run.status)) throw conflict(run.status === 'finished' ? msg('run.finishedNoResume', { id }) : msg('run.notResumable', { id, status: run.status }))
      const workDir = runWorkDir(dataDir, id)
      const latest = checkpointPath(workDir, 'latest')
      // A run that never started (it waited in a queue when its engine stopped) starts from the beginning.
      const fresh = run.startedAt === null && !existsSync(latest)
      if (!fresh && !existsSync(latest)) throw conflict(msg('run.noResumeCheckpoint', { id }))
      const trainer = fresh ? run.trainer : readCheckpointMeta<TrainingMeta>(latest).trainer
      if (trainer !== run.trainer) throw conflict(msg('run.checkpointOtherTrainer', { id, trainer, expected: run.trainer }))
      const source = await sourceOf(run)
      if (run.datasetHash && source.sha256 !== run.datasetHash) throw conflict(msg('run.dataChanged', { id, path: source.datasetPath }))
      checkFreeSpace(dataDir, disk.minFreeBytes)
      disk.reserve.ensure()
      // The claim is the one write that decides between engines: status and owner change together,
      // only from the status read above, so of two engines resuming at once exactly one goes on.
      whenDiskFull(dataDir, () => store.transaction(() => {
        if (!store.runs.claim(id, owner, [run.status])) {
          const now = mustGet(id)
          throw isActiveStatus(now.status) ? stillActive(now) : conflict(msg('run.changedWhileResuming', { id, status: now.status }))
        }
        if (fresh) {
          store.runs.update(id, { status: 'queued', statusMessage: null, statusReason: null, endedAt: null, exitCode: null, exitSignal: null, step: 0 })
          store.logs.append(id, 'engine', `${codedLogLine(msg('log.startingFresh'))}\n`)
          return
        }
        // Read under the claim: another engine may have trained the run on since the check above.
        const { meta } = readCheckpointMeta<TrainingMeta>(latest)
        // Points after the checkpoint are logged again by the resumed trainer, from the same state.
        store.metrics.deleteAfter(id, meta.step)
        store.runs.update(id, { status: 'queued', statusMessage: null, statusReason: null, endedAt: null, exitCode: null, exitSignal: null, step: meta.step })
        store.logs.append(id, 'engine', `${codedLogLine(msg('log.resumingRun', { step: meta.step, epoch: meta.epoch }))}\n`)
      }))
      return supervisor.launch(store.runs.get(id)!, {
        runId: id,
        trainer: run.trainer,
        config: run.config,
        datasetPath: source.datasetPath,
        version: source.version,
        workDir,
        providers,
        ...(fresh ? startingFrom(run) : { resume: latest }),
        memoryEstimate: source.memoryEstimate,
        device
      })
    },

    'runs.exportModel': async ({ id, out, checkpoint, overwrite }) => {
      const run = mustGet(id)
      const exporter = trainerDefinitions[run.trainer]?.exportModel
      if (!exporter) throw AppError.coded('UNSUPPORTED', msg('run.notExportable', { trainer: run.trainer }))
      const path = checkpointPath(runWorkDir(dataDir, id), checkpoint)
      if (!existsSync(path)) {
        const problem = msg('run.noCheckpoint', { id, checkpoint })
        throw AppError.coded('NOT_FOUND', msg('run.notExported', { id, problem }), { issues: [codedIssue('checkpoint', problem)] })
      }
      const target = checkExportTarget(out, overwrite)
      const model = exporter(path)
      try {
        writeModelFile(target, model.bytes)
      } catch (err) {
        const reason = WRITE_REFUSALS[(err as NodeJS.ErrnoException).code ?? '']
        if (!reason) throw err
        throw outIssue('INVALID_INPUT', target, msg('run.cannotWrite', { reason }))
      }
      const { meta } = readCheckpointMeta<TrainingMeta>(path)
      return { path: target, checkpoint, step: meta.step, metrics: meta.metrics, inputs: model.inputs, outputs: model.outputs, bytes: model.bytes.length }
    }
  }
}
