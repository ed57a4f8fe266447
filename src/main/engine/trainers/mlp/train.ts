import type * as ort from 'onnxruntime-node'
import { AppError } from '../../../../shared/errors'
import { learningRate, PlateauTracker } from '../../../../shared/schedules'
import { permutation, Rng } from '../../datasets/random'
import { initParams } from '../../onnx/init'
import { buildMlpAccumulate, buildMlpEval, buildMlpTrainStep, mlpDropoutMasks, mlpParams, type MlpSpec } from '../../onnx/mlp-graph'
import { paramGroups } from '../../onnx/optimizers'
import { openSession, resolveProvider } from '../../onnx/session'
import type { TrainContext, TrainFunction, TrainOutcome } from '../protocol'
import { prepareData, prepareVersionData } from './data'
import { Evaluator } from './evaluate'
import { EarlyStopper, GradientWindow } from './monitor'
import { readSettings } from './settings'
import { Stepper } from './stepper'

/** Distinct seeds per random stream, so the split, the init, the batch order and the masks never share draws. */
const INIT_STREAM = 0x1000
const ORDER_STREAM = 0x2000
const DROPOUT_STREAM = 0x3000
/** Longest stretch without yielding to the event loop, so a cancel message is seen promptly. */
const YIELD_MS = 50

/** Micro-batches of one epoch as [start, rows], grouped k at a time into optimizer steps. */
function plan(rows: number, batchSize: number, k: number): [number, number][][] {
  const micro: [number, number][] = []
  for (let start = 0; start < rows; start += batchSize) micro.push([start, Math.min(batchSize, rows - start)])
  const steps: [number, number][][] = []
  for (let i = 0; i < micro.length; i += k) steps.push(micro.slice(i, i + k))
  return steps
}

export const trainMlp: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readSettings(ctx.job.config, ctx.job.providers)
  const { version } = ctx.job
  if (version) ctx.log(`dataset version ${version.versionId}: ${version.task} of "${version.target}" on ${version.features.length} features, hold-out seeded ${version.split.seed}`)
  const data = version ? await prepareVersionData(version) : await prepareData(ctx.job.datasetPath, s.target, s.valFraction, s.seed, s.task)
  const { features, train, val } = data
  if (s.batchSize > train.rows) {
    const message = `must be at most the ${train.rows} training rows (got ${s.batchSize})`
    throw new AppError('INVALID_CONFIG', `data.batch_size ${message}`, { issues: [{ field: 'data.batch_size', message }] })
  }
  const needs = { 'val/accuracy': 'classification', 'val/rmse': 'regression' } as Record<string, string>
  if (s.earlyStopping.patience > 0 && needs[s.earlyStopping.metric] && needs[s.earlyStopping.metric] !== data.task) {
    const message = `${s.earlyStopping.metric} is not measured in ${data.task}; use val/loss or a ${data.task} metric`
    throw new AppError('INVALID_CONFIG', `early_stopping.metric ${message}`, { issues: [{ field: 'early_stopping.metric', message }] })
  }
  const spec: MlpSpec = {
    features,
    hidden: s.hidden,
    layers: s.layers,
    classes: data.outputs,
    activation: s.activation,
    dtype: 'float32',
    task: data.task,
    dropout: s.dropout
  }
  const k = s.accumulation
  const stepOptions = {
    groups: paramGroups(mlpParams(spec), { weightDecay: s.optimizer.weightDecay, layerDecay: s.layerDecay }),
    clipNorm: s.clipNorm,
    accumulate: k > 1
  }
  const model = buildMlpTrainStep(spec, s.optimizer, stepOptions)

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
    const evalSession = await open(buildMlpEval(spec))
    const accumulate = k > 1 ? await open(buildMlpAccumulate(spec).bytes) : null
    const diagnosed = s.diagnostics.every > 0 ? buildMlpTrainStep(spec, s.optimizer, { ...stepOptions, diagnostics: true }) : null
    const diagnosticStep = diagnosed ? await open(diagnosed.bytes) : null
    const steps = plan(train.rows, s.batchSize, k)
    const totalSteps = steps.length * s.epochs
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps, seed: s.seed })
    ctx.log(
      `mlp ${[features, ...new Array<number>(s.layers).fill(s.hidden), data.outputs].join('-')} (${s.activation}${s.dropout ? `, dropout ${s.dropout}` : ''}) for ${data.task}, ` +
        `${train.rows} training / ${val.rows} validation rows, ${s.optimizer.name}${k > 1 ? ` over ${k} micro-batches` : ''}, ${totalSteps} steps on ${opened.device}`
    )
    const init = initParams(model.params, s.activation, new Rng(s.seed + INIT_STREAM), 'float32') as Float32Array[]
    const masks = mlpDropoutMasks(spec).map((m) => ({ ...m, p: s.dropout }))
    const stepper = new Stepper(model, opened.session, diagnosticStep, accumulate, train, features, masks, init, s.seed + DROPOUT_STREAM)
    const evaluator = new Evaluator(evalSession, val, data)
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
        const withDiagnostics = s.diagnostics.every > 0 && step % s.diagnostics.every === 0
        const r = await stepper.update(order, micro, lr, step, withDiagnostics)
        if (r.diverged) return { status: 'diverged', message: r.diverged }
        ctx.metric('train/loss', step, r.loss)
        // The scheduled value, comparable with the config; the graph computes with its float32 rounding.
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
      if (data.task === 'classification') ctx.metric('train/accuracy', step, correct / train.rows)
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
