import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTreeMeter, parseProcStat, parseProcStatus, parsePs, parseWin32ProcessCsv, readProcesses, treeOf, type ProcessRow } from './process-tree'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', 'processes', name), 'utf8')

describe('parseProcStat', () => {
  it('reads pid, parent, group and CPU time from a captured /proc/<pid>/stat', () => {
    expect(parseProcStat(fixture('linux-stat.txt'))).toEqual({ pid: 21481, ppid: 21479, pgrp: 21475, cpuSeconds: 0 })
    expect(parseProcStat(fixture('linux-stat-parent.txt'))).toMatchObject({ pid: 21479, ppid: 21475, pgrp: 21475 })
  })

  it('keeps a command name with spaces and parentheses, and sums user and system ticks', () => {
    const stat = '4242 (my (odd) name) R 17 4242 4242 0 -1 4194304 98 0 0 0 250 130 0 0 20 0 3 0 5370196 3133440 379'
    expect(parseProcStat(stat)).toEqual({ pid: 4242, ppid: 17, pgrp: 4242, cpuSeconds: 3.8 })
  })

  it('skips a zombie and text that is not a stat line', () => {
    expect(parseProcStat('77 (defunct) Z 1 77 77 0 -1 0 0 0 0 0 5 5 0 0 20 0 1 0 1 0 0')).toBeUndefined()
    expect(parseProcStat('')).toBeUndefined()
    expect(parseProcStat('12 (short) S 1')).toBeUndefined()
  })
})

describe('parseProcStatus', () => {
  it('reads VmRSS in bytes, and nothing from a kernel thread', () => {
    expect(parseProcStatus(fixture('linux-status.txt'))).toBe(1840 * 1024)
    expect(parseProcStatus('Name:\tkthreadd\nState:\tS (sleeping)\nPPid:\t0\n')).toBeUndefined()
  })
})

describe('parsePs', () => {
  it('reads every line of a captured `ps -A -o pid=,ppid=,rss=,%cpu=`', () => {
    const text = fixture('ps.txt')
    const rows = parsePs(text)
    expect(rows).toHaveLength(text.trim().split('\n').length)
    expect(rows[0]).toEqual({ pid: 1, ppid: 0, rssBytes: 13916 * 1024, cpuPercent: 0.3 })
  })

  it('takes a decimal comma and skips lines that are not processes', () => {
    expect(parsePs('  PID  PPID   RSS  %CPU\n  501   1 2048 12,5\n\ngarbage\n')).toEqual([{ pid: 501, ppid: 1, rssBytes: 2048 * 1024, cpuPercent: 12.5 }])
  })
})

describe('parseWin32ProcessCsv', () => {
  it('reads ids, working set and CPU time in seconds from PowerShell CSV', () => {
    const rows = parseWin32ProcessCsv(fixture('win32-process.csv'))
    expect(rows).toHaveLength(6)
    expect(rows.find((r) => r.pid === 5120)).toEqual({ pid: 5120, ppid: 4876, rssBytes: 214351872, cpuSeconds: 126.5625 })
    // A process that exited while CIM listed it has empty fields: kept as a row with neither figure.
    expect(rows.find((r) => r.pid === 6020)).toEqual({ pid: 6020, ppid: 6012 })
  })

  it('finds its columns by name, skips a #TYPE line, and gives nothing for other text', () => {
    const csv = '#TYPE Selected.Microsoft.Management.Infrastructure.CimInstance\r\n"UserModeTime","ProcessId","ParentProcessId"\r\n"10000000","9","1"\r\n'
    expect(parseWin32ProcessCsv(csv)).toEqual([{ pid: 9, ppid: 1 }])
    expect(parseWin32ProcessCsv('Get-CimInstance : Access denied')).toEqual([])
  })
})

describe('treeOf', () => {
  const rows: ProcessRow[] = [
    { pid: 1, ppid: 0, pgrp: 1 },
    { pid: 10, ppid: 1, pgrp: 10 },
    { pid: 11, ppid: 10, pgrp: 10 },
    { pid: 12, ppid: 11, pgrp: 10 },
    // Re-parented to init when its parent exited, still in the group.
    { pid: 13, ppid: 1, pgrp: 10 },
    { pid: 20, ppid: 1, pgrp: 1 },
    { pid: 21, ppid: 20, pgrp: 1 }
  ]

  it('takes the descendants, and the group of a root that leads one', () => {
    expect(treeOf(rows, 10).map((r) => r.pid).sort()).toEqual([10, 11, 12, 13])
  })

  it("takes only descendants of a root in another's group (a built-in trainer in the engine's group)", () => {
    expect(treeOf(rows, 20).map((r) => r.pid)).toEqual([20, 21])
    expect(treeOf(rows, 99)).toEqual([])
  })
})

describe('createTreeMeter', () => {
  it('turns CPU seconds into a percentage of the wall time between readings, summed over the tree', () => {
    const meter = createTreeMeter(() => 10, 0)
    const table = (a: number, b: number) => ({ rows: [{ pid: 10, ppid: 1, cpuSeconds: a, rssBytes: 100 }, { pid: 11, ppid: 10, cpuSeconds: b, rssBytes: 50 }] })
    expect(meter.measure(table(1, 1), 2000)).toEqual({ cpuPercent: 100, memoryBytes: 150, pids: [10, 11] })
    // One core for the parent and half of one for the child over the next second.
    expect(meter.measure(table(2, 1.5), 3000)!.cpuPercent).toBeCloseTo(150)
  })
})

describe.runIf(process.platform === 'linux' || process.platform === 'darwin')('a real process tree', () => {
  let parent: ChildProcess | undefined
  afterEach(() => {
    if (parent?.pid) process.kill(parent.pid, 'SIGKILL')
  })

  it("counts a child's memory and CPU in its parent's tree", async () => {
    // The child holds 100 MB it has written to (so it is resident) and keeps one core busy.
    const child = "const b = Buffer.alloc(100e6, 1); process.stdout.write('ready ' + process.pid + '\\n'); const end = Date.now() + 20000; while (Date.now() < end) b[0]++"
    const parentCode = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: 'inherit' }); process.on('SIGTERM', () => c.kill('SIGKILL')); setInterval(() => {}, 1000)`
    const launched = Date.now()
    parent = spawn(process.execPath, ['-e', parentCode], { stdio: ['ignore', 'pipe', 'inherit'] })
    const childPid = await new Promise<number>((resolve) => {
      let out = ''
      parent!.stdout!.setEncoding('utf8').on('data', (t: string) => {
        out += t
        const m = /ready (\d+)/.exec(out)
        if (m) resolve(Number(m[1]))
      })
    })
    try {
      const meter = createTreeMeter(() => parent!.pid, launched)
      const table = await readProcesses()
      const usage = meter.measure(table!, Date.now())!
      expect(usage.pids).toEqual(expect.arrayContaining([parent.pid, childPid]))
      expect(usage.memoryBytes).toBeGreaterThan(100e6)
      expect(usage.cpuPercent).toBeGreaterThan(0)
    } finally {
      process.kill(childPid, 'SIGKILL')
    }
  })
})
