/**
 * Training speed of the `mlp` trainer on a generated 10k-row CSV (20-64-64-5), and of an
 * MNIST-sized 784-512-512-10 AdamW MLP at batch 256: samples/s of its train-step graph and of the
 * whole trainer on a generated 784-feature CSV, each as a fraction of the throughput onnxruntime
 * reaches on the step's MatMul/Gemm shapes alone, measured in the same run with the same threads,
 * in interleaved rounds (medians reported).
 * Run: npx tsx bench/mlp-train.ts   (prints one JSON object)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import type { Config } from '../src/shared/api'
import { Rng } from '../src/main/engine/random'
import { writeBlobsCsv } from '../src/main/engine/datasets/samples'
import { initParams } from '../src/main/engine/onnx/init'
import { mlpModel, type MlpSpec } from '../src/main/engine/onnx/mlp-graph'
import type { OptimizerSpec } from '../src/main/engine/onnx/optimizers'
import { buildTrainStep } from '../src/main/engine/onnx/train-step'
import type { TrainContext } from '../src/main/engine/trainers/protocol'
import { trainMlp } from '../src/main/engine/trainers/mlp/train'
import { capturedGraph, matmulShapes, meanRunMs, median, openRawMatmul, totalFlops } from './raw-matmul'

const ROWS = 10_000
const FEATURES = 20
const CLASSES = 5
const BATCH = 64
const EPOCHS = 3
/** BENCH_THREADS=1,2,8 and BENCH_DEVICES=cpu,webgpu choose what is measured (defaults: 1,2 and cpu). */
const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number)
const DEVICES = (process.env.BENCH_DEVICES ?? 'cpu').split(',')
/** Measurement rounds of the 784-512-512-10 figures (BENCH_ROUNDS). */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const MNIST = { rows: 12800, batch: 256, spec: { features: 784, hidden: 512, layers: 2, classes: 10, activation: 'relu', dtype: 'float32' } satisfies MlpSpec }
const ADAMW: OptimizerSpec = { name: 'adamw', beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }

async function trainerFigures(csv: string, threads: number, device: string, rows = ROWS, extra: Config = {}) {
  const config: Config = { 'data.batch_size': BATCH, 'training.epochs': EPOCHS, 'runtime.threads': threads, 'runtime.device': device, ...extra }
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
  const trainRows = Math.round(rows * 0.8)
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

/** The 784-512-512-10 train step and the MatMul/Gemm shapes of its graph at batch 256. */
function mnistStep() {
  const { graph, built: model } = capturedGraph(mlpModel(MNIST.spec), (def) => buildTrainStep(def, { optimizer: ADAMW }))
  return { model, matmuls: matmulShapes(graph, MNIST.batch) }
}

/**
 * The 784-512-512-10 figures at batch 256: the train-step graph alone (fed in JS), the step's
 * MatMul/Gemm shapes alone, and the whole trainer (batches, evaluation each epoch, metrics) on a
 * generated 784-feature CSV of MNIST.rows rows.
 */
async function mnistFigures(csv: string, threads: number, device: string, step: ReturnType<typeof mnistStep>) {
  const { spec, batch } = MNIST
  const { model, matmuls } = step
  const session = await ort.InferenceSession.create(model.bytes, { executionProviders: [device], intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' })
  const rng = new Rng(1)
  const feeds: Record<string, ort.Tensor> = {
    x: new ort.Tensor('float32', Float32Array.from({ length: batch * spec.features }, () => rng.normal()), [batch, spec.features]),
    y: new ort.Tensor('int64', BigInt64Array.from({ length: batch }, () => BigInt(rng.int(spec.classes))), [batch]),
    lr: new ort.Tensor('float32', Float32Array.from([1e-3]), []),
    t: new ort.Tensor('float32', Float32Array.from([1]), [])
  }
  const init = initParams(model.params, 'relu', rng, 'float32')
  model.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i], p.shape)))
  for (const c of model.carried.slice(model.params.length)) {
    feeds[c.input] = new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
  }
  const trainerConfig = { 'data.batch_size': batch, 'model.hidden_size': spec.hidden, 'model.layers': spec.layers, 'diagnostics.every': 0 }
  // The raw products run on the CPU provider only; a GPU step has no like-for-like yardstick here.
  const raw = device === 'cpu' ? await openRawMatmul(matmuls, threads) : null
  // Rounds of step, raw products and trainers in turn, so that each fraction compares figures taken
  // under the same load; medians over rounds are reported. The default chains four optimizer steps
  // per session run; one step per run is the slower alternative.
  type Round = { ms: number; rawMs: number; trainer: Awaited<ReturnType<typeof trainerFigures>>; single: Awaited<ReturnType<typeof trainerFigures>> }
  const rounds: Round[] = []
  for (let r = 0; r < ROUNDS; r++) {
    const ms = await meanRunMs(session, feeds, 20, (out) => {
      for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
    })
    const rawMs = raw ? await raw.ms(20) : NaN
    const trainer = await trainerFigures(csv, threads, device, MNIST.rows, trainerConfig)
    const single = await trainerFigures(csv, threads, device, MNIST.rows, { ...trainerConfig, 'runtime.steps_per_run': 1 })
    rounds.push({ ms, rawMs, trainer, single })
  }
  await session.release()
  await raw?.release()
  const stepMs = median(rounds.map((r) => r.ms))
  const rawMs = median(rounds.map((r) => r.rawMs))
  const flops = totalFlops(matmuls)
  const fraction = (samplesPerSecond: (r: Round) => number) => +median(rounds.map((r) => (samplesPerSecond(r) * r.rawMs) / 1000 / batch)).toFixed(3)
  return {
    device,
    threads,
    stepMs: +stepMs.toFixed(2),
    stepSamplesPerSecond: Math.round((batch * 1000) / stepMs),
    trainerSamplesPerSecond: median(rounds.map((r) => r.trainer.samplesPerSecond)),
    stepMatmulGflops: +(flops / stepMs / 1e6).toFixed(2),
    rawMatmulMs: +rawMs.toFixed(2),
    rawMatmulGflops: +(flops / rawMs / 1e6).toFixed(2),
    fractionOfRawMatmul: fraction((r) => (batch * 1000) / r.ms),
    trainerFractionOfRawMatmul: fraction((r) => r.trainer.samplesPerSecond),
    trainerFinalValAccuracy: rounds[0].trainer.finalValAccuracy,
    trainerOneStepPerRunSamplesPerSecond: median(rounds.map((r) => r.single.samplesPerSecond)),
    trainerOneStepPerRunFractionOfRawMatmul: fraction((r) => r.single.samplesPerSecond)
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paramscope-bench-'))
  try {
    const csv = path.join(dir, 'blobs.csv')
    const blobs = await writeBlobsCsv(csv, { rows: ROWS, features: FEATURES, classes: CLASSES, separation: 4, seed: 1 })
    const step = mnistStep()
    const mnistCsv = path.join(dir, 'blobs784.csv')
    const mnistBlobs = await writeBlobsCsv(mnistCsv, { rows: MNIST.rows, features: MNIST.spec.features, classes: MNIST.spec.classes, separation: 4, seed: 2 })
    const trainer = []
    const mnist = []
    for (const device of DEVICES) {
      // Thread counts matter to the CPU provider only.
      for (const threads of device === 'cpu' ? THREADS : [1]) {
        trainer.push(await trainerFigures(csv, threads, device))
        mnist.push(await mnistFigures(mnistCsv, threads, device, step).catch((err: Error) => ({ device, threads, error: err.message.split('\n')[0] })))
      }
    }
    const result = {
      bench: 'mlp-train',
      cpu: os.cpus()[0]?.model,
      cores: os.cpus().length,
      dataset: { rows: ROWS, features: FEATURES, classes: CLASSES, nearestCentreAccuracy: blobs.nearestCentreAccuracy },
      config: { model: `${FEATURES}-64-64-${CLASSES} relu`, optimizer: 'adamw', batchSize: BATCH, epochs: EPOCHS, valFraction: 0.2, stepsPerRun: 'default (4)' },
      trainer,
      mlp784_512_512_10_batch256: { matmulGflopPerStep: +(totalFlops(step.matmuls) / 1e9).toFixed(4), trainerRows: MNIST.rows, nearestCentreAccuracy: mnistBlobs.nearestCentreAccuracy, runs: mnist }
    }
    console.log(JSON.stringify(result, null, 2))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
