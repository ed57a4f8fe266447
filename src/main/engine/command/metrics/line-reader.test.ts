import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LineMetricReader } from './line-reader'
import { MetricMerger } from './merger'

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8')
const read = (text: string, channel: 'stdout' | 'stderr' = 'stdout') => {
  const r = new LineMetricReader(channel)
  return [...r.feed(text), ...r.end()]
}

describe('LineMetricReader', () => {
  it('reads the prefixed JSON line in both forms', () => {
    expect(read('paramscope: {"step": 10, "loss": 0.4, "acc": 0.9}\n[rank0]: paramscope: {"name": "val/loss", "value": 0.5, "step": 12}\nmyparamscope: {"step": 1, "x": 1}\n')).toEqual([
      { name: 'loss', value: 0.4, step: 10, channel: 'stdout' },
      { name: 'acc', value: 0.9, step: 10, channel: 'stdout' },
      { name: 'val/loss', value: 0.5, step: 12, channel: 'stdout' }
    ])
  })

  it('reads name=value and name: value pairs, a step value setting the step of what follows', () => {
    const points = read('epoch: 1 step=20 loss=0.3\nval_acc: 0.81\nstep=30, loss=0.25; lr=1e-4\n  - loss: 0.2 - accuracy: 0.9\n', 'stderr')
    expect(points).toEqual([
      { name: 'epoch', value: 1, step: 20, channel: 'stderr' },
      { name: 'loss', value: 0.3, step: 20, channel: 'stderr' },
      { name: 'val_acc', value: 0.81, step: 20, channel: 'stderr' },
      { name: 'loss', value: 0.25, step: 30, channel: 'stderr' },
      { name: 'lr', value: 1e-4, step: 30, channel: 'stderr' },
      { name: 'loss', value: 0.2, step: 30, channel: 'stderr' },
      { name: 'accuracy', value: 0.9, step: 30, channel: 'stderr' }
    ])
  })

  it('counts each series’ points when no step was ever given, and reads nan and inf', () => {
    const points = read('loss=0.5\nloss=0.4\nloss=nan acc=inf\n')
    expect(points.map((p) => [p.name, p.step])).toEqual([['loss', 0], ['loss', 1], ['loss', 2], ['acc', 0]])
    expect(points[2]!.value).toBeNaN()
    expect(points[3]!.value).toBe(Infinity)
  })

  it('yields nothing from lines that only look like metrics', () => {
    const junk = [
      'INFO: x=1 is deprecated',
      'WARNING:root:lr=0.1 will be ignored',
      'Downloading https://example.com/file?id=3&rev=2',
      'see http://host:8080/x=1',
      ' 45%|████▌     | 45/100 [00:03<00:04, 12.3it/s, loss=0.53]',
      'Epoch 1:  30%|███       | 3/10 [00:01<00:02,  2.95it/s, v_num=0, train_loss=0.412]',
      '\r 10%|█         | 1/10 [00:00<00:05, 1.7s/it]',
      'time: 12:30:01',
      'version=1.2.3',
      '--lr=0.1',
      'Saving model checkpoint to ./out/checkpoint-500',
      "{'config': 'bert', 'note': None}",
      '{"not": "closed"',
      'paramscope: not json',
      'accuracy: 85%',
      'loss = 0.3 (best so far)',
      '2024-01-01 12:00:00,123 - INFO - loss=0.3',
      "Some weights of BertForSequenceClassification were not initialized from the model checkpoint at bert-base-uncased and are newly initialized: ['classifier.bias', 'classifier.weight']",
      '***** Running training *****',
      '  Num examples = 96',
      '  Total optimization steps = 36',
      'Epoch 0: 100%|██████████| 32/32 [00:00<00:00, 90.1it/s, v_num=0, train_loss=0.3]',
      '32/32 [==============================] - 0s 2ms/step - loss: 0.6 - accuracy: 0.7',
      'trainable params: 1,024 || all params: 4,200 || trainable%: 24.38',
      'Using device: cuda:0',
      'warnings.warn(f"x={x}")'
    ]
    expect(read(junk.join('\n'))).toEqual([])
  })

  it('keeps only what a carriage return left on screen and strips colour codes', () => {
    expect(read('step=1 loss=9\rstep=2 loss=0.5\n\x1b[32mstep=3 loss=0.4\x1b[0m\n').map((p) => [p.step, p.value])).toEqual([[2, 0.5], [3, 0.4]])
  })

  it('reads Windows line ends, even with the \\r\\n cut between chunks', () => {
    const r = new LineMetricReader('stdout')
    expect(r.feed('step=1 loss=0.5\r\nstep=2 loss=0.4\r')).toEqual([{ name: 'loss', value: 0.5, step: 1, channel: 'stdout' }])
    expect(r.feed('\n')).toEqual([{ name: 'loss', value: 0.4, step: 2, channel: 'stdout' }])
  })

  it('keeps only the last drawing of a bar that never ends its line', () => {
    const r = new LineMetricReader('stderr')
    for (let i = 0; i < 20000; i++) r.feed(`\r ${i % 100}%|####      | ${i}/20000 [00:01<00:02, 99.0it/s]`)
    expect((r as unknown as { rest: string }).rest.length).toBeLessThan(100)
    expect(r.feed("\r{'loss': 0.3}\n")).toEqual([{ name: 'loss', value: 0.3, step: 1, channel: 'hf-log' }])
  })

  it('waits for the rest of a line cut between chunks', () => {
    const r = new LineMetricReader('stdout')
    expect(r.feed('step=5 lo')).toEqual([])
    expect(r.feed('ss=0.1\nstep=6 loss=')).toEqual([{ name: 'loss', value: 0.1, step: 5, channel: 'stdout' }])
    expect(r.end()).toEqual([])
  })

  it('reads a real Hugging Face Trainer’s stdout: one hf-log point per dict value, numbered by training log', () => {
    const merger = new MetricMerger()
    merger.add(read(fixture('hf-trainer-stdout.txt')))
    const series = Object.fromEntries(merger.series().map((s) => [s.name, s]))
    expect(Object.keys(series).sort()).toEqual(
      ['epoch', 'eval_loss', 'eval_runtime', 'eval_samples_per_second', 'eval_steps_per_second', 'grad_norm', 'learning_rate', 'loss', 'train_loss', 'train_runtime', 'train_samples_per_second', 'train_steps_per_second'].sort()
    )
    expect(merger.series().every((s) => s.channel === 'hf-log')).toBe(true)
    // 36 steps at logging_steps=5: 7 training logs; an evaluation each epoch at the step of the log before it.
    expect(series.loss!.points.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6, 7])
    expect(series.loss!.points[0]!.value).toBe(0.6927)
    expect(series.eval_loss!.points).toEqual([
      { step: 2, value: 0.6911 },
      { step: 4, value: 0.6899 },
      { step: 7, value: 0.6894 }
    ])
    expect(series.train_loss!.points).toEqual([{ step: 7, value: 0.6905 }])
    expect(series.learning_rate!.points[5]!.value).toBe(9.722e-5)
  })

  it('reads the same series from the Trainer with its progress bars off', () => {
    const withBars = new MetricMerger()
    withBars.add(read(fixture('hf-trainer-stdout.txt')))
    const plain = new MetricMerger()
    plain.add(read(fixture('hf-trainer-stdout-plain.txt')))
    const shape = (m: MetricMerger) => m.series().map((s) => [s.name, s.channel, s.points.map((p) => p.step)])
    expect(shape(plain)).toEqual(shape(withBars))
    expect(plain.series().find((s) => s.name === 'loss')!.points).toEqual(withBars.series().find((s) => s.name === 'loss')!.points)
  })

  it('takes a global step a dict carries', () => {
    expect(read("{'loss': 0.5, 'step': 40}\n{'eval_loss': 0.6, 'global_step': 40}\n").map((p) => [p.name, p.step, p.channel])).toEqual([
      ['loss', 40, 'hf-log'],
      ['eval_loss', 40, 'hf-log']
    ])
  })
})
