import { msg, type CodedMessage } from '../../../../shared/messages'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { learningRate, PlateauTracker } from '../../../../shared/schedules'
import { datasetError } from '../../datasets/dataset-error'
import { Rng } from '../../random'
import { buildTransformerEval, buildTransformerLogits, initTransformer, transformerDropoutMasks, transformerModel, type TransformerSpec } from '../../onnx/transformer'
import { BatchStepper } from '../common/batch-stepper'
import { reportCounts, setUpFineTuning } from '../common/finetune-setup'
import { RunCheckpoints } from '../common/run-checkpoints'
import { openTrainSessions } from '../common/train-sessions'
import { EarlyStopper, GradientWindow, replayEvaluations, reportStep } from '../common/monitor'
import { streamSeed, stretchSeed } from '../common/seeds'
import { outcome, type TrainContext, type TrainFunction, type TrainOutcome } from '../protocol'
import { codedLogLine } from '../../../../shared/messages/log-lines'
import { LmBatches } from './batches'
import { encodePrompt } from './corpus'
import { generate, LmEvaluator } from './evaluate'
import { readCharLmSettings } from './settings'
import { readCorpus, type CharLmModelMeta } from './setup'

const YIELD_MS = 50

export const trainCharLm: TrainFunction = async (ctx: TrainContext): Promise<TrainOutcome> => {
  const s = readCharLmSettings(ctx.job.config, ctx.job.providers)
  const corpus = await readCorpus(ctx, s)
  const prompt = s.sample.prompt === '' ? { ids: [corpus.train[0]] } : encodePrompt(s.sample.prompt, corpus.vocab)
  if (prompt.unknown !== undefined) throw datasetError(ctx.job.datasetPath, msg('file.promptCharacter', { char: JSON.stringify(prompt.unknown) }))
  const spec: TransformerSpec = { vocab: corpus.vocab.length, context: s.context, width: s.width, heads: s.heads, layers: s.layers, tiedHead: s.tiedHead, dropout: s.dropout, dtype: 'float32' }
  const setup = setUpFineTuning<CharLmModelMeta>({
    trainer: 'char-lm',
    def: transformerModel(spec),
    finetune: s.finetune,
    optimizer: s.optimizer,
    job: ctx.job,
    init: (base) => initTransformer(base, spec, new Rng(streamSeed(s.seed, 'init'))) as Float32Array[],
    loraSeed: streamSeed(s.seed, 'lora'),
    unit: 'evaluation',
    log: (l) => ctx.log(l)
  })
  const { tuned, resumed } = setup
  const def = tuned.def
  const k = s.accumulation
  const checkpoints = new RunCheckpoints(ctx, { trainer: 'char-lm', metric: 'val/loss', finetune: s.finetune, optimizer: s.optimizer, tuned, model: { spec: { ...spec, dropout: 0 }, vocab: corpus.vocab } }, resumed)
  const { model, opened, open, accumulate, diagnosed, diagnostic, release } = await openTrainSessions(def, s, ctx.job.providers, (l) => ctx.log(l))
  try {
    const evaluator = new LmEvaluator(await open(buildTransformerEval(spec)), corpus.val, s.context, s.evalWindows)
    ctx.started({ provider: opened.provider, device: opened.device, totalSteps: s.steps, seed: s.seed })
    ctx.log(
      codedLogLine(
        msg('log.charModel', {
          layers: s.layers,
          heads: s.heads,
          width: s.width,
          context: s.context,
          head: msg(spec.tiedHead ? 'log.tied' : 'log.untied'),
          counts: reportCounts(ctx, tuned, resumed !== undefined),
          vocab: corpus.vocab.length,
          train: corpus.train.length,
          val: corpus.val.length,
          evaluated: evaluator.tokens,
          optimizer: s.optimizer.name,
          steps: s.steps,
          batch: s.batchSize * k,
          device: opened.device
        })
      )
    )
    const stepper = new BatchStepper(model, { step: opened.session, diagnostic, accumulate }, setup.stepper)
    const masks = { names: transformerDropoutMasks(spec), width: s.width, p: s.dropout }
    const batches = new LmBatches(corpus.train, s.batchSize, s.context, masks)
    const window = new GradientWindow(diagnosed?.diagnostics ?? [], s.diagnostics.window)
    const stopper = new EarlyStopper({ ...s.earlyStopping, metric: 'val/loss' })
    const plateau = s.schedule.name === 'plateau' ? new PlateauTracker(s.schedule) : null
    replayEvaluations(checkpoints.history, plateau, stopper)

    let stopReason: CodedMessage | null = null
    let lastYield = Date.now()
    let evaluations = resumed?.epoch ?? 0
    for (let step = (resumed?.step ?? 0) + 1; step <= s.steps; step++) {
      if (Date.now() - lastYield > YIELD_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve))
        lastYield = Date.now()
      }
      if (ctx.isCancelled()) return { status: 'cancelled' }
      // Windows and masks restart their streams after each evaluation, where checkpoints are taken, so a resume repeats exactly.
      if ((step - 1) % s.evalEvery === 0) {
        const segment = (step - 1) / s.evalEvery
        batches.reseed(stretchSeed(s.seed, 'order', segment), stretchSeed(s.seed, 'dropout', segment))
        stepper.reseedMasks(stretchSeed(s.seed, 'loraMask', segment))
      }
      const lr = learningRate(s.schedule, s.lr, step, s.steps, plateau?.reductions ?? 0)
      const r = await stepper.update(k, () => batches.fill(), lr, step, s.diagnostics.every > 0 && step % s.diagnostics.every === 0)
      const diverged = reportStep(ctx, window, step, lr, r)
      if (diverged) return { status: 'diverged', message: diverged }
      ctx.progress(step, s.steps)
      if (step % s.evalEvery !== 0 && step !== s.steps) continue
      const v = await evaluator.run(checkpoints.evalParams(stepper.params()))
      for (const [name, value] of Object.entries(v)) ctx.metric(name, step, value)
      if (!Number.isFinite(v['val/loss'])) return outcome('diverged', msg('reasons.divergedAtStep', { value: String(v['val/loss']), step }))
      checkpoints.save(stepper.tensors(), ++evaluations, step, v)
      plateau?.observe(v['val/loss'])
      stopReason = stopper.observe(v, msg('log.atStepEvaluation', { step, evaluation: evaluations }))
      if (stopReason) {
        ctx.log(codedLogLine(stopReason))
        break
      }
    }
    if (s.sample.length > 0) {
      const ids = await generate(await open(buildTransformerLogits(spec)), checkpoints.evalParams(stepper.params()), {
        prompt: prompt.ids, length: s.sample.length, temperature: s.sample.temperature, context: s.context, vocab: corpus.vocab.length, seed: streamSeed(s.seed, 'sample')
      })
      const text = [...prompt.ids, ...ids].map((id) => corpus.vocab[id]).join('')
      await writeFile(join(ctx.job.workDir, 'sample.txt'), text)
      const how = s.sample.temperature === 0 ? msg('log.greedy') : msg('log.temperature', { t: s.sample.temperature })
      ctx.log(`${codedLogLine(msg('log.sample', { how, count: ids.length }))}\n${text}`)
    }
    return stopReason ? outcome('finished', stopReason) : { status: 'finished' }
  } finally {
    await checkpoints.flush()
    await release()
  }
}
