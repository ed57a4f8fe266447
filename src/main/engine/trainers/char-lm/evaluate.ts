import * as ort from 'onnxruntime-node'
import { Rng } from '../../random'
import { windows } from './batches'

const CHUNK = 16

/** Validation loss per character over fixed windows, and its perplexity. */
export class LmEvaluator {
  private readonly chunks: { x: ort.Tensor; y: ort.Tensor }[] = []
  readonly tokens: number

  constructor(
    private readonly session: ort.InferenceSession,
    ids: Int32Array,
    context: number,
    maxWindows: number
  ) {
    const w = windows(ids, context, maxWindows)
    for (let start = 0; start < w.count; start += CHUNK) {
      const n = Math.min(CHUNK, w.count - start)
      const slice = (a: BigInt64Array) => new ort.Tensor('int64', a.subarray(start * context, (start + n) * context), [n, context])
      this.chunks.push({ x: slice(w.x), y: slice(w.y) })
    }
    this.tokens = w.count * context
  }

  async run(params: Record<string, ort.Tensor>): Promise<Record<string, number>> {
    let sum = 0
    for (const c of this.chunks) sum += (await this.session.run({ ...params, x: c.x, y: c.y })).loss_sum.data[0] as number
    const loss = sum / this.tokens
    return { 'val/loss': loss, 'val/perplexity': Math.exp(loss) }
  }
}

/**
 * Continues `prompt` by `length` characters through the forward-only logits session: the last
 * `context` ids sit left-aligned in the window (causal attention makes the padding after them
 * irrelevant), and the next id is the arg-max (temperature 0) or a seeded draw from
 * softmax(logits / temperature).
 */
export async function generate(
  session: ort.InferenceSession,
  params: Record<string, ort.Tensor>,
  o: { prompt: number[]; length: number; temperature: number; context: number; vocab: number; seed: number }
): Promise<number[]> {
  const rng = new Rng(o.seed)
  const out = [...o.prompt]
  const x = new BigInt64Array(o.context)
  const feeds = { ...params, x: new ort.Tensor('int64', x, [1, o.context]) }
  for (let i = 0; i < o.length; i++) {
    const window = out.slice(-o.context)
    x.fill(0n)
    window.forEach((id, t) => (x[t] = BigInt(id)))
    const logits = (await session.run(feeds)).logits.data as Float32Array
    const row = logits.subarray((window.length - 1) * o.vocab, window.length * o.vocab)
    out.push(o.temperature === 0 ? argmax(row) : draw(row, o.temperature, rng))
  }
  return out.slice(o.prompt.length)
}

function argmax(row: Float32Array): number {
  let best = 0
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i
  return best
}

function draw(row: Float32Array, temperature: number, rng: Rng): number {
  const top = row[argmax(row)]
  const weights = Array.from(row, (v) => Math.exp((v - top) / temperature))
  let u = rng.next() * weights.reduce((a, b) => a + b, 0)
  for (let i = 0; i < weights.length; i++) if ((u -= weights[i]) < 0) return i
  return weights.length - 1
}
