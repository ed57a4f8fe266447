/**
 * Training speed of `char-lm` at a stated size (default 2 layers, 4 heads, width 256, context 128,
 * batch 16, where MatMul work dominates the step; BENCH_LAYERS, BENCH_HEADS, BENCH_WIDTH,
 * BENCH_CONTEXT and BENCH_BATCH pick another; vocabulary 65,
 * tied head, AdamW, clipping at 1.0, no dropout): tokens/s of the train-step graph and of the whole
 * trainer, and the step's MatMul/Gemm FLOPs per second as a fraction of the throughput onnxruntime
 * reaches on the same MatMul shapes alone, measured in the same run with the same threads.
 * Run: npx tsx bench/char-lm.ts   (prints one JSON object; BENCH_THREADS=1,2 picks thread counts)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import * as ort from 'onnxruntime-node'
import { Rng } from '../src/main/engine/datasets/random'
import { Graph, type GraphNode } from '../src/main/engine/onnx/graph'
import * as op from '../src/main/engine/onnx/ops'
import { buildTrainStep } from '../src/main/engine/onnx/train-step'
import { initTransformer, transformerModel, type TransformerSpec } from '../src/main/engine/onnx/transformer'
import { trainCharLm } from '../src/main/engine/trainers/char-lm/train'
import { grammarText } from '../src/main/engine/trainers/char-lm/sample-text'
import type { TrainContext } from '../src/main/engine/trainers/protocol'

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
const STEPS = 12

const numeric = (shape: readonly (number | string)[]): number[] => {
  if (!shape.every((d) => typeof d === 'number')) throw new Error(`symbolic shape [${shape}] in a fixed-batch graph`)
  return shape as number[]
}
const count = (shape: number[]) => shape.reduce((a, b) => a * b, 1)

/** The train step's graph (captured from its forward call) and the MatMul/Gemm nodes in it. */
function stepGraph(): { bytes: Uint8Array; matmuls: { a: number[]; b: number[]; out: number[]; flops: number }[] } {
  const def = transformerModel(SPEC)
  let graph: Graph | undefined
  const forward = def.forward
  def.forward = (g, params) => ((graph = g), forward(g, params))
  const { bytes } = buildTrainStep(def, { optimizer: OPTIMIZER, clipNorm: 1 })
  const matmuls = graph!.nodes
    .filter((n: GraphNode) => n.opType === 'MatMul' || n.opType === 'Gemm')
    .map((n) => {
      const [a, b] = n.inputs.map((t) => numeric(t.shape))
      const out = numeric(n.outputs[0].shape)
      if (n.opType === 'Gemm') throw new Error('the transformer step is expected to use MatMul only')
      return { a, b, out, flops: 2 * count(out) * a[a.length - 1] }
    })
  return { bytes, matmuls }
}

const random = (shape: number[], rng: Rng) => new ort.Tensor('float32', Float32Array.from({ length: count(shape) }, () => rng.normal()), shape)

async function meanMs(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, after?: (out: ort.InferenceSession.ReturnType) => void, runs = STEPS): Promise<number> {
  const once = async () => {
    const out = await session.run(feeds)
    after?.(out)
  }
  for (let i = 0; i < 3; i++) await once()
  const t0 = performance.now()
  for (let i = 0; i < runs; i++) await once()
  return (performance.now() - t0) / runs
}

/**
 * The same MatMuls alone: each on inputs of its shapes, its result summed so that it is not
 * pruned. The sums are timed on their own too and taken off, leaving MatMul time only.
 */
async function rawMatmulMs(matmuls: { a: number[]; b: number[]; out: number[] }[], threads: number): Promise<number> {
  const rng = new Rng(2)
  const build = (withMatmul: boolean) => {
    const graph = new Graph('raw_matmul')
    const feeds: Record<string, ort.Tensor> = {}
    const sums = matmuls.map((m, i) => {
      if (withMatmul) {
        feeds[`a${i}`] = random(m.a, rng)
        feeds[`b${i}`] = random(m.b, rng)
        return op.sumAll(op.matmul(graph.input(`a${i}`, 'float32', m.a), graph.input(`b${i}`, 'float32', m.b)))
      }
      // An input shaped like the product, summed directly: the cost of the sum without the product.
      feeds[`p${i}`] = random(m.out, rng)
      return op.sumAll(graph.input(`p${i}`, 'float32', m.out))
    })
    graph.output(sums.reduce((x, y) => op.add(x, y)), 'total')
    return { bytes: graph.toBytes(), feeds }
  }
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const }
  const times: number[] = []
  for (const withMatmul of [true, false]) {
    const { bytes, feeds } = build(withMatmul)
    const session = await ort.InferenceSession.create(bytes, options)
    times.push(await meanMs(session, feeds))
    await session.release()
  }
  return times[0] - times[1]
}

async function stepMs(bytes: Uint8Array, threads: number): Promise<number> {
  const def = transformerModel(SPEC)
  const model = buildTrainStep(def, { optimizer: OPTIMIZER, clipNorm: 1 })
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' })
  const rng = new Rng(1)
  const tokens = () => new ort.Tensor('int64', BigInt64Array.from({ length: TOKENS }, () => BigInt(rng.int(SPEC.vocab))), [SPEC.batch!, SPEC.context])
  const init = initTransformer(def.params, SPEC, rng)
  const feeds: Record<string, ort.Tensor> = { x: tokens(), y: tokens(), lr: new ort.Tensor('float32', Float32Array.from([1e-3]), []), t: new ort.Tensor('float32', Float32Array.from([1]), []) }
  def.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i] as Float32Array, p.shape)))
  for (const c of model.carried.slice(def.params.length)) feeds[c.input] = new ort.Tensor('float32', new Float32Array(count(c.shape)), c.shape)
  const ms = await meanMs(session, feeds, (out) => {
    for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
  })
  await session.release()
  return ms
}

/** The whole trainer on a generated text: batches drawn in JS, the loop, the metrics. */
async function trainerTokensPerSecond(dataset: string, threads: number): Promise<{ tokensPerSecond: number; finalValPerplexity: number }> {
  const steps = 30
  let started = 0
  let perplexity = NaN
  const ctx: TrainContext = {
    job: {
      runId: 0, trainer: 'char-lm', datasetPath: dataset, workDir: path.dirname(dataset), providers: ['cpu'],
      config: { 'model.layers': SPEC.layers, 'model.heads': SPEC.heads, 'model.width': SPEC.width, 'model.context': SPEC.context, 'data.batch_size': SPEC.batch!, 'regularization.dropout': 0, 'optimizer.clip_norm': 1, 'training.steps': steps, 'training.eval_every': steps, 'diagnostics.every': 0, 'sample.length': 0, 'runtime.threads': threads }
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
    const flops = matmuls.reduce((a, m) => a + m.flops, 0)
    const runs = []
    for (const threads of THREADS) {
      const ms = await stepMs(bytes, threads)
      const rawMs = await rawMatmulMs(matmuls, threads)
      const trainer = await trainerTokensPerSecond(dataset, threads)
      runs.push({
        threads,
        stepMs: +ms.toFixed(2),
        stepTokensPerSecond: Math.round(TOKENS / (ms / 1000)),
        trainerTokensPerSecond: trainer.tokensPerSecond,
        stepMatmulGflops: +(flops / ms / 1e6).toFixed(2),
        rawMatmulMs: +rawMs.toFixed(2),
        rawMatmulGflops: +(flops / rawMs / 1e6).toFixed(2),
        fractionOfRawMatmul: +(rawMs / ms).toFixed(3),
        trainerFractionOfRawMatmul: +((trainer.tokensPerSecond * rawMs) / 1000 / TOKENS).toFixed(3),
        trainerFinalValPerplexity: trainer.finalValPerplexity
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
