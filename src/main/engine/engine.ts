import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { EngineApi } from '../../shared/api'
import { AppError } from '../../shared/errors'
import { createAnalysisApi } from './analysis/api/analysis-api'
import { commandTrainerInfo } from '../../shared/schemas/command-trainers'
import { createParseLogApi } from './command/parse-log-api'
import { createTrainersApi } from './command/trainers-api'
import { createDatasetsApi } from './datasets/datasets-api'
import { createFileStatus } from './datasets/import/file-status'
import { importFile } from './datasets/import/import-file'
import { createImportQueue } from './datasets/import/import-queue'
import { readRows } from './datasets/readers/read-rows'
import { findSamplesDir } from './datasets/sample-files'
import { detectNvidiaGpus, gpuSlotsFrom } from './devices/gpus'
import { createEventBus } from './events'
import { createExperimentsApi } from './experiments-api'
import { createImportApi } from './import/import-api'
import { detectProviders } from './providers'
import { createDiskReserve, diskSpace, minFreeBytesFromEnv } from './runs/disk-space'
import { createOrphanWatch, openEngineIdentity } from './runs/orphans'
import { machineMemory } from './runs/memory-check'
import { createRunQueue, defaultMaxRuns } from './runs/run-queue'
import { createRunsApi } from './runs/runs-api'
import { createRunsTable } from './runs/runs-table'
import { createSeriesDownsampledApi } from './runs/series-downsampled'
import { createSupervisor } from './runs/supervisor'
import { createSystemSampler } from './runs/system-metrics'
import { createChromiumPrinter } from './report/chromium'
import { createReportsApi } from './report/reports-api'
import { openStore } from './store'
import { createDeviceSlots, defaultThreadBudget } from './studies/slots'
import { createStudiesApi } from './studies/studies-api'
import { createStudyService } from './studies/study-service'
import { sweepAllCheckpointTemps } from './trainers/common/checkpoints'
import { trainerDefinitions } from './trainers/registry'
import type { Engine, EngineOptions } from './types'
import { engineVersion } from './version'

/** The composition root: opens the store, wires the services and returns the API object. */
export async function createEngine(options: EngineOptions): Promise<Engine> {
  const { dataDir, launcher, trainerEntry, dialogs } = options
  mkdirSync(dataDir, { recursive: true })
  const store = openStore(join(dataDir, 'paramscope.db'))
  const events = createEventBus()
  const owner = await openEngineIdentity()
  const orphans = createOrphanWatch({ store, events, self: owner })
  await orphans.sweep()
  const [providers, nvidia] = await Promise.all([detectProviders(), options.gpus ? Promise.resolve([]) : detectNvidiaGpus({ command: options.nvidiaSmi })])
  const gpus = options.gpus ?? gpuSlotsFrom(nvidia, providers)
  // nvidia-smi is asked for GPU use only where it listed GPUs (or a test names its own).
  const system = createSystemSampler({ intervalMs: options.sysIntervalMs, nvidiaSmi: nvidia.length > 0 || options.nvidiaSmi ? (options.nvidiaSmi ?? 'nvidia-smi') : null })
  const reserve = createDiskReserve(dataDir, options.diskReserveBytes)
  reserve.ensure()
  const disk = { minFreeBytes: options.minFreeBytes ?? minFreeBytesFromEnv(), reserve }
  const memory = options.memoryLimitBytes ? { bytes: options.memoryLimitBytes, limitedBy: 'machine' as const } : machineMemory()
  const cancelGraceMs = options.cancelGraceMs ?? 5000
  const supervisor = createRunQueue(createSupervisor({ store, launcher, events, trainerEntry, dataDir, reserve, cancelGraceMs, gpus, system, logCapBytes: options.logCapBytes }), {
    store,
    events,
    maxConcurrent: options.maxConcurrentRuns ?? defaultMaxRuns(),
    memory
  })
  const libraryDir = join(dataDir, 'library')
  const imports = createImportQueue({ store, events, importFile, libraryDir })
  const fileStatus = createFileStatus(store)
  // Unfinished checkpoint files of trainers killed mid-write, in every run folder (a live writer's stay).
  const sweeping = sweepAllCheckpointTemps(join(dataDir, 'runs')).catch(() => 0)
  const analysis = createAnalysisApi({ store, events, specsOf: (trainer) => trainerDefinitions[trainer]?.info(providers).params })
  const maxConcurrentRuns = options.maxConcurrentRuns ?? defaultMaxRuns()
  const commandTrainers = createTrainersApi(join(dataDir, 'trainers'), () => Object.values(trainerDefinitions).map((t) => t.info(providers)))
  const runsApi = createRunsApi({ store, supervisor, dataDir, providers, fileStatus, owner, orphans, disk, memory, commandTrainer: commandTrainers.commandTrainer })
  // A command trainer's run starts and stops; resuming one is refused with a coded message.
  const runs: typeof runsApi = {
    ...runsApi,
    'runs.resume': async (input, device) => {
      const run = store.runs.get(input.id)
      if (run) commandTrainers.refuseResume(run)
      return runsApi['runs.resume'](input, device)
    }
  }
  // Studies sweep the built-in trainers and the registered command trainers alike.
  const trainers = () =>
    Object.fromEntries([...Object.values(trainerDefinitions).map((t) => t.info(providers)), ...commandTrainers.registry.list().map(commandTrainerInfo)].map((t) => [t.id, t]))
  const slots = createDeviceSlots({ threadBudget: options.threadBudget ?? defaultThreadBudget(), gpus, providers })
  const goalsOf = (trainer: string) => Object.fromEntries((trainers()[trainer]?.metrics ?? []).flatMap((m) => (m.goal ? [[m.name, m.goal]] : [])))
  const studies = createStudyService({ store, events, owner, orphans, runs, trainers, maxConcurrentRuns, slots })
  await studies.recover()

  // Reports printed on the command line and the server share one Chromium, kept a minute after each.
  const printer = createChromiumPrinter()
  const table = createRunsTable({ store, goalsOf, warm: true })
  const api: EngineApi = {
    'app.info': async () => ({
      version: engineVersion,
      dataDir,
      platform: `${process.platform}-${process.arch}`,
      providers,
      nativeDialogs: dialogs !== undefined
    }),
    ...createExperimentsApi(store, events),
    ...createImportApi(store, table.keepNewRuns),
    ...commandTrainers.api,
    ...createParseLogApi(),
    ...runs,
    ...table.api,
    ...createSeriesDownsampledApi(store),
    ...createDatasetsApi({ store, events, queue: imports, readRows, fileStatus, libraryDir, samplesDir: options.samplesDir ?? findSamplesDir() }),
    ...createStudiesApi(),
    ...studies.api,
    ...analysis.api,
    ...createReportsApi({
      store,
      analysis: { columns: analysis.api['analysis.columns'], run: analysis.api['analysis.run'] },
      commandOf: (trainer) => commandTrainers.commandTrainer(trainer)?.command,
      gpus: nvidia.map((g) => g.name),
      printPdf: options.printPdf,
      printer
    }),
    'system.pickFile': async ({ title, extensions }) => {
      if (!dialogs) throw new AppError('UNSUPPORTED', 'The native file picker exists only in the desktop app; type the file path instead')
      return { path: await dialogs.pickFile({ title, extensions }) }
    },
    'system.pickSaveFile': async ({ title, defaultPath, extensions }) => {
      if (!dialogs) throw new AppError('UNSUPPORTED', 'The native save dialog exists only in the desktop app; type the file path instead')
      return { path: await dialogs.pickSaveFile({ title, defaultPath, extensions }) }
    },
    'system.disk': async () => {
      const { freeBytes, totalBytes } = diskSpace(dataDir)
      return { dir: dataDir, freeBytes, totalBytes, minFreeBytes: disk.minFreeBytes, low: freeBytes < disk.minFreeBytes }
    }
  }

  let closed = false
  return {
    api,
    events,
    async close() {
      if (closed) return
      closed = true
      orphans.close()
      // Studies first: their running trials are queued again before the supervisor stops the trainers.
      await studies.close()
      await Promise.all([imports.close(), supervisor.shutdown(), analysis.close(), printer.close(), sweeping])
      owner.release()
      store.close()
    }
  }
}
