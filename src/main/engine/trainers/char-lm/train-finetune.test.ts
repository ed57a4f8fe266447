import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Config } from '../../../../shared/api'
import { AppError } from '../../../../shared/errors'
import { readCheckpoint } from '../../onnx/checkpoint'
import { checkpointPath, type TrainingMeta } from '../common/checkpoints'
import { lastOf, recordTraining, resuming, seriesOf, startingFrom, tensorsOf, type Recorded } from '../common/testing'
import type { TrainerJob } from '../protocol'
import { windows } from './batches'
import { buildCorpus, readTextParts } from './corpus'
import { exportCharLm } from './export'
import { grammarText, swappedGrammarText } from './sample-text'
import type { CharLmModelMeta } from './setup'
import { trainCharLm } from './train'

const train = (path: string, config: Config, extra: Partial<TrainerJob> = {}, cancelAfter = Infinity) => recordTraining(trainCharLm, 'char-lm', path, config, extra, cancelAfter)

const small: Config = {
  'model.layers': 2,
  'model.heads': 2,
  'model.width': 32,
  'model.context': 32,
  'data.batch_size': 16,
  'regularization.dropout': 0,
  'optimizer.lr': 0.004,
  'optimizer.clip_norm': 1,
  'training.steps': 240,
  'training.eval_every': 80,
  'training.eval_windows': 32,
  'diagnostics.every': 0,
  'sample.length': 0
}
const lora: Config = { ...small, 'lora.rank': 4, 'lora.alpha': 8, 'optimizer.lr': 0.01, 'training.steps': 200, 'training.eval_every': 100 }

let original = ''
let swapped = ''
let pretrained: Recorded
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), 'paramscope-charlm-ft-'))
  original = join(dir, 'grammar.txt')
  swapped = join(dir, 'swapped.txt')
  await writeFile(original, grammarText(1500, 11))
  await writeFile(swapped, swappedGrammarText(1500, 12))
  pretrained = await train(original, small)
})

/** Summed next-character cross-entropy of the exported model over the windows the run validated on, per character. */
async function exportedValLoss(r: Recorded, path: string, config: Config): Promise<{ loss: number; recorded: number }> {
  const ckpt = checkpointPath(r.workDir, 'best')
  const { meta } = readCheckpoint<TrainingMeta<CharLmModelMeta>>(ckpt)
  const corpus = buildCorpus(await readTextParts(path, 0.1), { vocab: meta.model.vocab, from: 'the test' })
  const [context, v] = [Number(config['model.context']), meta.model.vocab.length]
  const w = windows(corpus.val, context, Number(config['training.eval_windows']))
  const session = await ort.InferenceSession.create(exportCharLm(ckpt).bytes)
  const logits = (await session.run({ x: new ort.Tensor('int64', w.x, [w.count, context]) })).logits.data as Float32Array
  await session.release()
  let sum = 0
  for (let i = 0; i < w.count * context; i++) {
    const row = logits.subarray(i * v, (i + 1) * v)
    const top = Math.max(...row)
    const lse = top + Math.log(row.reduce((a, b) => a + Math.exp(b - top), 0))
    sum += lse - row[Number(w.y[i])]
  }
  return { loss: sum / (w.count * context), recorded: meta.metrics['val/loss'] }
}

describe('char-lm LoRA fine-tuning', () => {
  it('trains rank-4 adapters on a new text: under 10% of the parameters, and a lower validation loss than the pretrained model', async () => {
    const before = await train(swapped, { ...lora, 'optimizer.lr': 1e-12, 'training.steps': 1 }, startingFrom(pretrained))
    const tuned = await train(swapped, lora, startingFrom(pretrained))
    expect(tuned.outcome).toEqual({ status: 'finished' })
    const [trainable, total, ratio] = ['trainable', 'total', 'trainable_ratio'].map((n) => seriesOf(tuned, `params/${n}`)[0].value)
    // Adapters on wq and wv of 2 blocks: 4 × (32·4 + 4·32) = 1024 of the base's 26 880 (vocabulary 20, tied head) + 1024.
    expect([trainable, total]).toEqual([1024, 26880 + 1024])
    expect(ratio).toBeLessThan(0.1)
    expect(tuned.logs.join('\n')).toMatch(/LoRA on block0\.attn\.wq, block0\.attn\.wv, block1\.attn\.wq, block1\.attn\.wv/)
    const [pre, post] = [lastOf(before, 'val/loss'), lastOf(tuned, 'val/loss')]
    // Measured: the pretrained model scores 0.25 on its own text and 1.73 on this one; 200 LoRA steps bring it to 0.28.
    expect(post).toBeLessThan(pre * 0.6)
    // The base stays as loaded; the adapters moved.
    const [start, end] = [tensorsOf(pretrained.workDir, 'best'), tensorsOf(tuned.workDir, 'latest')]
    for (const name of ['tok_emb', 'block0.attn.wq', 'block1.mlp.fc1']) expect(end.get(name), name).toEqual(start.get(name))
    expect(Math.max(...end.get('block1.attn.wv.lora_b')!.map(Math.abs))).toBeGreaterThan(0)
    // The export merges the adapters and reproduces the recorded validation loss.
    const exported = await exportedValLoss(tuned, swapped, lora)
    expect(exported.loss).toBeCloseTo(exported.recorded, 4)
  })

  it('freezes by layer name and records what trained', async () => {
    const r = await train(swapped, { ...small, 'training.steps': 20, 'training.eval_every': 20, 'finetune.freeze': 'embedding, block0' }, startingFrom(pretrained))
    const [start, end] = [tensorsOf(pretrained.workDir, 'best'), tensorsOf(r.workDir, 'latest')]
    for (const name of ['tok_emb', 'pos_emb', 'block0.attn.wk']) expect(end.get(name), name).toEqual(start.get(name))
    expect(end.get('block1.attn.wk')).not.toEqual(start.get('block1.attn.wk'))
    expect(end.has('block0.attn.wk.m')).toBe(false)
    // Frozen: tok_emb 20·32 + pos_emb 32·32 + one block of 12 576.
    expect(seriesOf(r, 'params/trainable')[0].value).toBe(26880 - 640 - 1024 - 12576)
  })

  it('refuses a checkpoint of another shape or vocabulary, naming the tensor or the character', async () => {
    const err = await train(original, { ...small, 'model.width': 16 }, startingFrom(pretrained)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).message).toBe('finetune.from_run: tensor tok_emb has shape [20, 32] in run 1 but [20, 16] in this config')
    const other = join(await mkdtemp(join(tmpdir(), 'paramscope-charlm-ft-')), 'other.txt')
    await writeFile(other, grammarText(400, 3).replace(/cat/g, 'cow'))
    const vocab = await train(other, small, startingFrom(pretrained)).catch((e: unknown) => e)
    expect((vocab as AppError).details?.issues).toEqual([{ field: 'finetune.from_run', message: 'the character "w" is not in the 20-character vocabulary of run 1' }])
  })

  it('resumes a cancelled run at its latest checkpoint and ends where an uninterrupted run ends', async () => {
    const config = { ...small, 'training.steps': 60, 'training.eval_every': 20, 'regularization.dropout': 0.1, 'lora.rank': 2, 'lora.dropout': 0.1 }
    const whole = await train(original, config, startingFrom(pretrained))
    const cut = await train(original, config, startingFrom(pretrained), 30)
    expect(cut.outcome.status).toBe('cancelled')
    const resumed = await train(original, config, { ...startingFrom(pretrained), ...resuming(cut) })
    expect(resumed.logs.join('\n')).toMatch(/resuming from the checkpoint of step 20 \(evaluation 1\)/)
    expect(seriesOf(resumed, 'train/loss')).toEqual(seriesOf(whole, 'train/loss').filter((m) => m.step > 20))
    expect(seriesOf(resumed, 'val/loss')).toEqual(seriesOf(whole, 'val/loss').slice(1))
    expect(seriesOf(resumed, 'params/total')).toEqual([])
  })
})
