import type { ModelDefinition, ParamInfo } from './train-step'

/**
 * Freezing by name pattern, over any model definition: a frozen parameter leaves the training
 * graph's parameter list, so it gets no gradient, no optimizer state and no update; the model
 * still reads it, as an input fed once (`constantInputs`).
 */

/** A pattern that does not compile, with the reason, for a field issue. */
export class PatternError extends Error {}

const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)

/**
 * Compiles a layer-name pattern: a comma-separated list of globs (`*`, `?`) matched against a
 * parameter's whole name (`layer0.weight`) or its layer (`layer0`), and of regular expressions
 * between slashes (`/^layer[01]\./`), searched in both. A regex holding a comma must be the
 * whole pattern. Empty matches nothing.
 */
export function compilePattern(pattern: string): (p: Pick<ParamInfo, 'name' | 'layer'>) => boolean {
  const text = pattern.trim()
  const isRegex = (item: string): boolean => item.length >= 2 && item.startsWith('/') && item.endsWith('/')
  const items = isRegex(text) ? [text] : text.split(',').map((g) => g.trim()).filter(Boolean)
  const tests = items.map((item): RegExp => {
    if (!isRegex(item)) return globToRegExp(item)
    try {
      return new RegExp(item.slice(1, -1))
    } catch (err) {
      throw new PatternError(`${item} is not a valid regular expression (${(err as Error).message})`)
    }
  })
  return (p) => tests.some((re) => re.test(p.name) || re.test(p.layer))
}

/** Names of the parameters a pattern freezes. */
export function matchParams(params: ParamInfo[], pattern: string): Set<string> {
  const test = compilePattern(pattern)
  return new Set(params.filter(test).map((p) => p.name))
}

/** `def` with the `frozen` parameters turned into constant inputs; the rest stay trainable. */
export function freezeModel(def: ModelDefinition, frozen: ReadonlySet<string>): ModelDefinition {
  if (frozen.size === 0) return def
  const trainable = def.params.filter((p) => !frozen.has(p.name))
  if (trainable.length === 0) throw new PatternError(`it freezes every parameter of the ${def.name} model; leave at least one trainable`)
  return {
    name: def.name,
    dtype: def.dtype,
    params: trainable,
    constantInputs: [...(def.constantInputs ?? []), ...def.params.filter((p) => frozen.has(p.name))],
    forward(graph, params) {
      let k = 0
      const all = def.params.map((p) => (frozen.has(p.name) ? graph.input(p.name, def.dtype, p.shape) : params[k++]))
      return def.forward(graph, all)
    }
  }
}

export const sizeOfParam = (p: Pick<ParamInfo, 'shape'>): number => p.shape.reduce((a, b) => a * b, 1)

/** Trainable and total parameter counts and their ratio, as a run records them. */
export function parameterCounts(trainable: ParamInfo[], all: ParamInfo[]): { trainable: number; total: number; ratio: number } {
  const count = (ps: ParamInfo[]): number => ps.reduce((n, p) => n + sizeOfParam(p), 0)
  const total = count(all)
  return { trainable: count(trainable), total, ratio: total > 0 ? count(trainable) / total : 0 }
}
