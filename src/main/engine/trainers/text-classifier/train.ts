import type * as ort from 'onnxruntime-node'
import { AppError } from '../../../../shared/errors'
import { learningRate, PlateauTracker } from '../../../../shared/schedules'
import { permutation, Rng } from '../../datasets/random'
import { initParams } from '../../onnx/init'
import { mlpDropoutMasks, type MlpSpec } from '../../onnx/mlp-graph'
import { paramGroups } from '../../onnx/optimizers'
import { openSession, resolveProvider } from '../../onnx/session'
import { buildAccumulateStep, buildTrainStep } from '../../onnx/train-step'
import { Evaluator } from '../mlp/evaluate'
import { EarlyStopper, GradientWindow } from '../mlp/monitor'
import { BatchStepper } from '../common/batch-stepper'
import type { TrainContext, TrainFunction, TrainOutcome } from '../protocol'
import { TextBatches } from './batches'
import { holdOutParts, prepareTextData, readTextTable, readVersionTextTable } from './data'
import { buildTextClassifierEval, textClassifierModel, type TextClassifierSpec } from './model'
import { readTextClassifierSettings } from './settings'

/** Distinct seeds per random stream, as the mlp keeps them. */
const INIT_STREAM = 0x1000
const ORDER_STREAM = 0x2000
const DROPOUT_STREAM = 0x3000
const YIELD_MS = 50

/** Micro-batches of one epoch as [start, rows], grouped k at a time into optimizer steps. */
function plan(rows: number, batchSize: number, k: number): [number, number][][] {
  const micro: [number, number][] = []
  for (let start = 0; start < rows; start += batchSize) micro.push([start, Math.min(batchSize, rows - start)])
  return Array.from({ length: Math.ceil(micro.length / k) }, (_, i) => micro.slice(i * k, (i + 1) * k))
}

export const trainTextClassifier: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readTextClassifierSettings(ctx.job.config, ctx.job.providers)
  const { version } = ctx.job
  const source = version
    ? await readVersionTextTable(version, s.text)
    : await (async () => {
        const table = await readTextTable(ctx.job.datasetPath, s.text, s.target)
        return { table, part: holdOutParts(table.labels.length, s.valFraction, s.seed) }
      })()
  const data = prepareTextData(source.table, source.part, s.ngrams)
  const { train, val } = data
  if (data.classes.length < 2 || train.rows < 1 || val.rows < 1) {
    const message = `${train.rows} training and ${val.rows} validation rows of ${data.classes.length} class(es); both parts and two classes are needed`
    throw new AppError('DATASET_INVALID', message, { issues: [{ field: 'data.val_fraction', message }] })
  }
  if (s.batchSize > train.rows) {
    const message = `must be at most the ${train.rows} training rows (got ${s.batchSize})`
    throw new AppError('INVALID_CONFIG', `data.batch_size ${message}`, { issues: [{ field: 'data.batch_size', message }] })
  }
  const head: MlpSpec = { features: s.embeddingSize, hidden: s.hidden, layers: s.layers, classes: data.classes.length, activation: s.activation, dtype: 'float32', dropout: s.dropout }
  const spec: TextClassifierSpec = { buckets: s.ngrams.buckets, slots: data.slots, head }
  const def = textClassifierModel(spec)
  const k = s.accumulation
  const stepOptions = {
    optimizer: s.optimizer,
    groups: paramGroups(def.params, { weightDecay: s.optimizer.weightDecay, layerDecay: s.layerDecay }),
    clipNorm: s.clipNorm,
    accumulate: k > 1
  }
  const model = buildTrainStep(def, stepOptions)
  const choice = resolveProvider(s.device, ctx.job.providers)
  if (choice.reason) ctx.log(choice.reason)
  const opened = await openSession(model.bytes, { provider: choice.provider, threads: s.threads, log: (l) => ctx.log(l) })
  const sessions: ort.InferenceSession[] = [opened.session]
  const open = async (bytes: Uint8Array): Promise<ort.InferenceSession> => {
    const session = (await openSession(bytes, { provider: opened.provider, threads: s.threads })).session
    sessions.push(session)
    return session
  }
  try {
    const evalSession = await open(buildTextClassifierEval(spec))
    const accumulate = k > 1 ? await open(buildAccumulateStep(def).bytes) : null
    const diagnosed = s.diagnostics.every > 0 ? buildTrainStep(def, { ...stepOptions, diagnostics: true }) : null
    const diagnosticStep = diagnosed ? await open(diagnosed.bytes) : null
    const steps = plan(train.rows, s.batchSize, k)
    const totalSteps = steps.length * s.epochs
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps, seed: s.seed })
    const hiddenText = s.layers ? `${new Array<number>(s.layers).fill(s.hidden).join('-')}-` : ''
    ctx.log(
      `text-classifier: ${s.ngrams.buckets} buckets × ${s.embeddingSize}, up to ${data.slots} n-grams a text, head ${s.embeddingSize}-${hiddenText}${data.classes.length}; ` +
        `${train.rows} training / ${val.rows} validation texts, ${data.classes.length} classes, ${s.optimizer.name}, ${totalSteps} steps on ${opened.device}`
    )
    // The embedding starts like a weight of fan-in `embedding size`: He for ReLU/GELU heads, Xavier otherwise.
    const init = initParams(model.params, s.activation, new Rng(s.seed + INIT_STREAM), 'float32') as Float32Array[]
    const masks = mlpDropoutMasks(head).map((m) => ({ ...m, p: s.dropout }))
    const stepper = new BatchStepper(model, { step: opened.session, diagnostic: diagnosticStep, accumulate }, new Map(model.params.map((p, i) => [p.name, init[i]])))
    const batches = new TextBatches(train, data.slots, masks, s.seed + DROPOUT_STREAM)
    const evaluator = new Evaluator(evalSession, val, { task: 'classification', features: data.slots, targetStd: 1 })
    const window = new GradientWindow(diagnosed?.diagnostics ?? [], s.diagnostics.window)
    const stopper = new EarlyStopper(s.earlyStopping)
    const plateau = s.schedule.name === 'plateau' ? new PlateauTracker(s.schedule) : null
    const orderRng = new Rng(s.seed + ORDER_STREAM)

    let step = 0
    let lastYield = Date.now()
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const order = permutation(train.rows, orderRng)
      let correct = 0
      for (const micro of steps) {
        if (Date.now() - lastYield > YIELD_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
        if (ctx.isCancelled()) return { status: 'cancelled' }
        step++
        const lr = learningRate(s.schedule, s.lr, step, totalSteps, plateau?.reductions ?? 0)
        const fill = (j: number) => batches.fill(order, micro[j][0], micro[j][1])
        const r = await stepper.update(micro.length, fill, lr, step, s.diagnostics.every > 0 && step % s.diagnostics.every === 0)
        if (r.diverged) return { status: 'diverged', message: r.diverged }
        ctx.metric('train/loss', step, r.loss)
        ctx.metric('lr', step, lr)
        if (r.diagnostics) {
          const d = window.record(r.diagnostics)
          if (d.nonFinite) return { status: 'diverged', message: `${d.nonFinite} at step ${step}` }
          for (const [name, value] of d.metrics) ctx.metric(name, step, value)
        }
        ctx.progress(step, totalSteps)
        correct += r.correct
      }
      const v = await evaluator.run(stepper.params())
      for (const [name, value] of Object.entries(v)) ctx.metric(name, step, value)
      ctx.metric('train/accuracy', step, correct / train.rows)
      if (!Number.isFinite(v['val/loss'])) return { status: 'diverged', message: `val/loss is ${v['val/loss']} after epoch ${epoch} (step ${step})` }
      plateau?.observe(v['val/loss'])
      const reason = stopper.observe(v, epoch)
      if (reason) {
        ctx.log(reason)
        return { status: 'finished', message: reason }
      }
    }
    return { status: 'finished' }
  } finally {
    for (const session of sessions) await session.release()
  }
}
