import type { AnalysisMethod } from '../../../../shared/schemas/analysis'
import type { MethodOutput } from './method-output'
import { morrisMethod, sobolMethod } from './methods-design'
import { correlationMethod, fanovaMethod, oatMethod, quantileMethod, surfaceMethod } from './methods-sample'
import type { Prepared } from './prepare-table'
import type { Recognised } from './recognise'
import type { Progress } from './job'

export interface MethodContext {
  prepared: Prepared
  recognised: Recognised
  /** Unit-cube coordinates per parameter, and which of them are continuous. */
  unit: Float64Array[]
  continuous: boolean[]
  goal: 'min' | 'max'
  seed: number
  progress: Progress
}

const methods: Record<AnalysisMethod, (ctx: MethodContext) => MethodOutput> = {
  sobol: sobolMethod,
  morris: morrisMethod,
  fanova: fanovaMethod,
  quantile: quantileMethod,
  correlation: correlationMethod,
  oat: oatMethod,
  surface: surfaceMethod
}

export function runMethod(method: AnalysisMethod, ctx: MethodContext): MethodOutput {
  return methods[method](ctx)
}
