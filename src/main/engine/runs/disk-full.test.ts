/**
 * A data folder on a disk that fills up mid-run: a 2 MB tmpfs, where this machine lets the test
 * mount one (root on Linux); skipped elsewhere, saying why. supervisor.test.ts covers the same
 * paths everywhere with a store that fails as SQLite fails on a full disk.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput, type Run } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import type { Engine } from '../types'
import { RESERVE_FILE } from './disk-space'
import { createNodeLauncher } from './node-launcher'

/** Mounts a 2 MB tmpfs, or says why it cannot. */
function mountSmallDisk(): { dir: string; skip?: undefined } | { dir?: undefined; skip: string } {
  if (process.platform !== 'linux') return { skip: `a tmpfs needs Linux, this is ${process.platform}` }
  if (process.getuid?.() !== 0) return { skip: 'mounting a tmpfs needs root' }
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-small-disk-'))
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' })
    return { dir }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true })
    const said = (err as { stderr?: Buffer }).stderr?.toString().trim()
    return { skip: `mount -t tmpfs was refused${said ? `: ${said}` : ''}` }
  }
}

const disk = mountSmallDisk()
const KB = 1024
const free = (dir: string) => {
  const s = statfsSync(dir)
  return s.bavail * s.bsize
}

let work: string
let csv: string
let engine: Engine | undefined

const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  engine!.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>

const open = async () => {
  engine = await createEngine({
    dataDir: disk.dir!,
    launcher: createNodeLauncher(['--import', 'tsx']),
    trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'),
    cancelGraceMs: 3000,
    minFreeBytes: 512 * KB,
    diskReserveBytes: 256 * KB
  })
}

async function settle(id: number): Promise<Run> {
  for (let i = 0; i < 1200; i++) {
    const run = await call('runs.get', { id })
    if (run.status !== 'running' && run.status !== 'queued') return run
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`run ${id} did not end`)
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'paramscope-disk-full-'))
  csv = join(work, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 600, features: 5, classes: 3, separation: 2.5, seed: 5 })
})

afterAll(async () => {
  await engine?.close()
  if (disk.dir) {
    // Lazily if something still holds a file there, so a failed test leaves no mount behind.
    execFileSync('umount', ['-l', disk.dir])
    rmSync(disk.dir, { recursive: true, force: true })
  }
  rmSync(work, { recursive: true, force: true })
})

const title = 'fails the run naming the full disk, stays up, refuses new runs until there is room'
describe('a data folder whose disk fills up', () => {
  it.skipIf(disk.skip !== undefined)(disk.skip ? `${title} (skipped: ${disk.skip})` : title, async () => {
    const dir = disk.dir!
    await open()
    const experimentId = (await call('experiments.create', { name: 'full' })).id
    const config = { 'data.batch_size': 4, 'training.epochs': 30, 'runtime.steps_per_run': 1, 'model.hidden_size': 16, 'diagnostics.every': 0 }
    const run = await call('runs.start', { experimentId, trainer: 'mlp', config, dataset: csv })
    expect(run.status).toBe('running')

    // Something else fills the disk, leaving less than the run's metrics will need.
    writeFileSync(join(dir, 'filler'), Buffer.alloc(Math.max(0, free(dir) - 48 * KB)))
    const failed = await settle(run.id)
    expect(failed.status).toBe('failed')
    expect(failed.statusMessage).toMatch(new RegExp(`^Disk full: the data folder ${dir} has .+ free, so the run was stopped; `))
    expect(failed.statusReason).toMatchObject({ rule: 'diskFull', values: { dir } })

    // The engine still answers, and refuses to start a run, saying how much is free and where.
    expect((await call('runs.list', {})).map((r) => r.id)).toEqual([run.id])
    const refused = await call('runs.start', { experimentId, trainer: 'mlp', config, dataset: csv }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`^The run was not started: only .+ free in the data folder ${dir}; a run starts with at least 512 KB free`)) })
    expect((refused as AppError).details?.issues).toEqual([expect.objectContaining({ field: 'dataDir', rule: 'diskLow', values: expect.objectContaining({ dir, min: '512 KB' }) })])
    const resumeRefused = await call('runs.resume', { id: run.id }).catch((e: unknown) => e)
    expect(resumeRefused).toBeInstanceOf(AppError)

    // After a restart the run still says what happened to it.
    await engine!.close()
    engine = undefined
    await open()
    expect(await call('runs.get', { id: run.id })).toMatchObject({ status: 'failed', statusReason: { rule: 'diskFull' } })

    // With room again, runs start again, and the reserve is made again for the next time.
    rmSync(join(dir, 'filler'))
    const again = await call('runs.start', { experimentId, trainer: 'mlp', config, dataset: csv })
    expect(again.status).toBe('running')
    expect(existsSync(join(dir, RESERVE_FILE))).toBe(true)
    await call('runs.cancel', { id: again.id })
    expect((await settle(again.id)).status).toBe('cancelled')
  })
})
