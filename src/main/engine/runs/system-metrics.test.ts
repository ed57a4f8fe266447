import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Config, Run } from '../../../shared/api'
import { startCommandProcess } from '../command/command-process'
import type { Gpu } from '../devices/gpus'
import { GPU_PROCESS_ARGS, GPU_USAGE_ARGS } from '../devices/nvidia-usage'
import { createEventBus } from '../events'
import { openStore, type Store } from '../store'
import type { DeviceAssignment } from '../trainers/protocol'
import { createNodeLauncher } from './node-launcher'
import { type EngineIdentity, openEngineIdentity } from './orphans'
import { createSupervisor, type Supervisor } from './supervisor'
import { createSystemSampler, sysIntervalFromEnv, type SystemSamplerOptions } from './system-metrics'

const fixture = join(__dirname, 'fixtures', 'scripted-trainer.ts')
const H200 = 'GPU-c9a1a2f8-56ae-6d98-1d44-cc2c25b44b61'
const gpus: Gpu[] = [{ index: 0, name: 'NVIDIA H200', memoryBytes: 143771 * 1024 * 1024, vendor: 'nvidia', provider: 'cuda' }]
const onCuda0: DeviceAssignment = { slot: 'cuda:0', deviceId: 0, env: { CUDA_VISIBLE_DEVICES: '0' } }

let dir: string
let store: Store
let supervisor: Supervisor
let self: EngineIdentity

function until(check: () => boolean, timeoutMs = 20000): Promise<void> {
  const start = Date.now()
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve()
      else if (Date.now() - start > timeoutMs) reject(new Error('timed out waiting'))
      else setTimeout(tick, 20)
    }
    tick()
  })
}

function open(sampler: SystemSamplerOptions): void {
  supervisor = createSupervisor({
    store,
    launcher: createNodeLauncher(['--import', 'tsx']),
    events: createEventBus(),
    trainerEntry: fixture,
    dataDir: dir,
    cancelGraceMs: 300,
    flushMs: 20,
    gpus,
    system: createSystemSampler({ intervalMs: 200, nvidiaTimeoutMs: 500, ...sampler })
  })
}

function insert(name: string, config: Config): Run {
  const experiment = store.experiments.get(1) ?? store.experiments.create({ name: 'system', description: '' })
  return store.runs.insert({ experimentId: experiment.id, name, trainer: 'fixture', trainerVersion: '0', engineVersion: '0', config, datasetPath: null, datasetHash: null, seed: 1, owner: self })
}

/** A built-in trainer (the scripted fixture) that trains until cancelled, on `device` when given. */
function launchBuiltIn(provider: string, device?: DeviceAssignment): Run {
  const config: Config = { 'fixture.mode': 'forever', 'fixture.provider': provider }
  const run = insert('built-in', config)
  return supervisor.launch(run, { runId: run.id, trainer: 'fixture', config, datasetPath: '', workDir: dir, providers: ['cpu'], ...(device ? { device } : {}) })
}

/** A command trainer: a node script that holds 50 MB and prints a line until stopped. */
function launchCommand(device?: DeviceAssignment): Run {
  const run = insert('command', {})
  const runDir = join(dir, `run-${run.id}`)
  const code = "const b = Buffer.alloc(50e6, 1); let i = 0; setInterval(() => console.log('tick ' + ++i + ' ' + b[i]), 50)"
  const invocation = { file: process.execPath, args: ['-e', code], env: device?.env ?? {}, cwd: dir, files: [], metricsFile: join(runDir, 'metrics.jsonl'), stopFile: join(runDir, 'STOP') }
  return supervisor.launch(run, { runId: run.id, trainer: 'command', config: {}, datasetPath: '', workDir: runDir, providers: ['cpu'], ...(device ? { device } : {}) }, {
    start: () => startCommandProcess(invocation, { runDir, graceSeconds: 1 }),
    graceMs: 1000
  })
}

/**
 * An executable nvidia-smi stand-in, run by path: the GPU query answers with the H200 captured
 * busy, the process query with the lines of `apps.csv` beside it (the test writes the trainer's pid there).
 */
function fakeNvidiaSmi(body?: string): string {
  const path = join(dir, 'nvidia-smi')
  const apps = join(dir, 'apps.csv')
  writeFileSync(apps, '')
  const answer = `case "$1" in\n  ${GPU_USAGE_ARGS[0]}) echo "0, ${H200}, NVIDIA H200, 143771, 7119, 100, 6" ;;\n  ${GPU_PROCESS_ARGS[0]}) cat '${apps}' ;;\n  *) exit 2 ;;\nesac`
  writeFileSync(path, `#!/bin/sh\n${body ?? answer}\n`)
  chmodSync(path, 0o755)
  return path
}

const holds = (pid: number | undefined, mib: number) => writeFileSync(join(dir, 'apps.csv'), `${pid}, ${H200}, ${mib}\n`)
const names = (runId: number) => Object.keys(store.metrics.summary(runId)).filter((n) => n.startsWith('sys/')).sort()
const has = (runId: number, name: string) => () => store.metrics.summary(runId)[name] !== undefined

async function stopped(runId: number): Promise<Run> {
  supervisor.cancel(runId)
  await supervisor.ended(runId)
  return store.runs.get(runId)!
}

beforeEach(async () => {
  self = await openEngineIdentity()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-system-'))
  store = openStore(join(dir, 'test.db'))
})

afterEach(async () => {
  await supervisor.shutdown()
  self.release()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('system metrics', () => {
  it("records a built-in trainer's CPU and memory on a time axis, and nothing of a GPU it has none of", async () => {
    open({ nvidiaSmi: null })
    const run = launchBuiltIn('cpu')
    await until(has(run.id, 'sys/memory_mb'))
    const memory = store.metrics.series(run.id, { names: ['sys/memory_mb', 'sys/cpu_percent'] })
    // A Node process with tsx loaded holds tens of MB; the step is whole seconds since the start.
    expect(memory['sys/memory_mb'].values[0]).toBeGreaterThan(10)
    expect(memory['sys/memory_mb'].steps[0]).toBeLessThanOrEqual(Math.ceil((Date.now() - run.startedAt!) / 1000))
    expect(memory['sys/cpu_percent'].values[0]).toBeGreaterThanOrEqual(0)
    const final = await stopped(run.id)
    expect(final.status).toBe('cancelled')
    expect(names(run.id)).toEqual(['sys/cpu_percent', 'sys/memory_mb'])
    // The run's step is its training step, untouched by the sys series' seconds.
    const trained = store.metrics.summary(run.id)['train/loss']?.count ?? 0
    expect([trained - 1, trained]).toContain(final.step)
  })

  it.runIf(process.platform !== 'win32')('records the GPU of a run placed on cuda:0, by name, with its use from nvidia-smi', async () => {
    open({ nvidiaSmi: fakeNvidiaSmi() })
    const run = launchBuiltIn('cuda', onCuda0)
    holds(supervisor.pid(run.id), 7110)
    await until(has(run.id, 'sys/gpu_process_memory_mb'))
    const final = await stopped(run.id)
    expect(final).toMatchObject({ provider: 'cuda', device: 'cuda:0 (NVIDIA H200)' })
    expect(names(run.id)).toEqual(['sys/cpu_percent', 'sys/gpu_memory_mb', 'sys/gpu_process_memory_mb', 'sys/gpu_util_percent', 'sys/memory_mb'])
    const s = store.metrics.summary(run.id)
    expect(s['sys/gpu_util_percent'].last).toBe(100)
    expect(s['sys/gpu_memory_mb'].last).toBe(7119)
    expect(s['sys/gpu_process_memory_mb'].last).toBe(7110)
  })

  it.runIf(process.platform !== 'win32')('records no GPU metric when nvidia-smi is absent, or hangs (then says so once and stops asking)', async () => {
    open({ nvidiaSmi: join(dir, 'no-such-nvidia-smi') })
    const absent = launchBuiltIn('cuda', onCuda0)
    await until(() => store.runs.get(absent.id)!.device !== null)
    await until(() => (store.metrics.summary(absent.id)['sys/memory_mb']?.count ?? 0) >= 2)
    expect((await stopped(absent.id)).device).toBe('cuda:0 (NVIDIA H200)')
    expect(names(absent.id)).toEqual(['sys/cpu_percent', 'sys/memory_mb'])
    await supervisor.shutdown()

    open({ nvidiaSmi: fakeNvidiaSmi('exec sleep 30'), nvidiaTimeoutMs: 300 })
    const hung = launchBuiltIn('cuda', onCuda0)
    await until(() => store.logs.read(hung.id, 0).text.includes('nvidia-smi did not answer (no answer within 300 ms)'))
    await until(() => (store.metrics.summary(hung.id)['sys/memory_mb']?.count ?? 0) >= 2)
    const final = await stopped(hung.id)
    expect(final.status).toBe('cancelled')
    expect(names(hung.id)).toEqual(['sys/cpu_percent', 'sys/memory_mb'])
    expect(store.logs.read(hung.id, 0).text.split('nvidia-smi did not answer')).toHaveLength(2)
  })

  it('samples a command trainer and records it on the CPU', async () => {
    open({ nvidiaSmi: null })
    const run = launchCommand()
    expect(run).toMatchObject({ provider: 'cpu', device: 'cpu' })
    await until(() => (store.metrics.summary(run.id)['sys/memory_mb']?.max ?? 0) > 50)
    expect((await stopped(run.id)).status).toBe('cancelled')
    expect(names(run.id)).toEqual(['sys/cpu_percent', 'sys/memory_mb'])
  })

  it.runIf(process.platform !== 'win32')('records the GPU a command run with no placement is seen on, and one placed on a GPU by its slot', async () => {
    open({ nvidiaSmi: fakeNvidiaSmi() })
    const unplaced = launchCommand()
    holds(supervisor.pid(unplaced.id), 2048)
    await until(() => store.runs.get(unplaced.id)!.device !== 'cpu')
    await until(has(unplaced.id, 'sys/gpu_process_memory_mb'))
    expect(await stopped(unplaced.id)).toMatchObject({ provider: 'cuda', device: 'cuda:0 (NVIDIA H200)' })
    expect(store.metrics.summary(unplaced.id)['sys/gpu_process_memory_mb'].last).toBe(2048)

    const placed = launchCommand(onCuda0)
    expect(placed).toMatchObject({ provider: 'cuda', device: 'cuda:0 (NVIDIA H200)' })
    await until(has(placed.id, 'sys/gpu_util_percent'))
    await stopped(placed.id)
    // Its processes hold nothing on the GPU (apps.csv names the other run): 0 MiB of the GPU's 7119.
    expect(store.metrics.summary(placed.id)['sys/gpu_process_memory_mb'].last).toBe(0)
  })
})

describe('sysIntervalFromEnv', () => {
  it('takes PARAMSCOPE_SYS_INTERVAL_MS when it is a whole number ≥ 0, else 5000 ms', () => {
    expect(sysIntervalFromEnv({})).toBe(5000)
    expect(sysIntervalFromEnv({ PARAMSCOPE_SYS_INTERVAL_MS: '1000' })).toBe(1000)
    expect(sysIntervalFromEnv({ PARAMSCOPE_SYS_INTERVAL_MS: '0' })).toBe(0)
    expect(sysIntervalFromEnv({ PARAMSCOPE_SYS_INTERVAL_MS: 'fast' })).toBe(5000)
    expect(sysIntervalFromEnv({ PARAMSCOPE_SYS_INTERVAL_MS: '-1' })).toBe(5000)
  })
})
