import { gradients } from './autodiff'
import { Graph, type DType, type Dim, type Tensor } from './graph'
import { add, mul } from './ops'
import { appendUpdate, declareState, outputState, type Carried, type ModelDefinition, type ParamInfo, type TrainStepOptions } from './train-step'

/**
 * Several optimizer steps in one session run. onnxruntime-node hands every output back to
 * JavaScript, so a one-step graph moves all parameters and optimizer state across that boundary
 * each step; chaining K steps in one graph (an unrolled chain: step j's updated tensors feed
 * step j + 1 inside the graph) pays that once per K steps. Each step reads its own batch
 * inputs, suffixed `@i` for micro-batch i = j·micro + m, its own `lr@j` and `t@j`, and reports
 * `loss@i` and the model's extra outputs as `<name>@i`.
 */

export interface MultiStepOptions extends Omit<TrainStepOptions, 'accumulate' | 'diagnostics'> {
  /** Optimizer steps per run (K). */
  steps: number
  /** Micro-batches per step (gradient accumulation, loss scaled by 1/micro); 1 by default. */
  micro?: number
}

export interface MultiStepModel {
  bytes: Uint8Array
  params: ParamInfo[]
  carried: Carried[]
  steps: number
  micro: number
  /** Names of the model's extra outputs (reported per micro-batch as `<name>@i`). */
  outputs: string[]
}

/** Suffixed name of a batch input or output of micro-batch `i` of a chained graph. */
export const atMicro = (name: string, i: number): string => `${name}@${i}`

/**
 * A graph whose `input` suffixes batch inputs with the current micro-batch, while the inputs that
 * hold across steps (frozen parameters) are declared once and shared.
 */
class ChainGraph extends Graph {
  suffix: number | null = null
  private readonly shared = new Map<string, Tensor>()

  constructor(
    name: string,
    private readonly sharedNames: Set<string>
  ) {
    super(name)
  }

  override input(name: string, dtype: DType, shape: Dim[]): Tensor {
    if (this.sharedNames.has(name)) {
      if (!this.shared.has(name)) this.shared.set(name, super.input(name, dtype, shape))
      return this.shared.get(name)!
    }
    return super.input(this.suffix === null ? name : atMicro(name, this.suffix), dtype, shape)
  }
}

/** K optimizer steps of `def` chained in one graph; K single steps give the same parameters. */
export function buildMultiStep(def: ModelDefinition, options: MultiStepOptions): MultiStepModel {
  const micro = options.micro ?? 1
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new Error(`a chained graph needs 1 step or more, got ${options.steps}`)
  const graph = new ChainGraph(`${def.name}_train_${options.steps}_steps`, new Set((def.constantInputs ?? []).map((p) => p.name)))
  let cur = declareState(graph, def, options.optimizer)
  let outputs: string[] = []
  for (let j = 0; j < options.steps; j++) {
    graph.suffix = null
    const lr = graph.input(atMicro('lr', j), def.dtype, [])
    const t = graph.input(atMicro('t', j), def.dtype, [])
    let grads: Tensor[] = []
    for (let m = 0; m < micro; m++) {
      const i = j * micro + m
      graph.suffix = i
      const f = def.forward(graph, cur.params)
      const g = gradients(f.loss, cur.params)
      // The same arithmetic as the accumulate graph, whose accumulators start at zero: Σ g·(1/k).
      grads = micro === 1 ? g : g.map((gi, p) => (m === 0 ? mul(gi, 1 / micro) : add(grads[p], mul(gi, 1 / micro))))
      graph.output(f.loss, atMicro('loss', i))
      for (const o of f.outputs) graph.output(o.tensor, atMicro(o.name, i))
      outputs = f.outputs.map((o) => o.name)
    }
    graph.suffix = null
    cur = appendUpdate(def, options, cur, grads, lr, t)
  }
  const carried = outputState(graph, def, options.optimizer, cur)
  return { bytes: graph.toBytes(), params: def.params, carried, steps: options.steps, micro, outputs }
}
