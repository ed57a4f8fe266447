import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, type MethodInput, type MethodName, type MethodOutput } from '../../../shared/api'
import { AppError } from '../../../shared/errors'
import { writeBlobsCsv } from '../datasets/samples'
import { createEngine } from '../engine'
import type { Engine } from '../types'
import { createDiskReserve, DEFAULT_MIN_FREE_BYTES, diskSpace, isDiskFull, minFreeBytesFromEnv, RESERVE_FILE } from './disk-space'
import { createNodeLauncher } from './node-launcher'

let dir: string
let engine: Engine | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'paramscope-disk-'))
})
afterEach(async () => {
  await engine?.close()
  engine = undefined
  rmSync(dir, { recursive: true, force: true })
})

const open = async (minFreeBytes: number) => {
  engine = await createEngine({ dataDir: join(dir, 'home'), launcher: createNodeLauncher(['--import', 'tsx']), trainerEntry: join(__dirname, '..', 'trainers', 'entry.ts'), minFreeBytes })
  return engine
}
const call = <M extends MethodName>(m: M, input: MethodInput<M>): Promise<MethodOutput<M>> =>
  engine!.api[m](api[m].input.parse(input) as never) as Promise<MethodOutput<M>>

describe('free space in the data folder', () => {
  it('is reported by system.disk with the threshold runs need', async () => {
    await open(0)
    const disk = await call('system.disk', {})
    expect(disk).toMatchObject({ dir: join(dir, 'home'), minFreeBytes: 0, low: false })
    expect(disk.freeBytes).toBeGreaterThan(0)
    expect(disk.totalBytes).toBeGreaterThanOrEqual(disk.freeBytes)
  })

  it('refuses runs.start below the threshold, naming the free space and the folder', async () => {
    const csv = join(dir, 'blobs.csv')
    await writeBlobsCsv(csv, { rows: 60, features: 3, classes: 2, seed: 1 })
    const home = join(dir, 'home')
    // 100 TB: more than any disk this test runs on has free.
    await open(100 * 1024 ** 4)
    expect(await call('system.disk', {})).toMatchObject({ low: true })
    const experimentId = (await call('experiments.create', { name: 'low' })).id
    const refused = await call('runs.start', { experimentId, trainer: 'mlp', config: {}, dataset: csv }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/^The run was not started: only \d.* free in the data folder .+; a run starts with at least 100 TB free/) })
    expect((refused as AppError).message).toContain(home)
    expect((refused as AppError).details?.issues).toEqual([{ field: 'dataDir', message: expect.any(String), rule: 'diskLow', values: { dir: home, free: expect.any(String), min: '100 TB' } }])
    expect(await call('runs.list', {})).toEqual([])
  })
})

describe('disk-space helpers', () => {
  it('read the threshold from PARAMSCOPE_MIN_FREE_MB, falling back to 200 MB', () => {
    expect(minFreeBytesFromEnv({})).toBe(DEFAULT_MIN_FREE_BYTES)
    expect(minFreeBytesFromEnv({ PARAMSCOPE_MIN_FREE_MB: '50' })).toBe(50 * 1024 * 1024)
    expect(minFreeBytesFromEnv({ PARAMSCOPE_MIN_FREE_MB: '0' })).toBe(0)
    expect(minFreeBytesFromEnv({ PARAMSCOPE_MIN_FREE_MB: 'lots' })).toBe(DEFAULT_MIN_FREE_BYTES)
    expect(minFreeBytesFromEnv({ PARAMSCOPE_MIN_FREE_MB: '-1' })).toBe(DEFAULT_MIN_FREE_BYTES)
  })

  it('tell a full disk from other failures', () => {
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true)
    expect(isDiskFull(Object.assign(new Error('write'), { code: 'ENOSPC' }))).toBe(true)
    expect(isDiskFull(new Error('ENOSPC: no space left on device, write'))).toBe(true)
    expect(isDiskFull(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBe(false)
  })

  it('keep a reserve file while there is room, and give it back once', () => {
    const reserve = createDiskReserve(dir, 4096)
    reserve.ensure()
    expect(statSync(join(dir, RESERVE_FILE)).size).toBe(4096)
    expect(reserve.release()).toBe(true)
    expect(existsSync(join(dir, RESERVE_FILE))).toBe(false)
    expect(reserve.release()).toBe(false)
    // No room for it twice over: no reserve, and no error.
    const huge = createDiskReserve(dir, diskSpace(dir).freeBytes)
    huge.ensure()
    expect(existsSync(join(dir, RESERVE_FILE))).toBe(false)
  })
})
