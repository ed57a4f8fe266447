/** `paramscope runs export-model` and `runs resume` through the built command. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requireBuilt, runCli } from './testing'
import { writeBlobsCsv } from '../engine/datasets/samples'

let dir: string
let data: string
let csv: string
/** The finished run the first test trains. */
let id: number

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
    id = JSON.parse(run.stdout).id
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

  it('writes a new .onnx file only: an existing one needs --force, and a bad --out is named', async () => {
    const exportTo = (out: string, ...more: string[]) => paramscope('runs', 'export-model', String(id), '--out', out, ...more)
    // A data file stays a data file, --force or not.
    const table = join(dir, 'results.csv')
    writeFileSync(table, 'lr,loss\n0.1,0.5\n')
    for (const more of [[], ['--force']]) {
      const r = exportTo(table, ...more)
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(`paramscope: --out ${table}: the model file's name must end in .onnx`)
    }
    expect(readFileSync(table, 'utf8')).toBe('lr,loss\n0.1,0.5\n')

    const model = join(dir, 'kept.onnx')
    writeFileSync(model, 'an older model')
    const refused = exportTo(model)
    expect(refused.code).toBe(2)
    expect(refused.stderr).toBe(`paramscope: --out ${model}: the file exists; add --force to replace it\n`)
    expect(readFileSync(model, 'utf8')).toBe('an older model')
    const forced = exportTo(model, '--force', '--json')
    expect(forced.code, forced.stderr).toBe(0)
    expect(readFileSync(model).length).toBe(JSON.parse(forced.stdout).bytes)
    const session = await ort.InferenceSession.create(model)
    expect(session.inputNames).toEqual(['x'])
    await session.release()

    const missing = join(dir, 'no-such-folder', 'model.onnx')
    const r = exportTo(missing)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--out ${missing}: the folder ${join(dir, 'no-such-folder')} does not exist`)
    mkdirSync(join(dir, 'models.onnx'))
    expect(exportTo(join(dir, 'models.onnx')).stderr).toContain(`--out ${join(dir, 'models.onnx')}: is a folder; name the .onnx file to write`)
  })
})
