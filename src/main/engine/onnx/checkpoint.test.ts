import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeCheckpoint, readCheckpoint, readCheckpointMeta, writeCheckpoint, writeCheckpointFiles } from './checkpoint'

const dir = mkdtempSync(join(tmpdir(), 'paramscope-ckpt-'))
const sample = {
  trainer: 'mlp',
  meta: { step: 40, epoch: 2, metrics: { 'val/loss': 0.25 } },
  tensors: [
    { name: 'layer0.weight', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-7, Number.MAX_VALUE, -0]) },
    { name: 'layer0.bias', shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) },
    { name: 'empty', shape: [0], data: new Float32Array(0) }
  ]
}

describe('checkpoint files', () => {
  it('round-trip every tensor bit for bit with the meta', async () => {
    const path = join(dir, 'latest.ckpt')
    await writeCheckpoint(path, sample)
    const back = readCheckpoint(path)
    expect(back.trainer).toBe('mlp')
    expect(back.meta).toEqual(sample.meta)
    expect(back.tensors.map((t) => [t.name, t.shape, Array.from(t.data)])).toEqual(sample.tensors.map((t) => [t.name, t.shape, Array.from(t.data)]))
    expect(readCheckpointMeta(path)).toEqual({ trainer: 'mlp', meta: sample.meta })
  })

  it('replace the old file whole and leave no temporary file behind', async () => {
    const path = join(dir, 'best.ckpt')
    await writeCheckpoint(path, sample)
    await writeCheckpoint(path, { ...sample, meta: { ...sample.meta, step: 60 } })
    expect(readCheckpointMeta<{ step: number }>(path).meta.step).toBe(60)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('keep the previous file when a write fails', async () => {
    const path = join(dir, 'kept.ckpt')
    await writeCheckpoint(path, sample)
    const before = readFileSync(path)
    await expect(writeCheckpoint(path, { ...sample, tensors: [{ name: 'bad', shape: [4], data: new Float32Array(3) }] })).rejects.toThrow(/bad: shape \[4\] needs 4 values, got 3/)
    expect(readFileSync(path).equals(before)).toBe(true)
  })

  it('write one file to several paths with one write, each replacing its path whole', async () => {
    const [latest, best] = [join(dir, 'two-latest.ckpt'), join(dir, 'two-best.ckpt')]
    await writeCheckpoint(best, { ...sample, meta: { ...sample.meta, step: 10 } })
    await writeCheckpointFiles([latest, best], encodeCheckpoint(sample))
    for (const path of [latest, best]) expect(readCheckpointMeta<{ step: number }>(path).meta.step).toBe(40)
    // Replacing one of them later leaves the other as it was, linked or not.
    await writeCheckpoint(latest, { ...sample, meta: { ...sample.meta, step: 80 } })
    expect(readCheckpointMeta<{ step: number }>(best).meta.step).toBe(40)
    expect(readCheckpointMeta<{ step: number }>(latest).meta.step).toBe(80)
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('refuse a file that is not a checkpoint, or one cut short, naming the file', async () => {
    const other = join(dir, 'other.ckpt')
    writeFileSync(other, 'hello world, not a checkpoint')
    expect(() => readCheckpoint(other)).toThrow(/other\.ckpt is not a readable ParamScope checkpoint/)
    const path = join(dir, 'cut.ckpt')
    await writeCheckpoint(path, sample)
    writeFileSync(path, readFileSync(path).subarray(0, -8))
    expect(() => readCheckpoint(path)).toThrow(/tensor layer0.bias is cut short/)
    expect(existsSync(path)).toBe(true)
  })
})
