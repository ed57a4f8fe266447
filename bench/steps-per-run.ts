/**
 * Several optimizer steps per session run against one step per run: time per optimizer step of
 * the chained graph (runtime.steps_per_run = K) and of K single-step runs, at the graph level for
 * a small (20-64-64-5, batch 64) and an MNIST-sized (784-512-512-10, batch 256) AdamW MLP, and
 * for the whole `mlp` trainer on a generated CSV.
 * Run: npx tsx bench/steps-per-run.ts   (BENCH_DEVICES=cpu,webgpu, BENCH_THREADS=1; prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import type { Config } from '../src/shared/api'
import { Rng } from '../src/main/engine/random'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { initParams } from '../src/main/engine/onnx/init'
import { mlpModel, type MlpSpec } from '../src/main/engine/onnx/mlp-graph'
import { atMicro, buildMultiStep } from '../src/main/engine/onnx/multi-step'
import type { OptimizerSpec } from '../src/main/engine/onnx/optimizers'
import { buildTrainStep } from '../src/main/engine/onnx/train-step'
import type { TrainContext } from '../src/main/engine/trainers/protocol'
import { trainMlp } from '../src/main/engine/trainers/mlp/train'

const DEVICES = (process.env.BENCH_DEVICES ?? 'cpu').split(',')
const THREADS = Number(process.env.BENCH_THREADS ?? 1)
const KS = [1, 4, 16]
const adamw: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }

/** Milliseconds per optimizer step over `steps` steps, carrying state from output to input as the trainer does. */
async function graphMsPerStep(spec: MlpSpec, batch: number, k: number, device: string, steps: number): Promise<number> {
  const def = mlpModel(spec)
  const model = k === 1 ? buildTrainStep(def, { optimizer: adamw }) : buildMultiStep(def, { optimizer: adamw, steps: k })
  const session = await ort.InferenceSession.create(model.bytes, { executionProviders: [device], intraOpNumThreads: THREADS, interOpNumThreads: 1, graphOptimizationLevel: 'all' })
  const rng = new Rng(1)
  const init = initParams(def.params, 'relu', rng, 'float32')
  const feeds: Record<string, ort.Tensor> = {}
  def.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i] as Float32Array, p.shape)))
  for (const c of model.carried.slice(def.params.length)) feeds[c.input] = new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
  const x = new ort.Tensor('float32', Float32Array.from({ length: batch * spec.features }, () => rng.normal()), [batch, spec.features])
  const y = new ort.Tensor('int64', BigInt64Array.from({ length: batch }, () => BigInt(rng.int(spec.classes))), [batch])
  for (let j = 0; j < k; j++) {
    const name = (n: string) => (k === 1 ? n : atMicro(n, j))
    Object.assign(feeds, { [name('x')]: x, [name('y')]: y, [name('lr')]: new ort.Tensor('float32', Float32Array.from([1e-3]), []), [name('t')]: new ort.Tensor('float32', Float32Array.from([j + 1]), []) })
  }
  const runs = Math.max(1, Math.round(steps / k))
  const go = async () => {
    const out = await session.run(feeds)
    for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
  }
  for (let i = 0; i < Math.max(2, Math.ceil(runs / 10)); i++) await go()
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) await go()
  const ms = (performance.now() - t0) / (runs * k)
  await session.release()
  return +ms.toFixed(4)
}

async function trainerSamplesPerSecond(csv: string, k: number, device: string): Promise<{ samplesPerSecond: number; provider: string; finalValAccuracy: number }> {
  const config: Config = { 'data.batch_size': 64, 'training.epochs': 3, 'runtime.threads': THREADS, 'runtime.device': device, 'runtime.steps_per_run': k, 'diagnostics.every': 0 }
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'paramscope-bench-'))
  let startedAt = 0
  let provider = ''
  let acc = 0
  const ctx: TrainContext = {
    job: { runId: 0, trainer: 'mlp', config, datasetPath: csv, workDir, providers: [...new Set([...DEVICES, 'cpu'])] },
    started: (info) => ([startedAt, provider] = [performance.now(), info.provider]),
    metric: (name, _s, v) => name === 'val/accuracy' && (acc = v),
    progress: () => {},
    isCancelled: () => false,
    log: () => {}
  }
  await trainMlp(ctx)
  const seconds = (performance.now() - startedAt) / 1000
  rmSync(workDir, { recursive: true, force: true })
  return { samplesPerSecond: Math.round((8000 * 3) / seconds), provider, finalValAccuracy: acc }
}

async function main(): Promise<void> {
  const small: MlpSpec = { features: 20, hidden: 64, layers: 2, classes: 5, activation: 'relu', dtype: 'float32' }
  const mnist: MlpSpec = { features: 784, hidden: 512, layers: 2, classes: 10, activation: 'relu', dtype: 'float32' }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'paramscope-bench-csv-'))
  const csv = path.join(dir, 'blobs.csv')
  await writeBlobsCsv(csv, { rows: 10_000, features: 20, classes: 5, seed: 1 })
  const results = []
  for (const device of DEVICES) {
    const graph: Record<string, Record<string, number>> = { '20-64-64-5@64': {}, '784-512-512-10@256': {} }
    for (const k of KS) {
      graph['20-64-64-5@64'][`K=${k}`] = await graphMsPerStep(small, 64, k, device, 2000)
      graph['784-512-512-10@256'][`K=${k}`] = await graphMsPerStep(mnist, 256, k, device, 64)
    }
    const trainer: Record<string, unknown> = {}
    for (const k of KS) trainer[`K=${k}`] = await trainerSamplesPerSecond(csv, k, device)
    results.push({ device, msPerStep: graph, trainer20x64x64x5: trainer })
  }
  rmSync(dir, { recursive: true, force: true })
  process.stdout.write(`${JSON.stringify({ threads: THREADS, cpu: os.cpus()[0]?.model, node: process.version, ort: ort.env.versions.common, results }, null, 1)}\n`)
}

void main()
