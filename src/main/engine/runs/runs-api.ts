import { mkdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Config, EngineApi, MethodParsedInput, Run } from '../../../shared/api'
import type { FieldIssue } from '../../../shared/errors'
import { AppError, codedIssue } from '../../../shared/errors'
import { msg } from '../../../shared/messages'
import { validateConfig } from '../../../shared/params'
import { commandTrainerInfo, type CommandTrainerDefinition } from '../../../shared/schemas/command-trainers'
import { startCommandProcess } from '../command/command-process'
import { buildInvocation } from '../command/invocation'
import { fileAccessProblem } from '../datasets/dataset-error'
import type { FileStatus } from '../datasets/import/file-status'
import { sha256File } from '../datasets/import/hash'
import type { VersionSource } from '../datasets/versions/version-data'
import type { RunOwner, Store } from '../store'
import { bestOrLatest } from '../trainers/common/checkpoints'
import { finetuneIssues, runWorkDir } from '../trainers/common/finetune-checks'
import type { DataShape, DeviceAssignment, MemoryEstimate, TrainerDefinition, TrainerJob } from '../trainers/protocol'
import { trainerDefinitions } from '../trainers/registry'
import { engineVersion } from '../version'
import { checkFreeSpace, type DiskReserve, whenDiskFull } from './disk-space'
import { memoryIssue, type MachineMemory } from './memory-check'
import type { OrphanWatch } from './orphans'
import { createRunFilesApi } from './run-files'
import type { Supervisor } from './supervisor'

/** The run methods; start and resume also take the device slot a study's scheduler gave the run. */
type RunsApi = Pick<EngineApi, 'runs.list' | 'runs.get' | 'runs.validate' | 'runs.cancel' | 'runs.update' | 'runs.delete' | 'runs.metrics' | 'runs.log' | 'runs.exportModel'> & {
  'runs.start'(input: MethodParsedInput<'runs.start'>, device?: DeviceAssignment): Promise<Run>
  'runs.resume'(input: MethodParsedInput<'runs.resume'>, device?: DeviceAssignment): Promise<Run>
}

interface Deps {
  store: Store
  supervisor: Supervisor
  dataDir: string
  providers: string[]
  fileStatus: FileStatus
  /** This engine, recorded as the owner of every run it starts or resumes. */
  owner: RunOwner
  orphans: OrphanWatch
  /** Runs start or resume only with `minFreeBytes` free in the data folder. */
  disk: { minFreeBytes: number; reserve: DiskReserve }
  /** What a run's estimated peak memory is held to. */
  memory: MachineMemory
  /** The registered command trainer of that name, if any (built-in names are never one). */
  commandTrainer?: (name: string) => CommandTrainerDefinition | undefined
}

function datasetIssues(path: string | undefined): FieldIssue[] {
  if (path === undefined || path.trim() === '') return [codedIssue('dataset', msg('run.chooseDataset'))]
  let isFile: boolean
  try {
    isFile = statSync(path).isFile()
  } catch (err) {
    // A missing file keeps its short wording; a link loop or a refused read says what it is.
    const code = (err as NodeJS.ErrnoException).code
    return [codedIssue('dataset', code === 'ENOENT' ? msg('run.fileNotFound', { path }) : msg('run.fileProblem', { problem: fileAccessProblem(err), path }))]
  }
  return isFile ? [] : [codedIssue('dataset', msg('run.notAFile', { path }))]
}

interface RunSource {
  config: Config
  path: string
  sha256: string
  version?: VersionSource
  memory?: MemoryEstimate
}

/** The run methods of the API: validation before anything starts, then the supervisor. */
export function createRunsApi({ store, supervisor, dataDir, providers, fileStatus, owner, orphans, disk, memory, commandTrainer }: Deps): RunsApi {
  const mustGet = (id: number) => {
    const run = store.runs.get(id)
    if (!run) throw AppError.coded('NOT_FOUND', msg('run.notFound', { id }), { issues: [codedIssue('id', msg('run.noRun', { id }))] })
    return run
  }

  /** The trainer's estimate for a checked config on its data, with the issue when the machine cannot hold it. */
  const estimate = async (def: TrainerDefinition, config: Config, data: DataShape): Promise<{ memory?: MemoryEstimate; issues: FieldIssue[] }> => {
    if (!def.estimateMemory) return { issues: [] }
    const estimated = await def.estimateMemory(config, data)
    const issue = memoryIssue(estimated, memory)
    return { memory: estimated, issues: issue ? [issue] : [] }
  }

  type Checked = { config: Config; issues: FieldIssue[]; memory?: MemoryEstimate }
  const check = async ({ trainer, config, dataset }: Parameters<RunsApi['runs.validate']>[0]): Promise<Checked> => {
    const def = trainerDefinitions[trainer]
    const command = def ? undefined : commandTrainer?.(trainer)
    if (command) {
      // A command trainer's script reads its own data: its params are all there is to check.
      const checked: Checked = validateConfig(commandTrainerInfo(command), config)
      if (dataset !== undefined) checked.issues.push(codedIssue('dataset', msg('commandTrainers.noDataset', { name: trainer })))
      return checked
    }
    if (!def) {
      const known = Object.keys(trainerDefinitions).join(', ')
      return { config: {}, issues: [codedIssue('trainer', msg('run.unknownTrainer', { trainer, known }))] }
    }
    const result: Checked = validateConfig(def.info(providers), config)
    if (result.issues.length === 0) result.issues.push(...finetuneIssues(result.config, trainer, dataDir, (id) => store.runs.get(id)))
    if (dataset !== undefined) {
      const fileIssues = datasetIssues(dataset)
      result.issues.push(...fileIssues)
      if (fileIssues.length === 0 && result.issues.length === 0) result.issues.push(...(await def.checkDataset(result.config, dataset)))
      // Last, once the config and the data are known good: what the run would take against what the machine has.
      if (result.issues.length === 0) Object.assign(result, await estimate(def, result.config, { path: dataset, bytes: statSync(dataset).size }))
    }
    return result
  }

  const validate: RunsApi['runs.validate'] = async ({ datasetVersionId, ...input }) => {
    const { config, issues } = datasetVersionId === undefined ? await check(input) : await checkVersion(input.trainer, input.config, datasetVersionId)
    return { config, issues }
  }

  /** A run on a plain file: the trainer's own checks, then the hash of what it will read. */
  const fileSource = async (trainer: string, config: Record<string, unknown>, path: string): Promise<RunSource> => {
    const checked = await check({ trainer, config, dataset: path })
    if (checked.issues.length > 0) {
      const code = checked.issues.some((i) => i.field === 'dataset' && i.rule !== 'memoryData') ? 'DATASET_INVALID' : 'INVALID_CONFIG'
      throw AppError.fromIssues(code, checked.issues, msg('run.notStarted'))
    }
    return { config: checked.config, path, sha256: await sha256File(path), memory: checked.memory }
  }

  type VersionChecked = Checked & { source?: VersionSource; path?: string; sha256?: string }
  /** A config on a dataset version: the file must still be what was imported and the trainer able to read it. */
  const checkVersion = async (trainer: string, config: Record<string, unknown>, versionId: number): Promise<VersionChecked> => {
    const field = 'datasetVersionId'
    const checked: VersionChecked = await check({ trainer, config })
    const version = store.datasets.getVersion(versionId)
    const dataset = version && store.datasets.get(version.datasetId)
    if (!version || !dataset) checked.issues.push(codedIssue(field, msg('run.noVersion', { id: versionId })))
    else {
      const status = await fileStatus.of(dataset)
      if (status !== 'ok') checked.issues.push(codedIssue(field, msg(status === 'missing' ? 'run.versionFileGone' : 'run.versionFileChanged', { name: dataset.name, path: dataset.path })))
      const check = trainerDefinitions[trainer]?.checkVersion
      if (!check) checked.issues.push(codedIssue(field, msg('run.noVersions', { trainer })))
      else if (checked.issues.length === 0) checked.issues.push(...check(checked.config, version))
    }
    const columns = dataset ? store.datasets.profile(dataset.id)!.columns.map((c) => c.name) : []
    const source: VersionSource | undefined = version && dataset && {
      versionId, path: dataset.path, format: dataset.format, columns, task: version.task, target: version.target, features: version.features, text: version.text, split: version.split
    }
    if (checked.issues.length === 0) Object.assign(checked, await estimate(trainerDefinitions[trainer], checked.config, { path: dataset!.path, bytes: dataset!.size, version: source }))
    return Object.assign(checked, { source, path: dataset?.path, sha256: dataset?.sha256 })
  }

  /** A run on a dataset version: refused with every issue the check found. */
  const versionSource = async (trainer: string, config: Record<string, unknown>, versionId: number): Promise<RunSource> => {
    const checked = await checkVersion(trainer, config, versionId)
    if (checked.issues.length > 0) {
      const code = checked.issues.some((i) => i.field === 'datasetVersionId') ? 'DATASET_INVALID' : 'INVALID_CONFIG'
      throw AppError.fromIssues(code, checked.issues, msg('run.notStarted'))
    }
    return { config: checked.config, path: checked.path!, sha256: checked.sha256!, version: checked.source, memory: checked.memory }
  }

  /** Registered files are checked by size and time; other files are hashed (once per size and time). */
  const datasetChanged = async (path: string | null, sha256: string | null): Promise<boolean> => {
    if (path === null || sha256 === null) return false
    const registered = store.datasets.findByFile(path, sha256)
    return registered ? (await fileStatus.of(registered)) !== 'ok' : fileStatus.differs(path, sha256)
  }

  /** A run of a command trainer: its params checked, its invocation built, then the supervisor. */
  const startCommand = async (command: CommandTrainerDefinition, input: MethodParsedInput<'runs.start'>, runNumber: number, device?: DeviceAssignment): Promise<Run> => {
    const { experimentId, trainer, config, dataset, datasetVersionId, name } = input
    const checked = await check({ trainer, config, dataset })
    if (datasetVersionId !== undefined) checked.issues.push(codedIssue('datasetVersionId', msg('commandTrainers.noDataset', { name: trainer })))
    if (checked.issues.length > 0) throw AppError.fromIssues('INVALID_CONFIG', checked.issues, msg('run.notStarted'))
    const visible = device?.env.CUDA_VISIBLE_DEVICES
    const gpuIndex = visible !== undefined && /^\d+$/.test(visible) ? Number(visible) : null
    // What would stop the launch (no python on PATH, a NUL in a value) stops it before a run is recorded.
    buildInvocation(command, checked.config, { runId: 0, runDir: runWorkDir(dataDir, 0), gpuIndex })
    const seed = checked.config['training.seed']
    checkFreeSpace(dataDir, disk.minFreeBytes)
    disk.reserve.ensure()
    const run = whenDiskFull(dataDir, () => store.runs.insert({
      experimentId,
      name: name?.trim() || `${trainer}-${runNumber}`,
      trainer,
      trainerVersion: command.version,
      engineVersion,
      config: checked.config,
      datasetPath: null,
      datasetHash: null,
      datasetVersionId: null,
      seed: typeof seed === 'number' ? seed : null,
      owner
    }))
    const workDir = runWorkDir(dataDir, run.id)
    mkdirSync(workDir, { recursive: true })
    const invocation = buildInvocation(command, checked.config, { runId: run.id, runDir: workDir, gpuIndex })
    const job: TrainerJob = { runId: run.id, trainer, config: checked.config, datasetPath: '', workDir, providers, device }
    return supervisor.launch(run, job, {
      start: () => startCommandProcess(invocation, { runDir: workDir, graceSeconds: command.stopGraceSeconds }),
      graceMs: command.stopGraceSeconds * 1000
    })
  }

  return {
    'runs.list': async ({ experimentId, limit, beforeId }) => store.runs.list({ experimentId, limit, beforeId }),

    'runs.get': async ({ id }) => {
      const run = mustGet(id)
      return { ...run, metrics: store.metrics.summary(id), datasetChanged: await datasetChanged(run.datasetPath, run.datasetHash) }
    },

    'runs.validate': validate,

    'runs.start': async (input, device?: DeviceAssignment) => {
      const { experimentId, trainer, config, dataset, datasetVersionId, name } = input
      const experiment = store.experiments.get(experimentId)
      if (!experiment) throw AppError.coded('NOT_FOUND', msg('run.experimentNotFound', { id: experimentId }), { issues: [codedIssue('experimentId', msg('run.noExperiment', { id: experimentId }))] })
      const command = trainerDefinitions[trainer] ? undefined : commandTrainer?.(trainer)
      if (command) return startCommand(command, input, experiment.runCount + 1, device)
      const source =
        datasetVersionId === undefined
          ? await fileSource(trainer, config, dataset === undefined ? '' : resolve(dataset))
          : await versionSource(trainer, config, datasetVersionId)
      const def = trainerDefinitions[trainer]
      const info = def.info(providers)
      const seed = source.config['training.seed']
      checkFreeSpace(dataDir, disk.minFreeBytes)
      disk.reserve.ensure()
      const run = whenDiskFull(dataDir, () => store.runs.insert({
        experimentId,
        name: name?.trim() || `${trainer}-${experiment.runCount + 1}`,
        trainer,
        trainerVersion: info.version,
        engineVersion,
        config: source.config,
        datasetPath: source.path,
        datasetHash: source.sha256,
        datasetVersionId: source.version?.versionId ?? null,
        seed: typeof seed === 'number' ? seed : null,
        owner
      }))
      const workDir = runWorkDir(dataDir, run.id)
      mkdirSync(workDir, { recursive: true })
      const job: TrainerJob = { runId: run.id, trainer, config: source.config, datasetPath: source.path, version: source.version, workDir, providers, memoryEstimate: source.memory?.bytes, device }
      const from = source.config['finetune.from_run']
      if (typeof from === 'number' && from > 0) job.startFrom = { runId: from, checkpoint: bestOrLatest(runWorkDir(dataDir, from))! }
      return supervisor.launch(run, job)
    },

    'runs.cancel': async ({ id }) => {
      mustGet(id)
      await orphans.sweep([id])
      const run = mustGet(id)
      if (supervisor.cancel(id)) return store.runs.get(id)!
      if (run.status === 'queued' || run.status === 'running')
        throw AppError.coded('CONFLICT', msg('run.supervisedElsewhere', { id }))
      throw AppError.coded('CONFLICT', msg('run.alreadyEnded', { id, status: run.status }))
    },

    'runs.update': async ({ id, name, notes, tags }) => {
      mustGet(id)
      if (tags !== undefined) store.runs.setTags(id, tags)
      const patch: { name?: string; notes?: string } = {}
      if (name !== undefined) patch.name = name
      if (notes !== undefined) patch.notes = notes
      return store.runs.update(id, patch)
    },

    'runs.delete': async ({ id }) => {
      mustGet(id)
      await orphans.sweep([id])
      const run = mustGet(id)
      if (supervisor.isActive(id) || run.status === 'running' || run.status === 'queued')
        throw AppError.coded('CONFLICT', msg('run.stillActive', { id, status: run.status }))
      store.runs.delete(id)
      rmSync(join(dataDir, 'runs', String(id)), { recursive: true, force: true })
      return { ok: true as const }
    },

    'runs.metrics': async ({ id, names, afterStep }) => {
      mustGet(id)
      return store.metrics.series(id, { names, afterStep })
    },

    'runs.log': async ({ id, offset }) => {
      mustGet(id)
      return store.logs.read(id, offset)
    },

    ...createRunFilesApi({
      store,
      supervisor,
      dataDir,
      providers,
      owner,
      orphans,
      disk,
      mustGet,
      // The data a resumed run reads is checked again, then held to the hash the run started with.
      sourceOf: async (run) => {
        const source =
          run.datasetVersionId != null ? await versionSource(run.trainer, run.config, run.datasetVersionId) : await fileSource(run.trainer, run.config, run.datasetPath ?? '')
        return { datasetPath: source.path, version: source.version, sha256: source.sha256, memoryEstimate: source.memory?.bytes }
      }
    })
  }
}
