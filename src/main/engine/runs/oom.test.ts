import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Config } from '../../../shared/api'
import { createEventBus } from '../events'
import { openStore, type Store } from '../store'
import { createNodeLauncher } from './node-launcher'
import { oomKills, peakRss, watchMemory } from './oom'
import { openEngineIdentity } from './orphans'
import { createSupervisor, type Supervisor } from './supervisor'

const MB = 2 ** 20
const memory = () => ({ bytes: 8 * 2 ** 30, limitedBy: 'machine' as const })

/** A /proc and cgroup as a test wants them: the OOM counter and the trainer's peak can change under the watch. */
function fakeSystem(files: Record<string, string>) {
  return (path: string): string => {
    if (!(path in files)) throw Object.assign(new Error(`ENOENT ${path}`), { code: 'ENOENT' })
    return files[path]
  }
}

describe('out-of-memory deaths', () => {
  it('reads the cgroup v2 or v1 counter of out-of-memory kills, and a process’s peak', () => {
    expect(oomKills(fakeSystem({ '/sys/fs/cgroup/memory.events': 'low 0\nhigh 0\nmax 4\noom 2\noom_kill 2\n' }))).toBe(2)
    expect(oomKills(fakeSystem({ '/sys/fs/cgroup/memory/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 7\n' }))).toBe(7)
    expect(oomKills(fakeSystem({}))).toBeNull()
    expect(peakRss(42, fakeSystem({ '/proc/42/status': 'Name:\tnode\nVmPeak:\t 9000 kB\nVmHWM:\t  204800 kB\n' }))).toBe(200 * MB)
  })

  it('says the out-of-memory killer ended a trainer when the kernel counted a kill meanwhile, whatever the exit', async () => {
    const files: Record<string, string> = { '/sys/fs/cgroup/memory.events': 'oom_kill 0\n', '/proc/7/status': 'VmHWM:\t 3145728 kB\n' }
    const watch = watchMemory(() => 7, 2.5 * 2 ** 30, { read: fakeSystem(files), everyMs: 5, memory })
    await new Promise((r) => setTimeout(r, 30))
    files['/sys/fs/cgroup/memory.events'] = 'oom_kill 1\n'
    const end = watch.end(9, null)
    expect(end?.reason).toEqual({ rule: 'outOfMemory', values: { signal: 'exit code 9', peak: '3.00 GB', estimate: '2.50 GB', available: '8.00 GB' } })
    expect(end?.message).toBe("The system ran out of memory: the kernel's out-of-memory killer ended the trainer (exit code 9); its last measured peak was 3.00 GB; the estimate before start was 2.50 GB of the 8.00 GB available")
  })

  it('calls a SIGKILL nobody asked for most likely out of memory, and leaves other crashes alone', () => {
    const read = fakeSystem({})
    expect(watchMemory(() => 7, 300 * MB, { read, memory }).end(null, 'SIGKILL')).toMatchObject({ reason: { rule: 'likelyOutOfMemory', values: { estimate: '300 MB', peak: '?' } } })
    expect(watchMemory(() => 7, 300 * MB, { read, memory }).end(3, null)).toBeNull()
    expect(watchMemory(() => 7, 300 * MB, { read, memory }).end(null, 'SIGSEGV')).toBeNull()
  })
})

describe('a trainer process killed by SIGKILL', () => {
  let dir: string
  let store: Store
  let supervisor: Supervisor
  afterEach(async () => {
    await supervisor.shutdown()
    store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('ends crashed, saying it most likely ran out of memory, with the estimate it started with', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paramscope-oom-'))
    store = openStore(join(dir, 'test.db'))
    supervisor = createSupervisor({ store, launcher: createNodeLauncher(['--import', 'tsx']), events: createEventBus(), trainerEntry: join(__dirname, 'fixtures', 'scripted-trainer.ts'), dataDir: dir, cancelGraceMs: 300, flushMs: 20 })
    const experiment = store.experiments.create({ name: 'oom', description: '' })
    const config: Config = { 'fixture.mode': 'forever' }
    const run = store.runs.insert({ experimentId: experiment.id, name: 'oom', trainer: 'fixture', trainerVersion: '0', engineVersion: '0', config, datasetPath: null, datasetHash: null, seed: 1, owner: await openEngineIdentity() })
    supervisor.launch(run, { runId: run.id, trainer: 'fixture', config, datasetPath: '', workDir: dir, providers: ['cpu'], memoryEstimate: 123 * MB })
    for (let i = 0; i < 500 && !(store.metrics.summary(run.id)['train/loss']?.count >= 5); i++) await new Promise((r) => setTimeout(r, 20))
    process.kill(supervisor.pid(run.id)!, 'SIGKILL')
    for (let i = 0; i < 500 && store.runs.get(run.id)!.status === 'running'; i++) await new Promise((r) => setTimeout(r, 20))
    const final = store.runs.get(run.id)!
    expect(final).toMatchObject({ status: 'crashed', exitSignal: 'SIGKILL', statusReason: { rule: expect.stringMatching(/^(likelyOutOfMemory|outOfMemory)$/), values: { estimate: '123 MB' } } })
    expect(final.statusMessage).toMatch(/SIGKILL|out-of-memory killer/)
    expect(final.statusMessage).toMatch(/the estimate before start was 123 MB of the [\d.]+ [GT]B available/)
  })
})
