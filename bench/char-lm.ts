/**
 * Training speed of `char-lm` at a stated size (default 2 layers, 4 heads, width 256, context 128,
 * batch 16, where MatMul work dominates the step; BENCH_LAYERS, BENCH_HEADS, BENCH_WIDTH,
 * BENCH_CONTEXT and BENCH_BATCH pick another; vocabulary 65,
 * tied head, AdamW, clipping at 1.0, no dropout): tokens/s of the train-step graph and of the whole
 * trainer, and the step's MatMul/Gemm FLOPs per second as a fraction of the throughput onnxruntime
 * reaches on the same MatMul shapes alone, measured in the same run with the same threads, in
 * interleaved rounds (medians reported).
 * Run: npx tsx bench/char-lm.ts   (prints one JSON object; BENCH_THREADS=1,2 picks thread counts)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import { Rng } from '../src/main/engine/random'
import { buildTrainStep } from '../src/main/engine/onnx/train-step'
import { initTransformer, transformerModel, type TransformerSpec } from '../src/main/engine/onnx/transformer'
import { trainCharLm } from '../src/main/engine/trainers/char-lm/train'
import { grammarText } from '../src/main/engine/trainers/char-lm/sample-text'
import type { TrainContext } from '../src/main/engine/trainers/protocol'
import { capturedGraph, matmulShapes, meanRunMs, median, openRawMatmul, totalFlops, type MatmulShape } from './raw-matmul'

const THREADS = (process.env.BENCH_THREADS ?? '1,2').split(',').map(Number)
/** A positive integer from the environment, or the default; anything else stops the bench naming the variable. */
function sizeFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`)
  return value
}
const SPEC: TransformerSpec = {
  vocab: 65,
  context: sizeFromEnv('BENCH_CONTEXT', 128),
  width: sizeFromEnv('BENCH_WIDTH', 256),
  heads: sizeFromEnv('BENCH_HEADS', 4),
  layers: sizeFromEnv('BENCH_LAYERS', 2),
  tiedHead: true,
  dropout: 0,
  dtype: 'float32',
  batch: sizeFromEnv('BENCH_BATCH', 16)
}
if (SPEC.width % SPEC.heads !== 0) throw new Error(`BENCH_WIDTH (${SPEC.width}) must be a multiple of BENCH_HEADS (${SPEC.heads})`)
const OPTIMIZER = { name: 'adamw' as const, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 }
const TOKENS = SPEC.batch! * SPEC.context
const STEPS = 8
/** Measurement rounds per thread count; BENCH_ROUNDS picks another number. */
const ROUNDS = sizeFromEnv('BENCH_ROUNDS', 3)

const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1)

/** The train step's bytes and the MatMul/Gemm nodes of its graph. */
function stepGraph(): { bytes: Uint8Array; matmuls: MatmulShape[] } {
  const { graph, built } = capturedGraph(transformerModel(SPEC), (def) => buildTrainStep(def, { optimizer: OPTIMIZER, clipNorm: 1 }))
  return { bytes: built.bytes, matmuls: matmulShapes(graph, SPEC.batch!) }
}

/** The train-step session fed in JS as the trainer feeds it; `ms(runs)` measures once. */
async function openStep(bytes: Uint8Array, threads: number): Promise<{ ms(runs: number): Promise<number>; release(): Promise<void> }> {
  const def = transformerModel(SPEC)
  const model = buildTrainStep(def, { optimizer: OPTIMIZER, clipNorm: 1 })
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' })
  const rng = new Rng(1)
  const tokens = () => new ort.Tensor('int64', BigInt64Array.from({ length: TOKENS }, () => BigInt(rng.int(SPEC.vocab))), [SPEC.batch!, SPEC.context])
  const init = initTransformer(def.params, SPEC, rng)
  const feeds: Record<string, ort.Tensor> = { x: tokens(), y: tokens(), lr: new ort.Tensor('float32', Float32Array.from([1e-3]), []), t: new ort.Tensor('float32', Float32Array.from([1]), []) }
  def.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i] as Float32Array, p.shape)))
  for (const c of model.carried.slice(def.params.length)) feeds[c.input] = new ort.Tensor('float32', new Float32Array(count(c.shape)), c.shape)
  return {
    ms: (runs) =>
      meanRunMs(session, feeds, runs, (out) => {
        for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
      }),
    release: () => session.release()
  }
}

/** The share of evaluation the defaults give (64 validation windows every 200 steps), over the bench's 30 steps. */
const TRAINER_STEPS = 30
const EVAL_WINDOWS = Math.round((64 * TRAINER_STEPS) / 200)

/** The whole trainer on a generated text: batches drawn in JS, the loop, one evaluation, a checkpoint, the metrics. */
async function trainerTokensPerSecond(dataset: string, threads: number): Promise<{ tokensPerSecond: number; finalValPerplexity: number }> {
  const steps = TRAINER_STEPS
  let started = 0
  let perplexity = NaN
  const ctx: TrainContext = {
    job: {
      runId: 0, trainer: 'char-lm', datasetPath: dataset, workDir: path.dirname(dataset), providers: ['cpu'],
      config: { 'model.layers': SPEC.layers, 'model.heads': SPEC.heads, 'model.width': SPEC.width, 'model.context': SPEC.context, 'data.batch_size': SPEC.batch!, 'regularization.dropout': 0, 'optimizer.clip_norm': 1, 'training.steps': steps, 'training.eval_every': steps, 'training.eval_windows': EVAL_WINDOWS, 'diagnostics.every': 0, 'sample.length': 0, 'runtime.threads': threads }
    },
    started: () => (started = performance.now()),
    metric: (name, _s, value) => name === 'val/perplexity' && (perplexity = value),
    progress: () => {},
    isCancelled: () => false,
    log: () => {}
  }
  await trainCharLm(ctx)
  return { tokensPerSecond: Math.round((steps * TOKENS) / ((performance.now() - started) / 1000)), finalValPerplexity: +perplexity.toFixed(3) }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'paramscope-bench-lm-'))
  try {
    const dataset = path.join(dir, 'grammar.txt')
    await writeFile(dataset, grammarText(20000, 1))
    const { bytes, matmuls } = stepGraph()
    const flops = totalFlops(matmuls)
    const runs = []
    for (const threads of THREADS) {
      // Rounds of step, raw products and trainer in turn, so that each fraction compares figures
      // taken under the same load; the medians over rounds are reported.
      const [step, raw] = [await openStep(bytes, threads), await openRawMatmul(matmuls, threads)]
      const rounds: { ms: number; rawMs: number; trainer: Awaited<ReturnType<typeof trainerTokensPerSecond>> }[] = []
      for (let r = 0; r < ROUNDS; r++) rounds.push({ ms: await step.ms(STEPS), rawMs: await raw.ms(STEPS), trainer: await trainerTokensPerSecond(dataset, threads) })
      await step.release()
      await raw.release()
      const ms = median(rounds.map((r) => r.ms))
      const rawMs = median(rounds.map((r) => r.rawMs))
      runs.push({
        threads,
        stepMs: +ms.toFixed(2),
        stepTokensPerSecond: Math.round(TOKENS / (ms / 1000)),
        trainerTokensPerSecond: median(rounds.map((r) => r.trainer.tokensPerSecond)),
        stepMatmulGflops: +(flops / ms / 1e6).toFixed(2),
        rawMatmulMs: +rawMs.toFixed(2),
        rawMatmulGflops: +(flops / rawMs / 1e6).toFixed(2),
        fractionOfRawMatmul: +median(rounds.map((r) => r.rawMs / r.ms)).toFixed(3),
        trainerFractionOfRawMatmul: +median(rounds.map((r) => (r.trainer.tokensPerSecond * r.rawMs) / 1000 / TOKENS)).toFixed(3),
        trainerFinalValPerplexity: rounds[0].trainer.finalValPerplexity
      })
    }
    console.log(
      JSON.stringify(
        {
          bench: 'char-lm',
          cpu: os.cpus()[0]?.model,
          cores: os.cpus().length,
          provider: 'cpu',
          model: { ...SPEC, optimizer: 'adamw', clipNorm: 1, tokensPerStep: TOKENS },
          trainer: { steps: TRAINER_STEPS, evaluations: 1, evalWindows: EVAL_WINDOWS, rounds: ROUNDS },
          matmulsPerStep: matmuls.length,
          matmulGflopPerStep: +(flops / 1e9).toFixed(4),
          runs
        },
        null,
        2
      )
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

void main()
