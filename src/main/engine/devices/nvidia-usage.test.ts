import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { GPU_PROCESS_ARGS, GPU_USAGE_ARGS, parseGpuProcesses, parseGpuUsage, queryNvidiaUsage, smiNumber } from './nvidia-usage'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'nvidia-smi', name), 'utf8')
const H200 = 'GPU-c9a1a2f8-56ae-6d98-1d44-cc2c25b44b61'

describe('parseGpuUsage', () => {
  it('reads a busy H200, skipping the timestamps between the three answers', () => {
    const gpus = parseGpuUsage(fixture('busy-gpu.csv'))
    expect(gpus).toHaveLength(3)
    expect(gpus[0]).toEqual({ index: 0, uuid: H200, name: 'NVIDIA H200', memoryTotalMb: 143771, memoryUsedMb: 7119, utilPercent: 100 })
  })

  it('reads an idle GPU as zeros', () => {
    expect(parseGpuUsage(fixture('idle-gpu.csv'))).toEqual([{ index: 0, uuid: H200, name: 'NVIDIA H200', memoryTotalMb: 143771, memoryUsedMb: 0, utilPercent: 0 }])
  })

  it('reads the columns a header names, with units', () => {
    expect(parseGpuUsage(fixture('busy-gpu-with-units.csv'))).toEqual([{ index: 0, uuid: '', name: 'NVIDIA H200', memoryTotalMb: 143771, memoryUsedMb: 7119, utilPercent: 100 }])
  })

  it('leaves out what the driver withholds ([N/A], [Not Supported]) and keeps a name with commas', () => {
    const text = '0, GPU-a, NVIDIA A100-SXM4-40GB MIG 3g.20gb, [N/A], [N/A], [N/A], [N/A]\n1, GPU-b, Odd, Name, 8192, 100, [Not Supported], 0\n'
    expect(parseGpuUsage(text)).toEqual([
      { index: 0, uuid: 'GPU-a', name: 'NVIDIA A100-SXM4-40GB MIG 3g.20gb' },
      { index: 1, uuid: 'GPU-b', name: 'Odd, Name', memoryTotalMb: 8192, memoryUsedMb: 100 }
    ])
  })
})

describe('parseGpuProcesses', () => {
  it('reads the processes on the GPUs, with and without units, and nothing when idle', () => {
    expect(parseGpuProcesses(fixture('busy-apps.csv'))[0]).toEqual({ pid: 439, gpuUuid: H200, usedMemoryMb: 7110 })
    expect(parseGpuProcesses(fixture('busy-apps-with-units.csv'))).toEqual([{ pid: 439, gpuUuid: '', usedMemoryMb: 7110 }])
    expect(parseGpuProcesses(fixture('idle-apps.csv'))).toEqual([])
    expect(parseGpuProcesses('1234, GPU-a, [N/A]\n')).toEqual([{ pid: 1234, gpuUuid: 'GPU-a' }])
  })
})

describe('smiNumber', () => {
  it('takes numbers with or without a unit, and nothing else', () => {
    expect([smiNumber('7119'), smiNumber('7119 MiB'), smiNumber('100 %'), smiNumber('12.5')]).toEqual([7119, 7119, 100, 12.5])
    expect([smiNumber('[N/A]'), smiNumber('N/A'), smiNumber(''), smiNumber(undefined)]).toEqual([undefined, undefined, undefined, undefined])
  })
})

describe('queryNvidiaUsage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paramscope-nvsmi-'))
  const script = (name: string, body: string) => {
    const path = join(dir, name)
    writeFileSync(path, `#!/bin/sh\n${body}\n`)
    chmodSync(path, 0o755)
    return path
  }

  it.runIf(process.platform !== 'win32')('asks both queries without a shell and parses the answers', async () => {
    const fake = script(
      'nvidia-smi',
      `case "$1" in\n  ${GPU_USAGE_ARGS[0]}) cat '${join(__dirname, 'fixtures', 'nvidia-smi', 'idle-gpu.csv')}' ;;\n  ${GPU_PROCESS_ARGS[0]}) echo "77, ${H200}, 512" ;;\n  *) exit 2 ;;\nesac`
    )
    expect(await queryNvidiaUsage(fake, 3000)).toEqual({
      gpus: [{ index: 0, uuid: H200, name: 'NVIDIA H200', memoryTotalMb: 143771, memoryUsedMb: 0, utilPercent: 0 }],
      processes: [{ pid: 77, gpuUuid: H200, usedMemoryMb: 512 }]
    })
  })

  it.runIf(process.platform !== 'win32')('says a missing binary is missing, and a hanging or failing one why', async () => {
    expect(await queryNvidiaUsage(join(dir, 'no-such-nvidia-smi'), 1000)).toEqual({ missing: true })
    expect(await queryNvidiaUsage(script('hangs', 'exec sleep 30'), 300)).toEqual({ missing: false, reason: 'no answer within 300 ms' })
    expect(await queryNvidiaUsage(script('fails', 'echo "NVIDIA-SMI has failed" >&2; exit 9'), 1000)).toMatchObject({ missing: false })
  })
})
