import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readCheckpoint, readCheckpointMeta } from '../../onnx/checkpoint'
import { checkpointPath, CheckpointWriter, sweepAllCheckpointTemps, type TrainingMeta } from './checkpoints'

const meta = (step: number): TrainingMeta => ({
  runId: 1,
  step,
  epoch: step / 10,
  metrics: { 'val/loss': 1 / step },
  history: [],
  monitor: { metric: 'val/loss', mode: 'min', best: 1 / step, bestStep: step },
  lora: null,
  optimizer: { name: 'adamw', slots: ['m', 'v'], trainable: ['w'] },
  model: {}
})
const tensors = (value: number) => [{ name: 'w', shape: [2, 2], data: new Float32Array(4).fill(value) }]

describe('the background checkpoint writer', () => {
  it('writes queued saves in order, best only when it improved, and flush waits for all of them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-writer-'))
    const logs: string[] = []
    const writer = new CheckpointWriter(dir, 'mlp', (l) => logs.push(l))
    writer.save(meta(10), tensors(1), true, 'epoch 1')
    writer.save(meta(20), tensors(2), false, 'epoch 2')
    writer.save(meta(30), tensors(3), true, 'epoch 3')
    writer.save(meta(40), tensors(4), false, 'epoch 4')
    await writer.flush()
    expect(readCheckpointMeta<TrainingMeta>(checkpointPath(dir, 'latest')).meta.step).toBe(40)
    expect(Array.from(readCheckpoint(checkpointPath(dir, 'latest')).tensors[0].data)).toEqual([4, 4, 4, 4])
    expect(readCheckpointMeta<TrainingMeta>(checkpointPath(dir, 'best')).meta.step).toBe(30)
    expect(Array.from(readCheckpoint(checkpointPath(dir, 'best')).tensors[0].data)).toEqual([3, 3, 3, 3])
    expect(logs).toEqual([])
  })

  it('keeps the state as it was when saved, though the caller goes on changing its meta and tensors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-writer-'))
    const writer = new CheckpointWriter(dir, 'mlp', () => {})
    const m = meta(10)
    const t = tensors(1)
    writer.save(m, t, true, 'epoch 1')
    m.history.push({ 'val/loss': 0.5 })
    m.step = 99
    t[0].data.fill(7)
    await writer.flush()
    expect(readCheckpointMeta<TrainingMeta>(checkpointPath(dir, 'latest')).meta).toMatchObject({ step: 10, history: [] })
    expect(Array.from(readCheckpoint(checkpointPath(dir, 'latest')).tensors[0].data)).toEqual([1, 1, 1, 1])
  })

  it('logs a write that fails, naming what it was for, and goes on with the next one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paramscope-writer-'))
    const logs: string[] = []
    const writer = new CheckpointWriter(dir, 'mlp', (l) => logs.push(l))
    writer.save(meta(10), [{ name: 'w', shape: [3], data: new Float32Array(2) }], false, 'epoch 1')
    // A file where the checkpoints folder should be makes the write itself fail, even for root.
    const other = mkdtempSync(join(tmpdir(), 'paramscope-writer-'))
    writeFileSync(join(other, 'checkpoints'), 'not a folder')
    const blocked = new CheckpointWriter(other, 'mlp', (l) => logs.push(l))
    blocked.save(meta(20), tensors(2), false, 'step 20')
    writer.save(meta(30), tensors(3), false, 'epoch 3')
    await Promise.all([writer.flush(), blocked.flush()])
    expect(logs).toHaveLength(2)
    expect(logs[0]).toMatch(/could not write the checkpoint of epoch 1: checkpoint tensor w: shape \[3\] needs 3 values, got 2/)
    expect(logs[1]).toMatch(/could not write the checkpoint of step 20: .*(EEXIST|ENOTDIR)/)
    expect(readCheckpointMeta<TrainingMeta>(checkpointPath(dir, 'latest')).meta.step).toBe(30)
  })
})

/** A real process that starts a checkpoint write in `dir` (a temp file named by its pid) and goes on running. */
async function writer(dir: string): Promise<{ proc: ChildProcess; temp: string }> {
  const script = `const fs = require('fs'); fs.writeFileSync(require('path').join(${JSON.stringify(dir)}, '.latest.ckpt.' + process.pid + '.tmp'), 'half'); console.log('written'); setInterval(() => {}, 1000)`
  const proc = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await once(proc.stdout!, 'data')
  return { proc, temp: `.latest.ckpt.${proc.pid}.tmp` }
}

const running: ChildProcess[] = []
afterAll(() => running.forEach((p) => p.kill('SIGKILL')))

describe('unfinished checkpoint files', () => {
  it('are swept when a run starts or resumes, except those a live trainer is writing', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'paramscope-sweep-'))
    const dir = join(workDir, 'checkpoints')
    mkdirSync(dir)
    const killed = await writer(dir)
    killed.proc.kill('SIGKILL')
    await once(killed.proc, 'exit')
    const live = await writer(dir)
    running.push(live.proc)
    // The second file of a write to latest and best, by the killed trainer, and one of an earlier process with this pid.
    const best = `.best.ckpt.${killed.proc.pid}.1.tmp`
    const mine = `.latest.ckpt.${process.pid}.tmp`
    for (const name of [best, mine, 'notes.tmp', '.latest.ckpt.tmp']) writeFileSync(join(dir, name), 'x')
    const logs: string[] = []
    const w = new CheckpointWriter(workDir, 'mlp', (l) => logs.push(l))
    w.save(meta(10), tensors(1), true, 'epoch 1')
    await w.flush()
    expect(readdirSync(dir).sort()).toEqual([live.temp, '.latest.ckpt.tmp', 'best.ckpt', 'latest.ckpt', 'notes.tmp'].sort())
    expect(logs).toEqual([expect.stringMatching(/^removed 3 unfinished checkpoint file\(s\) left by a stopped trainer: /)])
    expect(logs[0]).toContain(killed.temp)
  })

  it('are swept from every run folder, as the engine does when it opens', async () => {
    const runs = mkdtempSync(join(tmpdir(), 'paramscope-runs-'))
    const killed = await writer(mkdtempSync(join(tmpdir(), 'paramscope-elsewhere-')))
    killed.proc.kill('SIGKILL')
    await once(killed.proc, 'exit')
    const live = await writer(mkdtempSync(join(tmpdir(), 'paramscope-elsewhere-')))
    running.push(live.proc)
    for (const [run, name] of [['1', killed.temp], ['2', killed.temp], ['2', live.temp]]) {
      mkdirSync(join(runs, run, 'checkpoints'), { recursive: true })
      writeFileSync(join(runs, run, 'checkpoints', name), 'x')
    }
    mkdirSync(join(runs, '3'))
    expect(await sweepAllCheckpointTemps(runs)).toBe(2)
    expect([join(runs, '1', 'checkpoints', killed.temp), join(runs, '2', 'checkpoints', killed.temp), join(runs, '2', 'checkpoints', live.temp)].map(existsSync)).toEqual([false, false, true])
  })
})
