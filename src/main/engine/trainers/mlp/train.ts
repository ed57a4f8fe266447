import type * as ort from 'onnxruntime-node'
import { readCheckpointMeta } from '../../onnx/checkpoint'
import type { TrainingMeta } from '../common/checkpoints'
import { AppError, codedIssue } from '../../../../shared/errors'
import { learningRate, PlateauTracker } from '../../../../shared/schedules'
import { permutation, Rng } from '../../random'
import { buildMlpEval, type MlpSpec } from '../../onnx/mlp-graph'
import { paramGroups } from '../../onnx/optimizers'
import { resolveProvider } from '../../onnx/session'
import { Evaluator } from '../common/evaluator'
import { EarlyStopper, GradientWindow, replayEvaluations, reportStep } from '../common/monitor'
import { RunCheckpoints } from '../common/run-checkpoints'
import { providerFallbackLine } from '../common/train-sessions'
import { stretchSeed } from '../common/seeds'
import { outcome, type TrainContext, type TrainFunction, type TrainOutcome } from '../protocol'
import { msg } from '../../../../shared/messages'
import { codedLogLine } from '../../../../shared/messages/log-lines'
import { prepareData, prepareVersionData, type Inherited } from './data'
import { readSettings } from './settings'
import { modelMeta, setUpModel, type MlpModelMeta } from './setup'
import { openStepSessions } from './step-sessions'
import { RowStepper } from './row-stepper'

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

/** A fine-tuning keeps the encoding its starting weights were trained on (absent in checkpoints that predate it). */
function inheritedEncoding(startFrom: TrainContext['job']['startFrom']): Inherited | undefined {
  if (!startFrom) return undefined
  try {
    const { trainer, meta } = readCheckpointMeta<TrainingMeta<MlpModelMeta>>(startFrom.checkpoint)
    const plan = trainer === 'mlp' ? meta.model?.preprocessing : undefined
    return plan ? { runId: startFrom.runId, plan } : undefined
  } catch {
    // The fine-tuning set-up reads the same checkpoint next and says what is wrong with it.
    return undefined
  }
}

export const trainMlp: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readSettings(ctx.job.config, ctx.job.providers)
  const { version } = ctx.job
  if (version) {
    const split = version.split.kind === 'kfold' ? msg('log.fold', { fold: s.fold, k: version.split.k }) : msg('log.holdout')
    ctx.log(codedLogLine(msg('log.version', { version: version.versionId, task: msg(`task.${version.task}`), target: version.target ?? '', features: version.features.length, split, seed: version.split.seed })))
  }
  const inherited = inheritedEncoding(ctx.job.startFrom)
  const data = version
    ? await prepareVersionData(version, s.fold, s.preprocess, inherited)
    : await prepareData(ctx.job.datasetPath, s.target, s.valFraction, s.seed, s.task, s.preprocess, inherited)
  for (const line of data.preprocessLog ?? []) ctx.log(codedLogLine(line))
  const { features, train, val } = data
  if (s.batchSize > train.rows) {
    const problem = msg('trainer.batchTooLarge', { train: train.rows, batch: s.batchSize })
    throw AppError.coded('INVALID_CONFIG', msg('common.fieldIssue', { field: 'data.batch_size', problem }), { issues: [codedIssue('data.batch_size', problem)] })
  }
  const needs = { 'val/accuracy': 'classification', 'val/rmse': 'regression' } as Record<string, string>
  if (s.earlyStopping.patience > 0 && needs[s.earlyStopping.metric] && needs[s.earlyStopping.metric] !== data.task) {
    const problem = msg('trainer.metricNotMeasured', { metric: s.earlyStopping.metric, task: data.task })
    throw AppError.coded('INVALID_CONFIG', msg('common.fieldIssue', { field: 'early_stopping.metric', problem }), { issues: [codedIssue('early_stopping.metric', problem)] })
  }
  const spec: MlpSpec = { features, hidden: s.hidden, layers: s.layers, classes: data.outputs, activation: s.activation, dtype: 'float32', task: data.task, dropout: s.dropout }
  const setup = setUpModel(s, spec, ctx.job, (l) => ctx.log(l))
  const { tuned } = setup
  const k = s.accumulation
  const stepOptions = {
    optimizer: s.optimizer,
    groups: paramGroups(tuned.def.params, { weightDecay: s.optimizer.weightDecay, layerDecay: s.layerDecay }),
    clipNorm: s.clipNorm
  }

  const choice = resolveProvider(s.device, ctx.job.providers)
  if (choice.reason) ctx.log(providerFallbackLine(s.device))
  const sessions: ort.InferenceSession[] = []
  let checkpoints: RunCheckpoints<MlpModelMeta> | undefined
  try {
    const opened = await openStepSessions(tuned.def, stepOptions, { k, stepsPerRun: s.stepsPerRun, diagnostics: s.diagnostics.every > 0 }, choice.provider, s.threads, sessions, (l) => ctx.log(l))
    const evalSession = await opened.open(buildMlpEval(spec))
    const steps = plan(train.rows, s.batchSize, k)
    const totalSteps = steps.length * s.epochs
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps, seed: s.seed })
    const { counts } = tuned
    ctx.log(
      codedLogLine(
        msg('log.mlpModel', {
          shape: [features, ...new Array<number>(s.layers).fill(s.hidden), data.outputs].join('-'),
          activation: s.activation,
          dropout: s.dropout ? msg('log.dropout', { p: s.dropout }) : '',
          task: msg(`task.${data.task}`),
          train: train.rows,
          val: val.rows,
          optimizer: s.optimizer.name,
          micro: k > 1 ? msg('log.microBatches', { k }) : '',
          steps: totalSteps,
          device: opened.device,
          perRun: s.stepsPerRun > 1 ? msg('log.stepsPerRun', { n: s.stepsPerRun }) : '',
          trainable: counts.trainable,
          total: counts.total,
          percent: `${(100 * counts.ratio).toFixed(2)}%`
        })
      )
    )
    const stepper = new RowStepper({
      model: opened.model, sessions: opened.sessions, part: train, features, masks: setup.masks, values: setup.values, constants: tuned.def.constantInputs ?? [], state: setup.state
    })
    const evaluator = new Evaluator(evalSession, val, data)
    const window = new GradientWindow(opened.diagnostics, s.diagnostics.window)
    const stopper = new EarlyStopper(s.earlyStopping)
    const plateau = s.schedule.name === 'plateau' ? new PlateauTracker(s.schedule) : null
    checkpoints = new RunCheckpoints(
      ctx,
      { trainer: 'mlp', metric: s.earlyStopping.metric, unit: 'epoch', finetune: s.finetune, optimizer: s.optimizer, tuned, model: modelMeta(spec, data) },
      setup.resumed
    )
    replayEvaluations(checkpoints.history, plateau, stopper)
    if (!setup.resumed) {
      ctx.metric('params/trainable', 0, counts.trainable)
      ctx.metric('params/total', 0, counts.total)
      ctx.metric('params/trainable_ratio', 0, counts.ratio)
    }

    let step = setup.resumed?.step ?? 0
    let lastYield = Date.now()
    const full = (micro: [number, number][]): boolean => micro.length === k && micro.every((m) => m[1] === s.batchSize)
    const diagnosed = (n: number): boolean => s.diagnostics.every > 0 && n % s.diagnostics.every === 0
    for (let epoch = (setup.resumed?.epoch ?? 0) + 1; epoch <= s.epochs; epoch++) {
      const order = permutation(train.rows, new Rng(stretchSeed(s.seed, 'order', epoch)))
      stepper.reseedMasks(stretchSeed(s.seed, 'dropout', epoch))
      let correct = 0
      for (let i = 0; i < steps.length; ) {
        if (Date.now() - lastYield > YIELD_MS) {
          await new Promise<void>((resolve) => setImmediate(resolve))
          lastYield = Date.now()
        }
        if (ctx.isCancelled()) return { status: 'cancelled' }
        // A chain takes K whole steps in a row without gradient statistics; anything else runs alone.
        const K = stepper.chainLength
        const group = K > 1 ? steps.slice(i, i + K) : []
        const chained = K > 1 && group.length === K && group.every(full) && !group.some((_, j) => diagnosed(step + 1 + j))
        const lrs = (chained ? group : [steps[i]]).map((_, j) => learningRate(s.schedule, s.lr, step + 1 + j, totalSteps, plateau?.reductions ?? 0))
        const results = chained
          ? await stepper.updateChain(order, group, lrs, step + 1)
          : [await stepper.update(order, steps[i], lrs[0], step + 1, diagnosed(step + 1))]
        for (const [j, r] of results.entries()) {
          step++
          const diverged = reportStep(ctx, window, step, lrs[j], r)
          if (diverged) return { status: 'diverged', message: diverged }
          correct += r.correct
        }
        i += results.length
        ctx.progress(step, totalSteps)
      }
      const v = await evaluator.run(checkpoints.evalParams(stepper.params(tuned.all)))
      for (const [name, value] of Object.entries(v)) ctx.metric(name, step, value)
      if (data.task === 'classification') ctx.metric('train/accuracy', step, correct / train.rows)
      if (!Number.isFinite(v['val/loss'])) return outcome('diverged', msg('reasons.divergedAfterEpoch', { value: String(v['val/loss']), epoch, step }))
      checkpoints.save(stepper.tensors(tuned.all), epoch, step, v)
      plateau?.observe(v['val/loss'])
      const reason = stopper.observe(v, msg('log.atEpoch', { epoch }))
      if (reason) {
        ctx.log(codedLogLine(reason))
        return outcome('finished', reason)
      }
    }
    return { status: 'finished' }
  } finally {
    await checkpoints?.flush()
    for (const session of sessions) await session.release()
  }
}
