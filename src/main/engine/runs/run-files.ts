import { existsSync, mkdirSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { EngineApi, Run } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import type { VersionSource } from '../datasets/versions/version-data'
import { readCheckpointMeta } from '../onnx/checkpoint'
import { writeModelFile } from '../onnx/export'
import type { Store } from '../store'
import { checkpointPath, type TrainingMeta } from '../trainers/common/checkpoints'
import { runWorkDir } from '../trainers/common/finetune-checks'
import { trainerDefinitions } from '../trainers/registry'
import type { Supervisor } from './supervisor'

type RunFilesApi = Pick<EngineApi, 'runs.resume' | 'runs.exportModel'>

interface Deps {
  store: Store
  supervisor: Supervisor
  dataDir: string
  providers: string[]
  mustGet(id: number): Run
  /** The run's data, checked as a start checks it. */
  sourceOf(run: Run): Promise<{ datasetPath: string; version?: VersionSource; sha256: string }>
}

/** Statuses a run can be resumed from: it stopped before its end without failing on its own. */
const RESUMABLE: readonly Run['status'][] = ['cancelled', 'interrupted', 'crashed']

/** What the checkpoints in a run's workDir serve: resuming the run and exporting its model. */
export function createRunFilesApi({ store, supervisor, dataDir, providers, mustGet, sourceOf }: Deps): RunFilesApi {
  const conflict = (message: string): AppError => new AppError('CONFLICT', message, { issues: [{ field: 'id', message }] })

  return {
    'runs.resume': async ({ id }) => {
      const run = mustGet(id)
      if (supervisor.isActive(id) || run.status === 'queued' || run.status === 'running') throw conflict(`Run ${id} is still ${run.status}`)
      if (!RESUMABLE.includes(run.status)) throw conflict(`Run ${id} ${run.status === 'finished' ? 'has finished' : `is ${run.status}`}; only a cancelled, interrupted or crashed run resumes`)
      const workDir = runWorkDir(dataDir, id)
      const latest = checkpointPath(workDir, 'latest')
      if (!existsSync(latest)) throw conflict(`Run ${id} has no checkpoint to resume from: it stopped before its first epoch ended`)
      const { trainer, meta } = readCheckpointMeta<TrainingMeta>(latest)
      if (trainer !== run.trainer) throw conflict(`The checkpoint of run ${id} was written by ${trainer}, not ${run.trainer}`)
      const source = await sourceOf(run)
      if (run.datasetHash && source.sha256 !== run.datasetHash) throw conflict(`The data of run ${id} changed since it started (${source.datasetPath}); start a new run instead`)
      // Points after the checkpoint are logged again by the resumed trainer, from the same state.
      store.transaction(() => {
        store.metrics.deleteAfter(id, meta.step)
        store.runs.update(id, { status: 'queued', statusMessage: null, endedAt: null, exitCode: null, exitSignal: null, step: meta.step })
        store.logs.append(id, 'engine', `[paramscope] resuming from the checkpoint of step ${meta.step} (epoch ${meta.epoch})\n`)
      })
      return supervisor.launch(store.runs.get(id)!, {
        runId: id,
        trainer: run.trainer,
        config: run.config,
        datasetPath: source.datasetPath,
        version: source.version,
        workDir,
        providers,
        resume: latest
      })
    },

    'runs.exportModel': async ({ id, out, checkpoint }) => {
      const run = mustGet(id)
      const exporter = trainerDefinitions[run.trainer]?.exportModel
      if (!exporter) throw new AppError('UNSUPPORTED', `Runs of the ${run.trainer} trainer cannot be exported as a model`)
      const path = checkpointPath(runWorkDir(dataDir, id), checkpoint)
      if (!existsSync(path)) {
        const message = `run ${id} has no ${checkpoint} checkpoint (checkpoints are written after each epoch)`
        throw new AppError('NOT_FOUND', `Run ${id} cannot be exported: ${message}`, { issues: [{ field: 'checkpoint', message }] })
      }
      const target = resolve(out)
      if (existsSync(target) && statSync(target).isDirectory()) {
        throw AppError.fromIssues('INVALID_INPUT', [{ field: 'out', message: `${target} is a folder; name the .onnx file to write` }], 'The model was not exported')
      }
      const model = exporter(path)
      mkdirSync(dirname(target), { recursive: true })
      writeModelFile(target, model.bytes)
      const { meta } = readCheckpointMeta<TrainingMeta>(path)
      return { path: target, checkpoint, step: meta.step, metrics: meta.metrics, inputs: model.inputs, outputs: model.outputs, bytes: model.bytes.length }
    }
  }
}
