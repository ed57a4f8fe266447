import * as ort from 'onnxruntime-node'
import { AppError } from '../../../../shared/errors'
import { permutation, Rng } from '../../datasets/random'
import { initParams } from '../../onnx/init'
import { buildMlpEval, buildMlpTrainStep, type MlpSpec } from '../../onnx/mlp-graph'
import { learningRate } from '../../onnx/schedules'
import { openSession, resolveProvider } from '../../onnx/session'
import type { TrainContext, TrainFunction, TrainOutcome } from '../protocol'
import { prepareData, type Part } from './data'
import { Evaluator } from './evaluate'
import { readSettings } from './settings'

/** Distinct seeds per random stream, so the split, the init and the batch order never share draws. */
const INIT_STREAM = 0x1000
const ORDER_STREAM = 0x2000
/** Longest stretch without yielding to the event loop, so a cancel message is seen promptly. */
const YIELD_MS = 50

/** Input buffers of one batch size, filled in place each step; the tensors wrap them once. */
function batchBuffers(rows: number, features: number): { x: Float32Array; y: BigInt64Array; feeds: { x: ort.Tensor; y: ort.Tensor } } {
  const x = new Float32Array(rows * features)
  const y = new BigInt64Array(rows)
  return { x, y, feeds: { x: new ort.Tensor('float32', x, [rows, features]), y: new ort.Tensor('int64', y, [rows]) } }
}

function fillBatch(part: Part, features: number, order: Uint32Array, start: number, buf: { x: Float32Array; y: BigInt64Array }): void {
  for (let i = 0; i < buf.y.length; i++) {
    const r = order[start + i]
    buf.x.set(part.x.subarray(r * features, (r + 1) * features), i * features)
    buf.y[i] = part.y[r]
  }
}

export const trainMlp: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readSettings(ctx.job.config, ctx.job.providers)
  const data = await prepareData(ctx.job.datasetPath, s.target, s.valFraction, s.seed)
  const { features, train, val } = data
  if (s.batchSize > train.rows) {
    const message = `must be at most the ${train.rows} training rows (got ${s.batchSize})`
    throw new AppError('INVALID_CONFIG', `data.batch_size ${message}`, { issues: [{ field: 'data.batch_size', message }] })
  }
  const spec: MlpSpec = { features, hidden: s.hidden, layers: s.layers, classes: data.classes.length, activation: s.activation, dtype: 'float32' }
  const model = buildMlpTrainStep(spec, s.optimizer)

  const choice = resolveProvider(s.device, ctx.job.providers)
  if (choice.reason) ctx.log(choice.reason)
  const opened = await openSession(model.bytes, { provider: choice.provider, threads: s.threads, log: (l) => ctx.log(l) })
  const evalSession = (await openSession(buildMlpEval(spec), { provider: opened.provider, threads: s.threads })).session
  try {
    const stepsPerEpoch = Math.ceil(train.rows / s.batchSize)
    const totalSteps = stepsPerEpoch * s.epochs
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps, seed: s.seed })
    ctx.log(
      `mlp ${[features, ...new Array<number>(s.layers).fill(s.hidden), data.classes.length].join('-')} (${s.activation}), ` +
        `${train.rows} training / ${val.rows} validation rows, ${s.optimizer.name}, ${totalSteps} steps on ${opened.device}`
    )

    const feeds: Record<string, ort.Tensor> = {}
    const init = initParams(model.params, s.activation, new Rng(s.seed + INIT_STREAM), 'float32')
    model.params.forEach((p, i) => (feeds[p.name] = new ort.Tensor('float32', init[i], p.shape)))
    for (const c of model.carried.slice(model.params.length)) {
      feeds[c.input] = new ort.Tensor('float32', new Float32Array(c.shape.reduce((a, b) => a * b, 1)), c.shape)
    }
    const lrValue = new Float32Array(1)
    const stepValue = new Float32Array(1)
    feeds.lr = new ort.Tensor('float32', lrValue, [])
    feeds.t = new ort.Tensor('float32', stepValue, [])
    const full = batchBuffers(s.batchSize, features)
    const tailRows = train.rows % s.batchSize
    const tail = tailRows ? batchBuffers(tailRows, features) : full
    const evaluator = new Evaluator(evalSession, val, features)
    const paramFeeds = (): Record<string, ort.Tensor> => Object.fromEntries(model.params.map((p) => [p.name, feeds[p.name]]))
    const orderRng = new Rng(s.seed + ORDER_STREAM)

    let step = 0
    let lastYield = Date.now()
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = permutation(train.rows, orderRng)
      let correct = 0
      for (let b = 0; b < stepsPerEpoch; b++) {
        if (Date.now() - lastYield > YIELD_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
        if (ctx.isCancelled()) return { status: 'cancelled' }
        step++
        const buf = b * s.batchSize + s.batchSize > train.rows ? tail : full
        fillBatch(train, features, order, b * s.batchSize, buf)
        const lr = learningRate(s.schedule, s.lr, step, totalSteps)
        lrValue[0] = lr
        stepValue[0] = step
        feeds.x = buf.feeds.x
        feeds.y = buf.feeds.y
        const out = await opened.session.run(feeds)
        const loss = out.loss.data[0] as number
        if (!Number.isFinite(loss)) return { status: 'diverged', message: `train/loss is ${loss} at step ${step}` }
        ctx.metric('train/loss', step, loss)
        // The scheduled value, comparable with the config; the graph computes with its float32 rounding.
        ctx.metric('lr', step, lr)
        ctx.progress(step, totalSteps)
        correct += out.correct.data[0] as number
        // The updated parameters and optimizer state are the next step's inputs, as returned.
        for (const c of model.carried) feeds[c.input] = out[c.output] as ort.Tensor
      }
      const v = await evaluator.run(paramFeeds())
      ctx.metric('val/loss', step, v.loss)
      ctx.metric('val/accuracy', step, v.accuracy)
      ctx.metric('train/accuracy', step, correct / train.rows)
    }
    return { status: 'finished' }
  } finally {
    await opened.session.release()
    await evalSession.release()
  }
}
