/** `paramscope runs export-model` and `runs resume` through the built command. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'
import { writeBlobsCsv } from '../engine/datasets/samples'

let dir: string
let data: string
let csv: string

const paramscope = (...args: string[]) => runCli(['--data', data, ...args])

beforeAll(async () => {
  requireBuilt()
  dir = mkdtempSync(join(tmpdir(), 'paramscope-cli-files-'))
  data = join(dir, 'home')
  csv = join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 300, features: 4, classes: 3, seed: 3 })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('paramscope runs export-model and resume', () => {
  it('exports a finished run, shows its parameter counts, and refuses to resume it', async () => {
    const run = paramscope('run', '--trainer', 'mlp', '--dataset', csv, '--set', 'training.epochs=2', '--set', 'finetune.freeze=layer0', '--json')
    expect(run.code, run.stderr).toBe(0)
    const { id } = JSON.parse(run.stdout)
    // 4·64+64 of 4·64+64 + 64·64+64 + 64·3+3 = 4675 parameters are frozen.
    expect(paramscope('runs', 'show', String(id)).stdout).toMatch(/^parameters 4355 trainable of 4675 \(93\.16%\)$/m)

    const out = join(dir, 'model.onnx')
    const exported = paramscope('runs', 'export-model', String(id), '--out', out)
    expect(exported.code, exported.stderr).toBe(0)
    expect(exported.stdout).toMatch(/^wrote .*model\.onnx \(\d+ bytes\) from the best checkpoint, step \d+: val\/loss/m)
    const session = await ort.InferenceSession.create(out)
    const probs = (await session.run({ x: new ort.Tensor('float32', new Float32Array(8), [2, 4]) })).probabilities.data as Float32Array
    expect(probs[0] + probs[1] + probs[2]).toBeCloseTo(1, 5)
    await session.release()

    expect(paramscope('runs', 'export-model', String(id)).stderr).toMatch(/--out: name the model file/)
    const resumed = paramscope('runs', 'resume', String(id))
    expect(resumed.code).toBe(2)
    expect(resumed.stderr).toMatch(/has finished; only a cancelled, interrupted or crashed run resumes/)
  })
})
