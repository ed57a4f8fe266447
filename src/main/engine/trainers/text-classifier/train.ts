import { learningRate, PlateauTracker } from '../../../../shared/schedules'
import { permutation, Rng } from '../../random'
import { initParams } from '../../onnx/init'
import { mlpDropoutMasks, type MlpSpec } from '../../onnx/mlp-graph'
import { BatchStepper } from '../common/batch-stepper'
import { reportCounts, setUpFineTuning } from '../common/finetune-setup'
import { RunCheckpoints } from '../common/run-checkpoints'
import { withRowCapacity } from '../common/sparse-rows'
import { openTrainSessions } from '../common/train-sessions'
import { Evaluator } from '../common/evaluator'
import { EarlyStopper, GradientWindow, replayEvaluations, reportStep } from '../common/monitor'
import { streamSeed, stretchSeed } from '../common/seeds'
import { outcome, type TrainContext, type TrainFunction, type TrainOutcome } from '../protocol'
import { msg } from '../../../../shared/messages'
import { codedLogLine } from '../../../../shared/messages/log-lines'
import { TextBatches } from './batches'
import { buildTextClassifierEval, textClassifierModel, type TextClassifierSpec } from './model'
import { readTextClassifierSettings } from './settings'
import { loadTextData, type TextClassifierModelMeta } from './setup'

const YIELD_MS = 50

/** Micro-batches of one epoch as [start, rows], grouped k at a time into optimizer steps. */
function plan(rows: number, batchSize: number, k: number): [number, number][][] {
  const micro: [number, number][] = []
  for (let start = 0; start < rows; start += batchSize) micro.push([start, Math.min(batchSize, rows - start)])
  return Array.from({ length: Math.ceil(micro.length / k) }, (_, i) => micro.slice(i * k, (i + 1) * k))
}

export const trainTextClassifier: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readTextClassifierSettings(ctx.job.config, ctx.job.providers)
  const data = await loadTextData(ctx, s)
  const { train, val } = data
  const head: MlpSpec = { features: s.embeddingSize, hidden: s.hidden, layers: s.layers, classes: data.classes.length, activation: s.activation, dtype: 'float32', dropout: s.dropout }
  const spec: TextClassifierSpec = { buckets: s.ngrams.buckets, slots: data.slots, head }
  const setup = setUpFineTuning<TextClassifierModelMeta>({
    trainer: 'text-classifier',
    def: textClassifierModel(spec),
    finetune: s.finetune,
    optimizer: s.optimizer,
    job: ctx.job,
    // The embedding starts like a weight of fan-in `embedding size`: He for ReLU/GELU heads, Xavier otherwise.
    init: (base) => initParams(base, s.activation, new Rng(streamSeed(s.seed, 'init')), 'float32') as Float32Array[],
    loraSeed: streamSeed(s.seed, 'lora'),
    unit: 'epoch',
    log: (l) => ctx.log(l)
  })
  const { tuned, resumed } = setup
  const k = s.accumulation
  // A batch names at most batch × slots rows besides padding; sparse steps pay off well below the table size.
  const capacity = s.batchSize * data.slots + 1
  const sparse = s.sparseEmbedding && k === 1 && capacity * 2 <= spec.buckets && tuned.def.params.some((p) => p.name === 'embedding') ? { param: 'embedding', ids: 'x', capacity } : undefined
  const def = sparse ? withRowCapacity(tuned.def, sparse) : tuned.def
  const modelMeta: TextClassifierModelMeta = { spec: { ...spec, head: { ...head, dropout: 0 } }, classes: data.classes, ngrams: s.ngrams }
  const checkpoints = new RunCheckpoints(ctx, { trainer: 'text-classifier', metric: s.earlyStopping.metric, unit: 'epoch', finetune: s.finetune, optimizer: s.optimizer, tuned, model: modelMeta }, resumed)
  const { model, opened, open, accumulate, diagnosed, diagnostic, release } = await openTrainSessions(def, s, ctx.job.providers, (l) => ctx.log(l))
  try {
    const evalSession = await open(buildTextClassifierEval(spec))
    const steps = plan(train.rows, s.batchSize, k)
    const totalSteps = steps.length * s.epochs
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps, seed: s.seed })
    const hiddenText = s.layers ? `${new Array<number>(s.layers).fill(s.hidden).join('-')}-` : ''
    ctx.log(
      codedLogLine(
        msg('log.textModel', {
          buckets: s.ngrams.buckets,
          size: s.embeddingSize,
          slots: data.slots,
          head: `${s.embeddingSize}-${hiddenText}${data.classes.length}`,
          counts: reportCounts(ctx, tuned, resumed !== undefined),
          train: train.rows,
          val: val.rows,
          classes: data.classes.length,
          optimizer: s.optimizer.name,
          sparse: sparse ? msg('log.sparse', { capacity }) : '',
          steps: totalSteps,
          device: opened.device
        })
      )
    )
    const masks = mlpDropoutMasks(head).map((m) => ({ ...m, p: s.dropout }))
    const stepper = new BatchStepper(model, { step: opened.session, diagnostic, accumulate }, { ...setup.stepper, sparse })
    const batches = new TextBatches(train, data.slots, masks)
    const evaluator = new Evaluator(evalSession, val, { task: 'classification', features: data.slots, targetStd: 1 })
    const window = new GradientWindow(diagnosed?.diagnostics ?? [], s.diagnostics.window)
    const stopper = new EarlyStopper(s.earlyStopping)
    const plateau = s.schedule.name === 'plateau' ? new PlateauTracker(s.schedule) : null
    replayEvaluations(checkpoints.history, plateau, stopper)

    let step = resumed?.step ?? 0
    let lastYield = Date.now()
    for (let epoch = (resumed?.epoch ?? 0) + 1; epoch <= s.epochs; epoch++) {
      // Each epoch draws its order and masks from streams of its own, so a resume at an epoch boundary repeats exactly.
      const order = permutation(train.rows, new Rng(stretchSeed(s.seed, 'order', epoch)))
      batches.reseedMasks(stretchSeed(s.seed, 'dropout', epoch))
      stepper.reseedMasks(stretchSeed(s.seed, 'loraMask', epoch))
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
        const diverged = reportStep(ctx, window, step, lr, r)
        if (diverged) return { status: 'diverged', message: diverged }
        ctx.progress(step, totalSteps)
        correct += r.correct
      }
      const v = await evaluator.run(checkpoints.evalParams(stepper.params()))
      for (const [name, value] of Object.entries(v)) ctx.metric(name, step, value)
      ctx.metric('train/accuracy', step, correct / train.rows)
      if (!Number.isFinite(v['val/loss'])) return outcome('diverged', msg('reasons.divergedAfterEpoch', { value: String(v['val/loss']), epoch, step }))
      checkpoints.save(stepper.tensors(), epoch, step, v)
      plateau?.observe(v['val/loss'])
      const reason = stopper.observe(v, msg('log.atEpoch', { epoch }))
      if (reason) {
        ctx.log(codedLogLine(reason))
        return outcome('finished', reason)
      }
    }
    return { status: 'finished' }
  } finally {
    await checkpoints.flush()
    await release()
  }
}
