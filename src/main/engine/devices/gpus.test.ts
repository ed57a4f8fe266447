import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { detectNvidiaGpus, gpuSlotsFrom, parseNvidiaSmi } from './gpus'

const MiB = 1024 * 1024

describe('parseNvidiaSmi', () => {
  it('reads one GPU per line of the csv, noheader, nounits query', () => {
    // As nvidia-smi prints it on a two-GPU workstation and on an A100 server.
    expect(parseNvidiaSmi('0, NVIDIA GeForce RTX 3090, 24576\n1, NVIDIA GeForce RTX 3090, 24576\n')).toEqual([
      { index: 0, name: 'NVIDIA GeForce RTX 3090', memoryBytes: 24576 * MiB, vendor: 'nvidia', provider: 'cuda' },
      { index: 1, name: 'NVIDIA GeForce RTX 3090', memoryBytes: 24576 * MiB, vendor: 'nvidia', provider: 'cuda' }
    ])
    expect(parseNvidiaSmi('0, NVIDIA A100-SXM4-80GB, 81920\r\n')).toEqual([{ index: 0, name: 'NVIDIA A100-SXM4-80GB', memoryBytes: 81920 * MiB, vendor: 'nvidia', provider: 'cuda' }])
  })

  it('skips a header, warnings and blank lines, and keeps units, unknown memory and commas in a name', () => {
    const text = [
      'index, name, memory.total [MiB]',
      '0, NVIDIA A100 80GB PCIe, 81920 MiB',
      '',
      'WARNING: infoROM is corrupted at gpu 0000:41:00.0',
      '1, NVIDIA A100-SXM4-40GB MIG 3g.20gb, [N/A]',
      '2, Some, Odd, Name, 8192',
      '1, duplicate index, 1'
    ].join('\n')
    expect(parseNvidiaSmi(text)).toEqual([
      { index: 0, name: 'NVIDIA A100 80GB PCIe', memoryBytes: 81920 * MiB, vendor: 'nvidia', provider: 'cuda' },
      { index: 1, name: 'NVIDIA A100-SXM4-40GB MIG 3g.20gb', vendor: 'nvidia', provider: 'cuda' },
      { index: 2, name: 'Some, Odd, Name', memoryBytes: 8192 * MiB, vendor: 'nvidia', provider: 'cuda' }
    ])
  })

  it('finds no GPU in what a machine without a working driver prints', () => {
    expect(parseNvidiaSmi('No devices were found\n')).toEqual([])
    expect(parseNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.\n")).toEqual([])
    expect(parseNvidiaSmi('')).toEqual([])
  })
})

describe('detectNvidiaGpus', () => {
  it('finds none when the binary is absent', async () => {
    expect(await detectNvidiaGpus({ command: join(tmpdir(), 'no-such-nvidia-smi') })).toEqual([])
  })

  it('runs the query without a shell and reads its output; a command that fails gives none', async () => {
    if (process.platform === 'win32') return
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-smi-'))
    const fake = join(dir, 'nvidia-smi')
    // Prints its arguments' first field so the test sees the query reach it unchanged.
    writeFileSync(fake, '#!/bin/sh\n[ "$1" = "--query-gpu=index,name,memory.total" ] && [ "$2" = "--format=csv,noheader,nounits" ] || exit 9\necho "0, NVIDIA H200, 143771"\n')
    chmodSync(fake, 0o755)
    expect(await detectNvidiaGpus({ command: fake })).toEqual([{ index: 0, name: 'NVIDIA H200', memoryBytes: 143771 * MiB, vendor: 'nvidia', provider: 'cuda' }])
    const failing = join(dir, 'failing-smi')
    writeFileSync(failing, '#!/bin/sh\necho "0, NVIDIA H200, 143771"\nexit 6\n')
    chmodSync(failing, 0o755)
    expect(await detectNvidiaGpus({ command: failing })).toEqual([])
  })
})

describe('gpuSlotsFrom', () => {
  it("takes nvidia-smi's GPUs, else one for the best accelerator a provider reports, else none", () => {
    const nvidia = parseNvidiaSmi('0, NVIDIA H200, 143771\n')
    expect(gpuSlotsFrom(nvidia, ['cuda', 'cpu'])).toEqual(nvidia)
    expect(gpuSlotsFrom([], ['dml', 'webgpu', 'cpu'])).toEqual([{ index: 0, name: 'dml', vendor: 'provider', provider: 'dml' }])
    expect(gpuSlotsFrom([], ['cpu'])).toEqual([])
  })
})
