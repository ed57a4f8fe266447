import type { AnalysisMethod } from '../../../../shared/schemas/analysis'
import type { MethodContext } from './method-context'
import type { MethodOutput } from './method-output'
import { morrisMethod, sobolMethod } from './methods-design'
import { correlationMethod, fanovaMethod, oatMethod, quantileMethod, surfaceMethod } from './methods-sample'

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
