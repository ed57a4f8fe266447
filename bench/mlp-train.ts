/**
 * Training speed of the `mlp` trainer on a generated 10k-row CSV, and the step time of a
 * 784-512-512-10 train-step graph at batch 256 (an MNIST-sized MLP).
 * Run: npx tsx bench/mlp-train.ts   (prints one JSON object)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import type { Config } from '../src/shared/api'
import { Rng } from '../src/main/engine/datasets/random'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { initParams } from '../src/main/engine/onnx/init'
import { buildMlpTrainStep, type MlpSpec } from '../src/main/engine/onnx/mlp-graph'
import type { TrainContext } from '../src/main/engine/trainers/protocol'
import { trainMlp } from '../src/main/engine/trainers/mlp/train'

const ROWS = 10_000
const FEATURES = 20
const CLASSES = 5
const BATCH = 64
const EPOCHS = 3
/** BENCH_THREADS=1,2,8 and BENCH_DEVICES=cpu,webgpu choose what is measured (defaults: 1,2 and cpu). */
const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number)
const DEVICES = (process.env.BENCH_DEVICES ?? 'cpu').split(',')

async function trainerFigures(csv: string, threads: number, device: string) {
  const config: Config = { 'data.batch_size': BATCH, 'training.epochs': EPOCHS, 'runtime.threads': threads, 'runtime.device': device }
  let provider = ''
  let startedAt = 0
  let totalSteps = 0
  let lastAccuracy = 0
  const ctx: TrainContext = {
    job: { runId: 0, trainer: 'mlp', config, datasetPath: csv, workDir: path.dirname(csv), providers: [...new Set([...DEVICES, 'cpu'])] },
    started: (info) => {
      provider = info.provider
      startedAt = performance.now()
      totalSteps = info.totalSteps
    },
    metric: (name, _step, value) => {
      if (name === 'val/accuracy') lastAccuracy = value
    },
    progress: () => {},
    isCancelled: () => false,
    log: () => {}
  }
  const t0 = performance.now()
  const outcome = await trainMlp(ctx)
  const end = performance.now()
  const loopSeconds = (end - startedAt) / 1000
  const trainRows = ROWS * 0.8
  return {
    device,
    provider,
    threads,
    status: outcome.status,
    steps: totalSteps,
    stepsPerSecond: Math.round(totalSteps / loopSeconds),
    samplesPerSecond: Math.round((trainRows * EPOCHS) / loopSeconds),
    setupSeconds: +((startedAt - t0) / 1000).toFixed(3),
    totalSeconds: +((end - t0) / 1000).toFixed(3),
    finalValAccuracy: lastAccuracy
  }
}

/** Mean milliseconds per train step of a 784-512-512-10 AdamW step at batch 256. */
async function mnistStepMs(threads: number, device: string): Promise<number> {
  const spec: MlpSpec = { features: 784, hidden: 512, layers: 2, classes: 10, activation: 'relu', dtype: 'float32' }
  const model = buildMlpTrainStep(spec, { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 })
  const session = await ort.InferenceSession.create(model.bytes, { executionProviders: [device], intraOpNumThreads: threads, interOpNumThreads: 1 })
  const rng = new Rng(1)
  const batch = 256
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', Float32Array.from({ length: batch * 784 }, () => rng.normal()), [batch, 784]),
    y: new ort.Tensor('int64', BigInt64Array.from({ length: batch }, () => BigInt(rng.int(10))), [batch]),
    lr: new ort.Tensor('float32', Float32Array.from([1e-3]), []),
    t: new ort.Tensor('float32', Float32Array.from([1]), [])
  }
  const init = initParams(model.params, 'relu', rng, 'float32')
  model.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i], p.shape)))
  for (const c of model.carried.slice(model.params.length)) {
    feeds[c.input] = new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
  }
  const step = async () => {
    const out = await session.run(feeds)
    for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
  }
  for (let i = 0; i < 5; i++) await step()
  const n = 30
  const t0 = performance.now()
  for (let i = 0; i < n; i++) await step()
  const ms = (performance.now() - t0) / n
  await session.release()
  return +ms.toFixed(2)
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paramscope-bench-'))
  try {
    const csv = path.join(dir, 'blobs.csv')
    const blobs = await writeBlobsCsv(csv, { rows: ROWS, features: FEATURES, classes: CLASSES, separation: 4, seed: 1 })
    const trainer = []
    const mnist = []
    for (const device of DEVICES) {
      // Thread counts matter to the CPU provider only.
      for (const threads of device === 'cpu' ? THREADS : [1]) {
        trainer.push(await trainerFigures(csv, threads, device))
        const stepMs = await mnistStepMs(threads, device).catch((err: Error) => err.message.split('\n')[0])
        mnist.push({ device, threads, stepMs })
      }
    }
    const result = {
      bench: 'mlp-train',
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      dataset: { rows: ROWS, features: FEATURES, classes: CLASSES, nearestCentreAccuracy: blobs.nearestCentreAccuracy },
      config: { model: `${FEATURES}-64-64-${CLASSES} relu`, optimizer: 'adamw', batchSize: BATCH, epochs: EPOCHS, valFraction: 0.2 },
      trainer,
      mlp784_512_512_10_batch256: mnist
    }
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
